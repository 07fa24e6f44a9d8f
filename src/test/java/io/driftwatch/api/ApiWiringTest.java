package io.driftwatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.SeriesEvents;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API's wiring without a broker: reads, the guard when no token is configured, OpenAPI, and the page. */
@QuarkusTest
class ApiWiringTest {

    @Inject
    ObjectMapper json;

    @Inject
    io.driftwatch.monitor.MonitorRegistry registry;

    @Inject
    LiveFeed feed;

    @Test
    void theOutgoingMessagingChannelsShowInHealth() {
        // alerts and dead letters go through quarkus-messaging-kafka: its checks name both channels
        String live = given().get("/q/health/live").then().extract().asString();
        assertThat(live)
                .contains("SmallRye Reactive Messaging")
                .contains(io.driftwatch.kafka.Channels.ALERTS)
                .contains(io.driftwatch.kafka.Channels.DEAD_LETTERS);
    }

    @Test
    void monitorsAreListedWithTheirConfiguredReferences() {
        given().get("/api/monitors")
                .then()
                .statusCode(200)
                .body("name", hasItems("label", "score"))
                .body("find { it.name == 'score' }.reference.source", containsString("config:"))
                .body("find { it.name == 'score' }.reference.runtime", equalTo(false));
        given().get("/api/monitors/nosuch")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("field", equalTo("monitor"));
    }

    @Test
    void theStatisticsCatalogueNamesEachStatisticsFieldAndMetric() {
        given().get("/api/statistics")
                .then()
                .statusCode(200)
                .body("find { it.key == 'kl' }.field", equalTo("kl"))
                .body("find { it.key == 'kl' }.metric", equalTo("drift_kl_divergence"))
                .body("find { it.key == 'kl' }.unit", equalTo("nats"))
                .body("find { it.key == 'p-value' }.field", equalTo("pValue"))
                .body("find { it.key == 'p-value' }.alertable", equalTo(false))
                .body("find { it.key == 'js-bits' }.metric", equalTo(null));
    }

    @Test
    void aSeriesSummaryWritesEachStatisticAsAFieldAndNullWhenInsufficient() throws Exception {
        Map<String, Double> statistics = new LinkedHashMap<>();
        statistics.put("kl", 0.0822829);
        statistics.put("pValue", null);
        JsonNode node = json.valueToTree(new SeriesSummary(
                "score",
                "m",
                "abc",
                "config",
                true,
                200,
                1000,
                0L,
                60_000L,
                statistics,
                0.01,
                30.0,
                0.004,
                false,
                Map.of("warning", "ok")));
        assertThat(node.path("kl").asDouble()).isEqualTo(0.0822829);
        assertThat(node.has("pValue") && node.get("pValue").isNull()).isTrue();
        assertThat(node.has("statistics")).as("no nested map").isFalse();
        assertThat(node.path("alert").path("warning").asText()).isEqualTo("ok");
    }

    @Test
    void trendPointsOfAThinWindowSayNullAndLeaveNoKeyOut() throws Exception {
        io.driftwatch.monitor.Series s =
                registry.seriesFor(registry.monitor("score").orElseThrow(), "thin-trend");
        long now = System.currentTimeMillis();
        SeriesEvents.addNumber(s, now, 0.5, now); // one event: fewer than min-samples (10), so no statistic
        feed.tick();
        JsonNode detail = json.readTree(given().get("/api/monitors/score/models/thin-trend")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        JsonNode point = detail.path("trend").path(0);
        for (String key : new String[] {"t", "kl", "noiseFloor", "pValue", "reference"}) {
            assertThat(point.has(key)).as(key + " in " + point).isTrue();
        }
        assertThat(point.get("kl").isNull()).as("thin: kl is null, not absent").isTrue();
        assertThat(detail.path("summary").has("kl")).as("the summary too").isTrue();
    }

    @Inject
    io.driftwatch.ingest.EventIngestor ingestor;

    @Test
    void eachMonitorSaysHowManyEventsLackedItsFieldOrHadABadValue() {
        java.util.function.Function<String, Integer> missing = monitor -> given().get("/api/monitors")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.name == '" + monitor + "' }.fieldProblems.missing");
        Integer before = missing.apply("score");
        var scratch = ingestor.newScratch();
        byte[] noScore = ("{\"model\":\"dq\",\"label\":\"ok\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            assertThat(ingestor.ingest(scratch, noScore, System.currentTimeMillis()))
                    .isEqualTo(io.driftwatch.ingest.Outcome.PARTIAL);
        }
        assertThat(missing.apply("score")).isEqualTo((before == null ? 0 : before) + 3);
        assertThat(missing.apply("label")).as("label was there").isNull();

        // a series' detail: its share outside the reference, its own field problems, its unseen values named
        byte[] unseen = ("{\"model\":\"dq\",\"score\":0.5,\"label\":\"chargeback\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ingestor.ingest(scratch, unseen, System.currentTimeMillis());
        ingestor.drain(
                scratch, d -> new io.driftwatch.owner.PaneApplier(registry).apply(0, d, System.currentTimeMillis()));
        var detail = given().get("/api/monitors/label/models/dq").then().statusCode(200);
        detail.body("dataQuality.outsideShare", equalTo(0.25f))
                .body("dataQuality.unseenValues[0].value", equalTo("chargeback"))
                .body("dataQuality.unseenValues[0].events", equalTo(1));
        given().get("/api/monitors/score/models/dq")
                .then()
                .statusCode(200)
                .body("dataQuality.fieldProblems.missing", equalTo(3))
                .body("dataQuality.unseenValues.size()", equalTo(0));
    }

    @Test
    void aSeriesNamesTheBinsThatContributeMostToItsKlWithTheSharesOfItsHistogram() throws Exception {
        io.driftwatch.monitor.Series s =
                registry.seriesFor(registry.monitor("score").orElseThrow(), "contributors");
        long now = System.currentTimeMillis();
        for (int i = 0; i < 200; i++) { // everything near the top of the range: a drift some bins drive
            SeriesEvents.addNumber(s, now, 0.9 + (i % 10) / 1000.0, now);
        }
        JsonNode detail = json.readTree(given().get("/api/monitors/score/models/contributors")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        JsonNode contributors = detail.path("contributors");
        assertThat(contributors.size()).isBetween(1, Views.TOP_CONTRIBUTORS);
        double kl = detail.path("summary").path("kl").asDouble();
        double sum = 0;
        double previous = Double.MAX_VALUE;
        java.util.Map<String, JsonNode> bins = new java.util.HashMap<>();
        detail.path("bins").forEach(b -> bins.put(b.path("label").asText(), b));
        for (JsonNode c : contributors) {
            double contribution = c.path("contribution").asDouble();
            assertThat(contribution).as("largest first").isLessThanOrEqualTo(previous);
            previous = contribution;
            sum += contribution;
            JsonNode bin = bins.get(c.path("bin").asText());
            assertThat(bin).as("a bin of the histogram: " + c).isNotNull();
            assertThat(c.path("liveShare").asDouble())
                    .isEqualTo(bin.path("liveShare").asDouble(0.0));
            assertThat(c.path("referenceShare").asDouble())
                    .isEqualTo(bin.path("referenceShare").asDouble());
        }
        assertThat(sum).as("the top bins' part of the KL").isPositive().isLessThanOrEqualTo(kl * (1 + 1e-12));
        assertThat(contributors.get(0).path("liveShare").asDouble())
                .as("the bin holding the events leads")
                .isGreaterThan(0.5);
    }

    @Test
    void withoutAConfiguredTokenMutationsAreDisabledNotOpen() {
        given().contentType("application/json")
                .body("{\"samples\":[1,2,3]}")
                .put("/api/monitors/score/reference")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("DRIFTWATCH_API_TOKEN"));
        given().post("/api/monitors/score/models/m/reference/from-window")
                .then()
                .statusCode(403);
        given().delete("/api/monitors/score/reference").then().statusCode(403);
    }

    @Test
    void openApiDescribesTheEndpointsTheBearerSchemeAndTheErrorAnswers() throws Exception {
        String doc = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(doc)
                .contains("/api/monitors/{monitor}/models/{model}/reference/from-window")
                .contains("/api/stream")
                .contains("\"scheme\" : \"bearer\"");
        JsonNode paths = json.readTree(doc).path("paths");
        JsonNode put =
                paths.path("/api/monitors/{monitor}/reference").path("put").path("responses");
        for (String code : new String[] {"200", "400", "401", "403", "404", "413", "415", "503", "504"}) {
            assertThat(put.has(code)).as("PUT reference answers " + code).isTrue();
        }
        JsonNode bad = put.path("400");
        if (bad.has("$ref")) { // defined once under components.responses
            String name = bad.get("$ref").asText().replace("#/components/responses/", "");
            bad = json.readTree(doc).path("components").path("responses").path(name);
        }
        assertThat(bad.path("content").has("application/problem+json"))
                .as(bad.toString())
                .isTrue();
        assertThat(paths.path("/api/monitors/{monitor}/models/{model}/reference/from-window")
                        .path("post")
                        .path("responses")
                        .has("409"))
                .isTrue();
        JsonNode read =
                paths.path("/api/monitors/{monitor}/models/{model}").path("get").path("responses");
        assertThat(read.has("200") && read.has("404")).as(read.toString()).isTrue();
        JsonNode readReference =
                paths.path("/api/monitors/{monitor}/reference").path("get").path("responses");
        assertThat(readReference.has("200") && readReference.has("404"))
                .as(readReference.toString())
                .isTrue();
    }

    @Test
    void thePageAndItsScriptAreServedByTheAppWithNothingFromElsewhere() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        String script = given().get("/app.js").then().statusCode(200).extract().asString();
        given().get("/app.css").then().statusCode(200);
        Pattern external = Pattern.compile("(src|href)=\"(https?:)?//");
        assertThat(external.matcher(page).find())
                .as("no external script or style")
                .isFalse();
        assertThat(script.replace("'http://www.w3.org/2000/svg'", "'svg namespace'"))
                .as("no URL but the SVG namespace name")
                .contains("new EventSource('/api/stream')")
                .doesNotContain("http://", "https://");
    }

    @Test
    void aWrongMethodOrAnUnknownApiPathIsAProblemDocumentNotAnHtmlPage() {
        given().post("/api/monitors/score/reference")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", containsString("PUT"))
                .body("status", equalTo(405))
                .body("detail", containsString("POST"));
        given().get("/api/nosuch")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("/api/nosuch"));
    }

    @Test
    void aBodyOverTheHttpLayersLimitIsRefusedWithAProblemDocument() throws Exception {
        // declares 80 MiB (over quarkus.http.limits.max-body-size, 64M) and sends none of it: answered from the header
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("PUT /api/monitors/score/reference HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: text/csv\r\nContent-Length: 83886080\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response =
                    new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 413")
                    .containsIgnoringCase("application/problem+json")
                    .contains("83886080")
                    .contains("quarkus.http.limits.max-body-size");
        }
    }

    @Test
    void dotSegmentsInTheRawPathAreRefusedBeforeTheHttpLayerCanResolveThem() {
        // %2e%2e would otherwise be decoded and resolved: /models/../reference is the monitor default's path
        for (String method : new String[] {"PUT", "DELETE", "GET"}) {
            given().urlEncodingEnabled(false)
                    .request(method, "/api/monitors/score/models/%2e%2e/reference")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("path"));
        }
        given().urlEncodingEnabled(false)
                .get("/api/monitors/score/models/%2E%2E")
                .then()
                .statusCode(400);
        given().get("/api/monitors/score/reference").then().statusCode(200);
    }
}

package io.driftwatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
                "score", "m", "abc", "config", true, 200, 1000, 0L, 60_000L, statistics, Map.of("warning", "ok")));
        assertThat(node.path("kl").asDouble()).isEqualTo(0.0822829);
        assertThat(node.has("pValue") && node.get("pValue").isNull()).isTrue();
        assertThat(node.has("statistics")).as("no nested map").isFalse();
        assertThat(node.path("alert").path("warning").asText()).isEqualTo("ok");
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
    void openApiDescribesTheEndpointsAndTheBearerScheme() {
        String doc = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(doc)
                .contains("/api/monitors/{monitor}/models/{model}/reference/from-window")
                .contains("/api/stream")
                .contains("\"scheme\" : \"bearer\"");
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

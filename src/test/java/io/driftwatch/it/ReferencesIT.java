package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.divergence.Divergences;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.reference.ReferenceParser;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** Run-time references over REST, stored in the compacted reference topic, against the real broker. */
class ReferencesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-token-" + UUID.randomUUID();
    private static final String AUTH = "Bearer " + TOKEN;
    private static final Map<String, String> SCORE_M1 = TestMonitors.series("score", "m1");
    /** Same edges as src/test/resources/references/score.json, so the window is kept and re-scored at once. */
    private static final String UPLOAD = "{\"edges\":[0.0,0.2,0.4,0.6,0.8,1.0],\"counts\":[50,50,100,300,500]}";

    private static Map<String, String> props(String topic, String referenceTopic) {
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.references.topic", referenceTopic);
        return props;
    }

    @Test
    void uploadChangesKlAndReferenceLabelAndSurvivesRestart() throws Exception {
        String topic = KafkaSupport.createTopic("it-refs", 1);
        String referenceTopic = "it-references-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = props(topic, referenceTopic);
        props.put("driftwatch.api.token", TOKEN);
        String configured = ReferenceParser.parse(
                        java.nio.file.Files.readAllBytes(
                                java.nio.file.Path.of("src/test/resources/references/score.json")),
                        Kind.NUMERIC,
                        20)
                .version();
        String uploaded = ReferenceParser.parse(UPLOAD.getBytes(StandardCharsets.UTF_8), Kind.NUMERIC, 20)
                .version();
        int port;
        JsonNode before;
        try (AppProcess app = AppProcess.start("references-upload", props)) {
            port = app.port();
            produce(topic, 2000, "m1", new Random(1)::nextDouble, Instant.now().toEpochMilli());
            awaitSamples(app, 2000);
            PromText m = app.metrics();
            assertThat(referenceLabel(m, "drift_kl_divergence")).isEqualTo(configured);
            double klBefore = m.value("drift_kl_divergence", SCORE_M1);

            HttpResponse<String> put = app.request(
                    "PUT",
                    "/api/monitors/score/models/m1/reference",
                    UPLOAD.getBytes(StandardCharsets.UTF_8),
                    "Authorization",
                    AUTH,
                    "Content-Type",
                    "application/json");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            JsonNode change = JSON.readTree(put.body());
            assertThat(change.at("/reference/version").asText()).isEqualTo(uploaded);
            assertThat(change.at("/windows/m1").asText()).isEqualTo("kept");

            // the metrics now carry the new reference label only, and the KL is the window against the upload
            m = app.metrics();
            assertThat(m.find("drift_kl_divergence", SCORE_M1))
                    .extracting(s -> s.labels().get("reference"))
                    .containsExactly(uploaded);
            long[] live = liveCounts(app, "score", "m1");
            double expected = Divergences.kl(
                    Smoothing.additive(live, 0.5), Smoothing.additive(new long[] {0, 50, 50, 100, 300, 500, 0}, 0.5));
            assertThat(m.value("drift_kl_divergence", SCORE_M1)).isEqualTo(expected);
            assertThat(expected).isNotEqualTo(klBefore);
            before = JSON.readTree(
                    app.get("/api/monitors/score/models/m1/reference").body());
            assertThat(before.path("source").asText()).isEqualTo("upload:histogram");
            assertThat(before.path("runtime").asBoolean()).isTrue();
            // the other model keeps the configured reference
            assertThat(app.metrics().find("drift_kl_divergence", TestMonitors.series("label", "m1")))
                    .isNotEmpty();
        }
        try (AppProcess app = AppProcess.start("references-upload-restarted", props, port)) {
            awaitSamples(app, 2000);
            PromText m = app.metrics();
            assertThat(referenceLabel(m, "drift_kl_divergence")).isEqualTo(uploaded);
            JsonNode after = JSON.readTree(
                    app.get("/api/monitors/score/models/m1/reference").body());
            assertThat(after.path("version").asText()).isEqualTo(uploaded);
            assertThat(after.path("createdAt").asText())
                    .isEqualTo(before.path("createdAt").asText());
            assertThat(after.path("source").asText()).isEqualTo("upload:histogram");

            // falling back: DELETE restores the configured reference, and that survives a restart too
            HttpResponse<String> delete =
                    app.request("DELETE", "/api/monitors/score/models/m1/reference", null, "Authorization", AUTH);
            assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
            assertThat(JSON.readTree(delete.body()).at("/reference/version").asText())
                    .as("the answer names the reference now in force")
                    .isEqualTo(configured);
            assertThat(JSON.readTree(delete.body()).at("/reference/runtime").asBoolean())
                    .isFalse();
            assertThat(referenceLabel(app.metrics(), "drift_kl_divergence")).isEqualTo(configured);
        }
        try (AppProcess app = AppProcess.start("references-upload-deleted", props, port)) {
            awaitSamples(app, 2000);
            assertThat(referenceLabel(app.metrics(), "drift_kl_divergence")).isEqualTo(configured);
        }
        assertThat(compacted(referenceTopic)).isTrue();
    }

    @Test
    void fromWindowMakesTheNextWindowsKlFallBelowTheNoiseFloor() throws Exception {
        String topic = KafkaSupport.createTopic("it-bless", 1);
        Map<String, String> props =
                props(topic, "it-references-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("driftwatch.api.token", TOKEN);
        props.put("driftwatch.monitors.score.window", "6s");
        props.put("driftwatch.monitors.score.pane", "2s");
        props.put("driftwatch.monitors.label.window", "6s");
        props.put("driftwatch.monitors.label.pane", "2s");
        // "retrained" traffic: scores pile up near 1, far from the configured reference
        Random random = new Random(7);
        DoubleSupplier retrained = () -> Math.pow(random.nextDouble(), 0.3);
        try (AppProcess app = AppProcess.start("references-from-window", props)) {
            long t0 = Instant.now().toEpochMilli();
            produce(topic, 3000, "m1", retrained, t0);
            awaitSamples(app, 3000);
            PromText m = app.metrics();
            assertThat(m.value("drift_kl_divergence", SCORE_M1))
                    .as("the configured reference sees drift")
                    .isGreaterThan(m.value("drift_kl_noise_floor", SCORE_M1));

            HttpResponse<String> bless = app.request(
                    "POST", "/api/monitors/score/models/m1/reference/from-window", null, "Authorization", AUTH);
            assertThat(bless.statusCode()).as(bless.body()).isEqualTo(200);
            assertThat(JSON.readTree(bless.body()).at("/windows/m1").asText()).isEqualTo("kept");
            assertThat(JSON.readTree(bless.body()).at("/reference/source").asText())
                    .startsWith("from-window:m1@");

            // the next window: same traffic, 8 s later, so the blessed events have left the 6 s window
            produce(topic, 3000, "m1", retrained, t0 + 8_000);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode detail =
                        JSON.readTree(app.get("/api/monitors/score/models/m1").body());
                assertThat(detail.at("/summary/windowStart").asLong()).isGreaterThan(t0);
                assertThat(detail.at("/summary/samples").asLong()).isEqualTo(3000);
            });
            PromText after = app.metrics();
            assertThat(after.value("drift_kl_divergence", SCORE_M1))
                    .isLessThan(after.value("drift_kl_noise_floor", SCORE_M1));
            assertThat(after.value("drift_p_value", SCORE_M1)).isGreaterThan(0.01);
        }
    }

    @Test
    void rejectedChangesAnswerWithAProblemAndChangeNothing() throws Exception {
        String topic = KafkaSupport.createTopic("it-guard", 1);
        String referenceTopic = "it-references-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = props(topic, referenceTopic);
        props.put("driftwatch.api.max-upload-bytes", "2000");
        try (AppProcess open = AppProcess.start("references-no-token", props)) {
            HttpResponse<String> r = putScore(open, UPLOAD, "Authorization", AUTH);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("DRIFTWATCH_API_TOKEN");
        }
        props.put("driftwatch.api.token", TOKEN);
        try (AppProcess app = AppProcess.start("references-guard", props)) {
            produce(topic, 500, "m1", new Random(3)::nextDouble, Instant.now().toEpochMilli());
            awaitSamples(app, 500);
            String reference =
                    app.get("/api/monitors/score/models/m1/reference").body();
            String metricsBefore = referenceLabel(app.metrics(), "drift_kl_divergence");

            HttpResponse<String> r = putScore(app, UPLOAD);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"driftwatch\"");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");

            assertThat(putScore(app, UPLOAD, "Authorization", "Bearer wrong").statusCode())
                    .isEqualTo(403);
            assertThat(app.request(
                                    "POST",
                                    "/api/monitors/score/models/m1/reference/from-window",
                                    null,
                                    "Authorization",
                                    "Bearer wrong")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(app.request("DELETE", "/api/monitors/score/reference", null)
                            .statusCode())
                    .isEqualTo(401);

            String big = "{\"samples\":[" + "0.5,".repeat(1000) + "0.5]}";
            r = putScore(app, big, "Authorization", AUTH);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("2000 bytes");

            assertProblem(
                    putScore(app, "{\"edges\":[0,0.5,1],\"counts\":[3,\"x\"]}", "Authorization", AUTH),
                    400,
                    "counts[1]");
            assertProblem(
                    putScore(app, "{\"categories\":[\"a\"],\"counts\":[3]}", "Authorization", AUTH), 400, "categories");
            assertProblem(putScore(app, "{\"edges\":[0,0.5,1],", "Authorization", AUTH), 400, "body");
            assertProblem(
                    app.request(
                            "PUT",
                            "/api/monitors/score/models/m1/reference",
                            "score\n0.1\nabc\n".getBytes(StandardCharsets.UTF_8),
                            "Authorization",
                            AUTH,
                            "Content-Type",
                            "text/csv"),
                    400,
                    "line 3");
            assertProblem(
                    app.request(
                            "PUT",
                            "/api/monitors/score/models/m1/reference?binning=nearest",
                            UPLOAD.getBytes(StandardCharsets.UTF_8),
                            "Authorization",
                            AUTH,
                            "Content-Type",
                            "application/json"),
                    400,
                    "binning");
            assertProblem(
                    app.request(
                            "PUT",
                            "/api/monitors/nosuch/reference",
                            UPLOAD.getBytes(StandardCharsets.UTF_8),
                            "Authorization",
                            AUTH,
                            "Content-Type",
                            "application/json"),
                    404,
                    "monitor");

            // nothing changed: same reference, same metric label, and nothing was written to the reference topic
            assertThat(app.get("/api/monitors/score/models/m1/reference").body())
                    .isEqualTo(reference);
            assertThat(referenceLabel(app.metrics(), "drift_kl_divergence")).isEqualTo(metricsBefore);
            assertThat(endOffset(referenceTopic)).isZero();
        }
    }

    private static HttpResponse<String> putScore(AppProcess app, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return app.request(
                "PUT", "/api/monitors/score/models/m1/reference", body.getBytes(StandardCharsets.UTF_8), all);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("field").asText()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    /** Events of {@code model} with the given scores, all at {@code time}, labels alternating. */
    private static void produce(String topic, int n, String model, DoubleSupplier scores, long time) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            for (int i = 0; i < n; i++) {
                String json = "{\"model\":\"" + model + "\",\"ts\":" + time + ",\"score\":" + scores.getAsDouble()
                        + ",\"label\":\"" + (i % 3 == 0 ? "fraud" : "ok") + "\"}";
                KafkaSupport.send(producer, topic, model, json.getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
        }
    }

    private static void awaitSamples(AppProcess app, long n) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(app.metrics().valueOr("drift_window_samples", SCORE_M1, -1))
                        .isEqualTo(n));
    }

    private static String referenceLabel(PromText m, String metric) {
        List<PromText.Sample> samples = m.find(metric, SCORE_M1);
        assertThat(samples).as(metric + SCORE_M1).hasSize(1);
        return samples.get(0).labels().get("reference");
    }

    private static long[] liveCounts(AppProcess app, String monitor, String model) throws Exception {
        JsonNode bins = JSON.readTree(
                        app.get("/api/monitors/" + monitor + "/models/" + model).body())
                .path("bins");
        long[] counts = new long[bins.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = bins.get(i).path("live").asLong();
        }
        return counts;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of("bootstrap.servers", KafkaSupport.bootstrap()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    /** Whether the reference topic was created with cleanup.policy=compact. */
    private static boolean compacted(String topic) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", KafkaSupport.bootstrap()))) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get("cleanup.policy")
                    .value()
                    .equals("compact");
        }
    }
}

package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.HugeReferences;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Hardening against the packaged app and the real broker (issue 16): an oversized reference — uploaded, stored in the
 * reference topic behind the app's back, or configured — is refused with the key of the limit, never built, and the
 * app stays healthy, also across a restart.
 */
class HardeningIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-token-" + UUID.randomUUID();
    private static final Map<String, String> LABEL_M1 = TestMonitors.series("label", "m1");
    private static final Map<String, String> INVALID_RECORDS = Map.of("result", "invalid");
    private static final int HUGE = 300_000;

    @Test
    void oversizedReferencesAreRefusedAndAStoredOneIsSkippedAcrossRestarts() throws Exception {
        String topic = KafkaSupport.createTopic("it-harden", 1);
        String referenceTopic = compactedTopic("it-harden-references");
        // a hostile record written straight to the reference topic, as an instance with larger limits (or anyone
        // with write access) could: 300,000 categories for the label monitor's default
        try (KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of("compression.type", "gzip"))) {
            KafkaSupport.send(
                    producer,
                    referenceTopic,
                    "{\"monitor\":\"label\"}",
                    storedRecord(HUGE).getBytes(StandardCharsets.UTF_8));
            producer.flush();
        }
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.references.topic", referenceTopic);
        props.put("driftwatch.api.token", TOKEN);
        int port;
        try (AppProcess app = AppProcess.start("harden-references", props)) {
            port = app.port();
            assertHealthyAndSkippedTheRecord(app);
            assertThat(Files.readString(app.log()))
                    .contains("cannot be read")
                    .contains(HUGE + " categories; at most 1000 are allowed (driftwatch.references.max-categories)");

            // uploads beyond the limit: 400 naming the field and the key, nothing stored
            HttpResponse<String> samples = putLabel(app, HugeReferences.distinctSamples(HUGE));
            assertProblem(samples, "samples", "driftwatch.references.max-categories");
            HttpResponse<String> histogram = putLabel(app, HugeReferences.categories(HUGE));
            assertProblem(histogram, "categories", "driftwatch.references.max-categories");
            assertThat(endOffset(referenceTopic)).as("only the hostile record").isEqualTo(1);

            // events are still scored, against the configured reference
            produce(topic, 600);
            awaitLabelSamples(app, 600);
            JsonNode reference = JSON.readTree(
                    app.get("/api/monitors/label/models/m1/reference").body());
            assertThat(reference.path("runtime").asBoolean()).isFalse();
            assertThat(reference.path("source").asText()).startsWith("config:");
        }
        try (AppProcess app = AppProcess.start("harden-references-restarted", props, port)) {
            assertHealthyAndSkippedTheRecord(app);
            awaitLabelSamples(app, 600);
        }
    }

    @Test
    void aConfiguredReferenceFileBeyondTheLimitStopsStartUpNamingTheKeys() throws Exception {
        Path file = Files.createTempFile("driftwatch-million-edges", ".json");
        try {
            Files.writeString(file, HugeReferences.edges(1_000_000));
            Map<String, String> props = TestMonitors.properties(KafkaSupport.createTopic("it-harden-config", 1), "g");
            props.put("driftwatch.monitors.score.reference", file.toString());
            assertThatThrownBy(() -> AppProcess.start("harden-config", props).close())
                    .hasMessageContaining("exited with")
                    .hasMessageContaining("driftwatch.monitors.score.reference=" + file)
                    .hasMessageContaining("1000000 edges define 999999 bins; at most 1000 are allowed"
                            + " (driftwatch.references.max-bins)");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anEventFromTheNearFutureDoesNotBlindTheSeries() throws Exception {
        String topic = KafkaSupport.createTopic("it-harden-future", 1);
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.monitors.label.window", "60s");
        props.put("driftwatch.monitors.label.pane", "10s");
        Map<String, String> early = Map.of("monitor", "label", "model", "m1", "result", "held");
        try (AppProcess app = AppProcess.start("harden-future", props)) {
            produce(topic, 300);
            awaitLabelSamples(app, 300);
            // one producer with a clock 4 minutes fast (accepted: max-clock-skew is 5 min)
            long ahead = Instant.now().plusSeconds(240).toEpochMilli();
            try (KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
                KafkaSupport.send(
                        producer,
                        topic,
                        "m1",
                        ("{\"model\":\"m1\",\"ts\":" + ahead + ",\"score\":0.5,\"label\":\"fraud\"}")
                                .getBytes(StandardCharsets.UTF_8));
                producer.flush();
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(app.metrics().valueOr("drift_early_events_total", early, -1))
                            .isEqualTo(1));
            // normal traffic after it keeps its window: counted, not late
            produce(topic, 300);
            awaitLabelSamples(app, 600);
            PromText m = app.metrics();
            assertThat(m.value("drift_late_events_total", LABEL_M1)).isZero();
            JsonNode summary = JSON.readTree(
                            app.get("/api/monitors/label/models/m1").body())
                    .path("summary");
            assertThat(summary.path("windowEnd").asLong())
                    .as("the window end stays near the clock")
                    .isLessThan(Instant.now().plusSeconds(20).toEpochMilli());
        }
    }

    @Test
    void uploadsAtTheSizeLimitCostLittleMoreThanTheirSize() throws Exception {
        String topic = KafkaSupport.createTopic("it-harden-uploads", 1);
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put(
                "driftwatch.references.topic",
                "it-harden-uploads-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("driftwatch.api.token", TOKEN);
        // 16 MB, the default upload limit, as 8 million one-digit samples (the app runs in a 512 MB heap)
        int lines = 8_000_000;
        StringBuilder csv = new StringBuilder(2 * lines + 8).append("score\n");
        StringBuilder json = new StringBuilder(2 * lines + 16).append("{\"samples\":[");
        StringBuilder edges = new StringBuilder(2 * lines + 16).append("{\"edges\":[");
        for (int i = 0; i < lines; i++) {
            csv.append(i % 3 == 0 ? '1' : '2').append('\n');
            json.append(i == 0 ? "" : ",").append(i % 3 == 0 ? '1' : '2');
            edges.append(i == 0 ? "" : ",").append(i % 10);
        }
        json.append("]}");
        edges.append("],\"counts\":[1]}");
        try (AppProcess app = AppProcess.start("harden-uploads", props)) {
            HttpResponse<String> r = put(app, "/api/monitors/score/reference", "text/csv", csv.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).at("/reference/samples").asLong())
                    .isEqualTo(lines);
            r = put(app, "/api/monitors/score/reference", "application/json", json.toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            r = put(app, "/api/monitors/score/reference", "application/json", edges.toString());
            assertProblem(r, "edges", "driftwatch.references.max-bins");
            assertThat(JSON.readTree(r.body()).path("detail").asText()).contains(lines + " edges");
            assertThat(app.get("/q/health/live").statusCode()).isEqualTo(200);
            assertThat(app.get("/q/metrics").statusCode()).isEqualTo(200);
            assertThat(Files.readString(app.log())).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void stalledUploadsDoNotStarveReadsHealthOrMetrics() throws Exception {
        String topic = KafkaSupport.createTopic("it-harden-stalled", 1);
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.api.token", TOKEN);
        try (AppProcess app = AppProcess.start("harden-stalled", props)) {
            List<java.net.Socket> stalled = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 250; i++) { // more than the 200 worker threads
                    java.net.Socket s = new java.net.Socket("127.0.0.1", app.port());
                    s.getOutputStream()
                            .write(("PUT /api/monitors/score/reference HTTP/1.1\r\nHost: x\r\n"
                                            + "Authorization: Bearer " + TOKEN + "\r\n"
                                            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                                            + "{\"samples\":[")
                                    .getBytes(StandardCharsets.UTF_8));
                    stalled.add(s);
                }
                Thread.sleep(1_000);
                assertThat(app.get("/q/health/live").statusCode()).isEqualTo(200);
                assertThat(app.get("/q/metrics").statusCode()).isEqualTo(200);
                assertThat(app.get("/api/monitors").statusCode()).isEqualTo(200);
                assertThat(put(app, "/api/monitors/score/reference", "application/json", "{\"edges\":[0,1],")
                                .statusCode())
                        .as("a change still gets through")
                        .isEqualTo(400);
            } finally {
                for (java.net.Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    private static HttpResponse<String> put(AppProcess app, String path, String type, String body) throws Exception {
        return app.request(
                "PUT",
                path,
                body.getBytes(StandardCharsets.UTF_8),
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                type);
    }

    private static void awaitLabelSamples(AppProcess app, long n) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(app.metrics().valueOr("drift_window_samples", LABEL_M1, -1))
                        .isEqualTo(n));
    }

    private static void assertHealthyAndSkippedTheRecord(AppProcess app) throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(app.get("/q/health/ready").statusCode()).isEqualTo(200);
            PromText m = app.metrics();
            assertThat(m.value("drift_reference_records_total", INVALID_RECORDS))
                    .isEqualTo(1);
            assertThat(m.value("drift_reference_store_up", Map.of())).isEqualTo(1);
        });
        assertThat(app.get("/q/health/live").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> putLabel(AppProcess app, String body) throws Exception {
        return app.request(
                "PUT",
                "/api/monitors/label/reference",
                body.getBytes(StandardCharsets.UTF_8),
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "application/json");
    }

    private static void assertProblem(HttpResponse<String> r, String field, String key) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("field").asText()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).contains(key);
    }

    /** A schema-1 reference record as {@code ReferenceRecords} writes it. */
    private static String storedRecord(int categoryCount) {
        return "{\"schema\":1,\"monitor\":\"label\",\"version\":\"000000000000\",\"source\":\"upload:histogram\","
                + "\"createdAt\":\"" + Instant.now() + "\",\"reference\":" + HugeReferences.categories(categoryCount)
                + "}";
    }

    private static void produce(String topic, int n) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            long now = Instant.now().toEpochMilli();
            for (int i = 0; i < n; i++) {
                String json = "{\"model\":\"m1\",\"ts\":" + now + ",\"score\":0.5,\"label\":\""
                        + (i % 3 == 0 ? "fraud" : "ok") + "\"}";
                KafkaSupport.send(producer, topic, "m1", json.getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
        }
    }

    private static String compactedTopic(String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KafkaSupport.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "16777216"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", KafkaSupport.bootstrap()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }
}

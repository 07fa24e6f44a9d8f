package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.LocalBroker;
import io.driftwatch.testing.TestMonitors;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * What a reference change's answer means (issue 16, item 4), against the real broker: 503 means not applied — not now,
 * not after the broker comes back — and a reference too large for the topic is refused at once, saying so.
 */
class ReferenceWritesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-token-" + UUID.randomUUID();

    private static String upload(int i) {
        return "{\"edges\":[0.0,0.5,1.0],\"counts\":[" + (100 + i) + ",100]}";
    }

    @Test
    void aChangeAnswered503WhileTheBrokerIsFrozenIsNeverAppliedAfterItResumes() throws Exception {
        String topic = KafkaSupport.createTopic("it-writes", 1);
        String referenceTopic =
                "it-writes-references-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.references.topic", referenceTopic);
        props.put("driftwatch.api.token", TOKEN);
        props.put("driftwatch.references.write-timeout", "3s");
        try (AppProcess app = AppProcess.start("reference-writes-paused", props)) {
            assertThat(put(app, upload(0)).statusCode()).isEqualTo(200);

            List<Integer> statuses = new ArrayList<>();
            List<String> details = new ArrayList<>();
            LocalBroker.pause();
            try {
                for (int i = 1; i <= 3; i++) {
                    HttpResponse<String> r = put(app, upload(i));
                    statuses.add(r.statusCode());
                    details.add(JSON.readTree(r.body()).path("detail").asText());
                }
            } finally {
                LocalBroker.resume();
            }
            assertThat(statuses).as(details.toString()).containsOnly(503);
            assertThat(details).allSatisfy(d -> assertThat(d).contains("nothing changed, and nothing will"));

            // after the broker is back (and past the abandoned transactions' timeout), a new change goes through
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> put(app, upload(4)).statusCode() == 200);
            Thread.sleep(10_000); // transaction.timeout.ms = write-timeout + 5 s: anything still open is now decided
            JsonNode reference = JSON.readTree(
                    app.get("/api/monitors/score/models/m1/reference").body());
            assertThat(reference.path("source").asText()).isEqualTo("upload:histogram");
            assertThat(reference.at("/document/counts").toString()).isEqualTo("[104,100]");
            assertThat(committedCounts(referenceTopic))
                    .as("the committed records: the first and the last change only")
                    .containsExactly("[100,100]", "[104,100]");
            assertThat(app.metrics().value("drift_reference_records_total", Map.of("result", "applied")))
                    .isEqualTo(2);
        }
    }

    @Test
    void aReferenceLargerThanTheTopicAcceptsIsRefusedSayingSo() throws Exception {
        String topic = KafkaSupport.createTopic("it-writes-large", 1);
        String referenceTopic =
                "it-writes-small-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KafkaSupport.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(referenceTopic, 1, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "4096"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.references.topic", referenceTopic);
        props.put("driftwatch.api.token", TOKEN);
        StringBuilder categories = new StringBuilder("{\"categories\":[");
        StringBuilder counts = new StringBuilder("],\"counts\":[");
        for (int i = 0; i < 500; i++) {
            categories
                    .append(i == 0 ? "" : ",")
                    .append("\"category-with-a-long-name-")
                    .append(i)
                    .append('"');
            counts.append(i == 0 ? "" : ",").append(1);
        }
        String big = categories.append(counts).append("]}").toString();
        try (AppProcess app = AppProcess.start("reference-writes-large", props)) {
            HttpResponse<String> r = app.request(
                    "PUT",
                    "/api/monitors/label/reference",
                    big.getBytes(StandardCharsets.UTF_8),
                    "Authorization",
                    "Bearer " + TOKEN,
                    "Content-Type",
                    "application/json");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(JSON.readTree(r.body()).path("detail").asText())
                    .contains("more than the reference topic " + referenceTopic + " accepts")
                    .contains("RecordTooLargeException")
                    .contains("nothing changed");
            assertThat(JSON.readTree(app.get("/api/monitors/label/reference").body())
                            .path("runtime")
                            .asBoolean())
                    .isFalse();
        }
    }

    private static HttpResponse<String> put(AppProcess app, String body) throws Exception {
        return app.request(
                "PUT",
                "/api/monitors/score/models/m1/reference",
                body.getBytes(StandardCharsets.UTF_8),
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "application/json");
    }

    /** The "counts" of every committed record of the topic, in order (read_committed, like the app). */
    private static List<String> committedCounts(String topic) throws Exception {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", KafkaSupport.bootstrap(), "isolation.level", "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(500))) {
                    out.add(JSON.readTree(record.value())
                            .at("/reference/counts")
                            .toString());
                }
            }
        }
        return out;
    }
}

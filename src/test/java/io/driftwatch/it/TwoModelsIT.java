package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.core.divergence.Divergences;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** One monitor, two models: two series, each scored against its own reference. */
class TwoModelsIT {

    @Test
    void eachModelGetsItsOwnSeriesAndReference() throws Exception {
        String topic = KafkaSupport.createTopic("it-models", 1);
        Path churnReference = Files.createTempFile("churn-label", ".json");
        Files.writeString(churnReference, "{\"categories\":[\"fraud\",\"ok\"],\"counts\":[50,950]}");
        Map<String, String> props = TestMonitors.input(topic, topic);
        props.put("driftwatch.monitors.label.field", "/label");
        props.put("driftwatch.monitors.label.kind", "categorical");
        props.put("driftwatch.monitors.label.reference", "src/test/resources/references/label.json");
        props.put("driftwatch.monitors.label.models.churn.reference", churnReference.toString());

        long now = Instant.now().toEpochMilli();
        try (AppProcess app = AppProcess.start("two-models", props);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            // the same traffic for both models: 40 % fraud
            for (int i = 0; i < 500; i++) {
                String label = i % 5 < 2 ? "fraud" : "ok";
                for (String model : new String[] {"fraud", "churn"}) {
                    String json = "{\"model\":\"" + model + "\",\"ts\":" + now + ",\"label\":\"" + label + "\"}";
                    KafkaSupport.send(producer, topic, model, json.getBytes(StandardCharsets.UTF_8));
                }
            }
            producer.flush();
            Map<String, String> fraud = Map.of("monitor", "label", "model", "fraud");
            Map<String, String> churn = Map.of("monitor", "label", "model", "churn");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                PromText m = app.metrics();
                assertThat(m.valueOr("drift_window_samples", fraud, 0)).isEqualTo(500);
                assertThat(m.valueOr("drift_window_samples", churn, 0)).isEqualTo(500);
            });
            PromText m = app.metrics();
            double[] live = Smoothing.additive(new long[] {200, 300, 0}, 0.5);
            assertThat(m.value("drift_kl_divergence", fraud))
                    .isEqualTo(Divergences.kl(live, Smoothing.additive(new long[] {300, 700, 0}, 0.5)));
            assertThat(m.value("drift_kl_divergence", churn))
                    .isEqualTo(Divergences.kl(live, Smoothing.additive(new long[] {50, 950, 0}, 0.5)));
            assertThat(m.value("drift_kl_divergence", churn)).isGreaterThan(m.value("drift_kl_divergence", fraud));
        } finally {
            Files.deleteIfExists(churnReference);
        }
    }
}

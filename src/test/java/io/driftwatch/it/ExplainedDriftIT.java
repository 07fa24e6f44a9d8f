package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Why, not only that, on the real broker and the packaged app: model {@code fraud}'s country mix moves one category
 * (US from 20 % to 45 %), and the alert message and the read API name US first, with its shares; meanwhile model
 * {@code churn}'s events stop carrying the score. Those events are counted as a data problem of the score/churn
 * series only, and they still feed churn's country series.
 */
class ExplainedDriftIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB"};
    private static final double[] REFERENCE = {0.4, 0.3, 0.2, 0.1}; // references/country.json
    private static final double[] DRIFTED = {0.3, 0.175, 0.45, 0.075}; // US up, the others down in proportion
    private static final int RATE = 500; // events per second per model

    @Test
    void theAlertAndTheReadApiNameTheCategoryThatMovedAndAMissingFieldCostsOnlyItsSeries() throws Exception {
        String topic = KafkaSupport.createTopic("it-why-in", 1);
        String alertTopic = KafkaSupport.createTopic("it-why-alerts", 1);
        Map<String, String> props = TestMonitors.input(topic, topic);
        props.put("driftwatch.alerts.kafka.topic", alertTopic);
        props.put("driftwatch.monitors.country.field", "/country");
        props.put("driftwatch.monitors.country.kind", "categorical");
        props.put("driftwatch.monitors.country.reference", "src/test/resources/references/country.json");
        props.put("driftwatch.monitors.score.field", "/score");
        props.put("driftwatch.monitors.score.kind", "numeric");
        props.put("driftwatch.monitors.score.reference", "src/test/resources/references/score.json");
        TestMonitors.quickAlerts(props, "country");
        TestMonitors.quickAlerts(props, "score");
        try (AppProcess app = AppProcess.start("why", props);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            Random random = new Random(25);
            produce(producer, topic, random, false, 6);
            produce(producer, topic, random, true, 10);
            int withoutScore = 10 * RATE;

            List<JsonNode> alerts = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                alerts.addAll(readAlerts(alertTopic));
                assertThat(alerts)
                        .anySatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("firing"));
            });
            assertThat(alerts)
                    .as("only country/fraud drifted")
                    .allSatisfy(a -> assertThat(a.get("key").asText()).isEqualTo("country/fraud"));
            JsonNode firing = alerts.stream()
                    .filter(a -> a.get("status").asText().equals("firing"))
                    .findFirst()
                    .orElseThrow();
            System.out.println("ExplainedDriftIT: " + firing.get("summary").asText());
            JsonNode first = firing.get("topContributors").get(0);
            assertThat(first.get("bin").asText()).isEqualTo("US");
            assertThat(first.get("referenceShare").asDouble()).isEqualTo(0.2, within(1e-12));
            assertThat(first.get("liveShare").asDouble())
                    .as("US's share of the span the alert decided on")
                    .isGreaterThan(0.3);
            assertThat(firing.get("summary").asText()).contains("moved most: US 20.0% → ");

            JsonNode detail =
                    JSON.readTree(app.get("/api/monitors/country/models/fraud").body());
            JsonNode top = detail.get("contributors").get(0);
            assertThat(top.get("bin").asText()).isEqualTo("US");
            assertThat(top.get("referenceShare").asDouble()).isEqualTo(0.2, within(1e-12));
            assertThat(top.get("liveShare").asDouble()).isBetween(0.3, 0.5);
            assertThat(top.get("share").asDouble())
                    .as("US carries most of the KL")
                    .isGreaterThan(0.5);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            app.metrics().sum("drift_events_total", Map.of("outcome", "accepted")))
                    .isEqualTo(2 * 16 * RATE)); // 16 s of both models
            PromText m = app.metrics();
            assertThat(m.value(
                            "drift_data_quality_events_total",
                            Map.of("monitor", "score", "model", "churn", "problem", "missing")))
                    .isEqualTo(withoutScore);
            assertThat(m.valueOr(
                            "drift_data_quality_events_total",
                            Map.of("monitor", "score", "model", "fraud", "problem", "missing"),
                            -1))
                    .as("fraud's events kept their score")
                    .isEqualTo(-1);
            assertThat(m.valueOr(
                            "drift_data_quality_events_total",
                            Map.of("monitor", "country", "model", "churn", "problem", "missing"),
                            -1))
                    .isEqualTo(-1);
            assertThat(m.value("drift_events_total", Map.of("outcome", "accepted", "reason", "partial")))
                    .as("churn's events without a score still counted for its country")
                    .isEqualTo(withoutScore);
            assertThat(m.value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                    .isEqualTo(16 * RATE + 6 * RATE);
            assertThat(m.value("drift_window_samples", Map.of("monitor", "country", "model", "churn")))
                    .as("churn's country window holds the last 10 s, score or not")
                    .isGreaterThanOrEqualTo(8 * RATE);
        }
    }

    /**
     * {@link #RATE} events a second per model for {@code seconds}, in real time: fraud's country from the reference
     * mix or the drifted one, churn's always from the reference, without a score when {@code drifted}.
     */
    private static void produce(
            KafkaProducer<byte[], byte[]> producer, String topic, Random random, boolean drifted, int seconds)
            throws InterruptedException {
        for (int s = 0; s < seconds * 10; s++) {
            long tick = System.nanoTime();
            for (int i = 0; i < RATE / 10; i++) {
                long now = System.currentTimeMillis();
                String fraud = String.format(
                        Locale.ROOT,
                        "{\"model\":\"fraud\",\"ts\":%d,\"country\":\"%s\",\"score\":%.5f}",
                        now,
                        pick(random, drifted ? DRIFTED : REFERENCE),
                        score(random));
                String churn = drifted
                        ? String.format(
                                Locale.ROOT,
                                "{\"model\":\"churn\",\"ts\":%d,\"country\":\"%s\"}",
                                now,
                                pick(random, REFERENCE))
                        : String.format(
                                Locale.ROOT,
                                "{\"model\":\"churn\",\"ts\":%d,\"country\":\"%s\",\"score\":%.5f}",
                                now,
                                pick(random, REFERENCE),
                                score(random));
                KafkaSupport.send(producer, topic, "fraud", fraud.getBytes(StandardCharsets.UTF_8));
                KafkaSupport.send(producer, topic, "churn", churn.getBytes(StandardCharsets.UTF_8));
            }
            long sleep = 100 - (System.nanoTime() - tick) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        producer.flush();
    }

    private static String pick(Random random, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            if ((u -= shares[i]) < 0) {
                return COUNTRIES[i];
            }
        }
        return COUNTRIES[shares.length - 1];
    }

    /** A score from references/score.json's shape: bins of 0.2 with 20/30/25/15/10 %. */
    private static double score(Random random) {
        double[] shares = {0.2, 0.3, 0.25, 0.15, 0.1};
        double u = random.nextDouble();
        int bin = 0;
        while (bin < shares.length - 1 && (u -= shares[bin]) >= 0) {
            bin++;
        }
        return 0.2 * bin + 0.2 * random.nextDouble() * 0.999;
    }

    private static List<JsonNode> readAlerts(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KafkaSupport.readNew(topic, Duration.ofSeconds(1))) {
            JsonNode alert = JSON.readTree(r.value());
            ((com.fasterxml.jackson.databind.node.ObjectNode) alert).put("key", r.key());
            out.add(alert);
        }
        return out;
    }
}

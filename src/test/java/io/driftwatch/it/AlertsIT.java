package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.TestMonitors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Reference-like traffic raises no alert; drifted traffic fires within for+1 panes; reference traffic again resolves
 * the same alert id. Alerts reach the Kafka topic and a webhook that is down at first (delivered once it is up) while
 * ingestion goes on.
 */
class AlertsIT {

    private static final long[] REFERENCE = {200, 300, 250, 150, 100}; // references/score.json, bins of 0.2
    static final int RATE = 600; // events per second
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void driftFiresAndResolvesOneAlertDeliveredToKafkaAndTheWebhook() throws Exception {
        String topic = KafkaSupport.createTopic("it-alerts-in", 1);
        String alertTopic = KafkaSupport.createTopic("it-alerts-out", 1);
        int webhookPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            webhookPort = s.getLocalPort();
        }
        Map<String, String> props = scoreAlerts(topic);
        props.put("driftwatch.alerts.kafka.topic", alertTopic);
        props.put("driftwatch.alerts.webhook.url", "http://127.0.0.1:" + webhookPort + "/hook");
        props.put("driftwatch.alerts.webhook.secret", "s3cret");

        List<JsonNode> webhook = new CopyOnWriteArrayList<>();
        List<String> secrets = new CopyOnWriteArrayList<>();
        HttpServer receiver = null;
        try (AppProcess app = AppProcess.start("alerts", props);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            Random random = new Random(5);
            produce(producer, topic, random, false, 12);
            assertThat(readAlerts(alertTopic, Duration.ofSeconds(2)))
                    .as("no alert on reference traffic")
                    .isEmpty();

            long driftStart = Instant.now().toEpochMilli();
            produce(producer, topic, random, true, 10);
            // the webhook has been failing for the whole drift: ingestion must not have slowed down
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                            app.metrics().value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                    .isEqualTo(22 * RATE));
            assertThat(app.metrics()
                            .value("drift_alert_deliveries_total", Map.of("sink", "webhook", "result", "failed")))
                    .as("the webhook is down")
                    .isPositive();
            // the webhook receiver comes up only now: deliveries so far failed and are being retried
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", webhookPort), 0);
            receiver.createContext("/hook", exchange -> {
                webhook.add(JSON.readTree(exchange.getRequestBody()));
                secrets.add(exchange.getRequestHeaders().getFirst("X-Driftwatch-Secret"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            produce(producer, topic, random, false, 16);

            List<JsonNode> alerts = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                alerts.addAll(readAlerts(alertTopic, Duration.ofSeconds(1)));
                assertThat(alerts.stream().map(a -> a.get("status").asText())).containsExactly("firing", "resolved");
            });
            JsonNode firing = alerts.get(0);
            JsonNode resolved = alerts.get(1);
            assertThat(firing.get("monitor").asText()).isEqualTo("score");
            assertThat(firing.get("severity").asText()).isEqualTo("warning");
            assertThat(firing.get("statistic").asText()).isEqualTo("kl");
            assertThat(firing.get("value").asDouble()).isGreaterThanOrEqualTo(0.05);
            assertThat(firing.get("pValue").asDouble()).isLessThan(0.01);
            assertThat(firing.get("decision").asText()).isEqualTo("budget");
            assertThat(firing.get("drift").asDouble())
                    .as("a significant drift estimated at least 60 % of the threshold")
                    .isGreaterThanOrEqualTo(0.03);
            assertThat(firing.get("lowerBound").isNumber())
                    .as("the drift shown with the budget's confidence is reported")
                    .isTrue();
            assertThat(firing.get("falseAlarmsPerDay").asDouble()).isEqualTo(1.0 / 30, within(1e-6));
            assertThat(firing.get("reason").asText()).isEqualTo("drift");
            assertThat(firing.get("reference").asText()).hasSize(12);
            long firedAt = Instant.parse(firing.get("windowEnd").asText()).toEpochMilli();
            // the drift reaches the window in the pane that contains driftStart; with for = 2 panes of 1 s the alert
            // fires within for + 1 panes after that pane
            long reached = (driftStart / 1000 + 1) * 1000;
            assertThat(firedAt - reached)
                    .as("panes (ms) from the drift reaching the window to firing")
                    .isLessThanOrEqualTo(3 * 1000);
            assertThat(resolved.get("alertId").asText())
                    .isEqualTo(firing.get("alertId").asText());
            assertThat(resolved.get("endsAt").isNull()).isFalse();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                            webhook.stream().map(w -> w.get("status").asText()))
                    .containsExactly("firing", "resolved"));
            assertThat(secrets).containsOnly("s3cret");
            assertThat(webhook.get(0).get("alertId").asText())
                    .isEqualTo(firing.get("alertId").asText());

            JsonNode api = JSON.readTree(app.get("/api/alerts?monitor=score").body());
            assertThat(api.get("active")).isEmpty();
            assertThat(api.get("recent").get(0).get("alertId").asText())
                    .isEqualTo(firing.get("alertId").asText());
            var metrics = app.metrics();
            Map<String, String> series = Map.of("monitor", "score", "model", "fraud", "severity", "warning");
            assertThat(metrics.value("drift_alert_state", series)).isZero();
            assertThat(metrics.value("drift_alerts_total", withTransition(series, "firing")))
                    .isEqualTo(1);
            assertThat(metrics.value("drift_alerts_total", withTransition(series, "resolved")))
                    .isEqualTo(1);
            assertThat(metrics.value("drift_alert_deliveries_total", Map.of("sink", "webhook", "result", "failed")))
                    .as("the webhook was down at first")
                    .isPositive();
        } finally {
            if (receiver != null) {
                receiver.stop(0);
            }
        }
    }

    private static Map<String, String> withTransition(Map<String, String> series, String transition) {
        Map<String, String> m = new LinkedHashMap<>(series);
        m.put("transition", transition);
        return m;
    }

    /** The score monitor on 10 s windows of 1 s panes, warning at 0.05 for 2 panes, no critical. */
    static Map<String, String> scoreAlerts(String topic) {
        Map<String, String> props = TestMonitors.input(topic, topic);
        props.put("driftwatch.monitors.score.field", "/score");
        props.put("driftwatch.monitors.score.kind", "numeric");
        props.put("driftwatch.monitors.score.reference", "src/test/resources/references/score.json");
        props.put("driftwatch.monitors.score.window", "10s");
        props.put("driftwatch.monitors.score.pane", "1s");
        props.put("driftwatch.monitors.score.min-samples", "500");
        props.put("driftwatch.monitors.score.alert.warning", "0.05");
        props.put("driftwatch.monitors.score.alert.critical", "off");
        props.put("driftwatch.monitors.score.alert.for", "2");
        return props;
    }

    /** Produces {@link #RATE} events per second for {@code seconds}, in real time, event time = now. */
    static void produce(
            KafkaProducer<byte[], byte[]> producer, String topic, Random random, boolean drifted, int seconds)
            throws InterruptedException {
        long total = REFERENCE[0] + REFERENCE[1] + REFERENCE[2] + REFERENCE[3] + REFERENCE[4];
        for (int s = 0; s < seconds * 10; s++) {
            long tickStart = System.nanoTime();
            for (int i = 0; i < RATE / 10; i++) {
                int bin;
                if (drifted && random.nextInt(3) == 0) {
                    bin = 6; // scores of 1.2-1.4: the overflow bin, empty in the reference
                } else {
                    long u = (long) (random.nextDouble() * total);
                    bin = 0;
                    while (u >= REFERENCE[bin]) {
                        u -= REFERENCE[bin++];
                    }
                }
                double score = 0.2 * bin + 0.2 * random.nextDouble() * 0.999;
                String json = "{\"model\":\"fraud\",\"ts\":" + System.currentTimeMillis() + ",\"score\":" + score + "}";
                KafkaSupport.send(producer, topic, "fraud", json.getBytes(StandardCharsets.UTF_8));
            }
            long sleep = 100 - (System.nanoTime() - tickStart) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        producer.flush();
    }

    private static List<JsonNode> readAlerts(String topic, Duration wait) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KafkaSupport.readNew(topic, wait)) {
            assertThat(r.key()).isEqualTo("score/fraud");
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }
}

package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A firing alert survives a handover and a {@code kill -9} restart (issue 12): two instances; the owner of the drifting
 * series is killed (the other takes the series over), the killed one is started again, then the new owner is killed
 * (the restarted one takes it back). Throughout, the webhook gets exactly one firing notification, and one resolved
 * with the same alert id when the drift ends.
 */
class AlertHandoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ALERT =
            Map.of("monitor", "score", "model", "fraud", "severity", "warning");

    @Test
    void aFiringAlertKeepsItsIdAndIsNotSentAgainAfterHandoverAndRestart() throws Exception {
        String topic = KafkaSupport.createTopic("it-handover", 4);
        int webhookPort = AppProcess.freePort();
        List<JsonNode> webhook = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", webhookPort), 0);
        receiver.createContext("/hook", exchange -> {
            webhook.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        AppProcess[] apps = new AppProcess[2];
        AtomicBoolean drifting = new AtomicBoolean(true);
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread traffic = null;
        try (KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            for (int i = 0; i < 2; i++) {
                apps[i] = AppProcess.start("handover-" + i, properties(topic, webhookPort, i));
            }
            Random random = new Random(8);
            AlertsIT.produce(producer, topic, random, false, 4);
            traffic = new Thread(() -> {
                try {
                    while (producing.get()) {
                        AlertsIT.produce(producer, topic, random, drifting.get(), 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            traffic.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> webhook.size() >= 1);
            String alertId = webhook.get(0).get("alertId").asText();
            assertThat(webhook.get(0).get("status").asText()).isEqualTo("firing");

            // handover: kill the owner; the other instance takes the series over, still firing
            int owner = owner(apps);
            long t0 = System.nanoTime();
            apps[owner].kill9();
            AppProcess survivor = apps[1 - owner];
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> survivor.metrics().valueOr("drift_alert_state", ALERT, 0) == 2);
            System.out.printf(
                    Locale.ROOT,
                    "AlertHandoverIT: kill -9 of the owner to the survivor exporting the alert FIRING: %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            // restart the killed one (same instance id), then kill the survivor: the restarted one takes it back
            apps[owner] = AppProcess.start("handover-" + owner, properties(topic, webhookPort, owner));
            AppProcess restarted = apps[owner];
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> restarted.metrics().value("drift_rebuild_in_progress", Map.of()) == 0);
            survivor.kill9();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> restarted.metrics().valueOr("drift_alert_state", ALERT, 0) == 2);
            Thread.sleep(3000); // evaluations on the restored state: nothing may be sent
            assertThat(webhook).as("no second firing notification").hasSize(1);

            drifting.set(false);
            await().atMost(Duration.ofSeconds(90)).until(() -> webhook.size() >= 2);
            assertThat(webhook.stream().map(w -> w.get("status").asText())).containsExactly("firing", "resolved");
            assertThat(webhook.get(1).get("alertId").asText()).isEqualTo(alertId);
            Thread.sleep(2000);
            assertThat(webhook).hasSize(2);
        } finally {
            producing.set(false);
            if (traffic != null) {
                traffic.join(5000);
            }
            for (AppProcess a : apps) {
                if (a != null) {
                    a.close();
                }
            }
            receiver.stop(0);
        }
    }

    private static Map<String, String> properties(String topic, int webhookPort, int instance) {
        Map<String, String> props = AlertsIT.scoreAlerts(topic);
        props.put("driftwatch.alerts.kafka.enabled", "false");
        props.put("driftwatch.alerts.webhook.url", "http://127.0.0.1:" + webhookPort + "/hook");
        props.put("driftwatch.panes.instance-id", "handover-" + instance);
        props.put("kafka.session.timeout.ms", "6000");
        props.put("kafka.heartbeat.interval.ms", "1000");
        return props;
    }

    /** The instance that exports the drifting series' alert state. */
    private static int owner(AppProcess[] apps) throws Exception {
        for (int i = 0; i < apps.length; i++) {
            if (!Double.isNaN(apps[i].metrics().valueOr("drift_alert_state", ALERT, Double.NaN))) {
                return i;
            }
        }
        throw new AssertionError("no instance exports " + ALERT);
    }
}

package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.kafka.AccessCheck;
import io.driftwatch.kafka.AclRequirement;
import io.driftwatch.kafka.Topics;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.SecuredBroker;
import io.driftwatch.testing.TestConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on a broker that requires SASL/SCRAM-SHA-512 over TLS and denies what no ACL allows, with
 * Driftwatch's principal granted exactly the documented permissions ({@link AccessCheck#required} and, since it
 * creates its topics here, {@link AccessCheck#creating}): events in and windows exact, dead letters, a reference upload
 * (a transaction), an alert on the Kafka topic (the reactive-messaging channel) and in Alertmanager's format, then a
 * restart that restores the firing alert from the alert-state topic and rebuilds the windows from the pane topic.
 * Certificates and users are made by the test ({@code keytool}, the admin API); only {@code kafka.*} keys configure
 * the security of every client.
 */
class SecuredPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "driftwatch";
    private static final String PASSWORD = "dw-" + UUID.randomUUID();
    private static final String TOKEN = "it-token-" + UUID.randomUUID();

    @Test
    void everyStageWorksOnSaslSslWithOnlyTheDocumentedPermissions() throws Exception {
        try (SecuredBroker broker = SecuredBroker.start("pipeline")) {
            broker.createUser(USER, PASSWORD);
            String input = "sec-in";
            broker.createTopics(List.of(new NewTopic(input, 2, (short) 1)));
            List<JsonNode> alertmanager = new CopyOnWriteArrayList<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/api/v2/alerts", exchange -> {
                JSON.readTree(exchange.getRequestBody()).forEach(alertmanager::add);
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            receiver.start();

            Map<String, String> props = AlertsIT.scoreAlerts(input);
            props.put("driftwatch.monitors.hour.field", "/score");
            props.put("driftwatch.monitors.hour.kind", "numeric");
            props.put("driftwatch.monitors.hour.reference", "src/test/resources/references/score.json");
            props.put("driftwatch.monitors.hour.window", "1h");
            props.put("driftwatch.monitors.hour.pane", "1m");
            props.put("driftwatch.monitors.hour.alert.warning", "off");
            props.put("driftwatch.monitors.hour.alert.critical", "off");
            props.put("driftwatch.alerts.kafka.topic", input + "-alerts");
            props.put("driftwatch.events.dead-letter-topic", input + "-dead-letters");
            props.put("driftwatch.references.topic", input + "-references");
            props.put(
                    "driftwatch.alerts.alertmanager.url",
                    "http://127.0.0.1:" + receiver.getAddress().getPort());
            props.put("driftwatch.api.token", TOKEN);
            props.put("driftwatch.panes.instance-id", "pod-0");
            DriftwatchConfig config = TestConfig.driftwatch(props);
            Topics names = new Topics(input, input, config);
            List<AclRequirement> acls = new ArrayList<>(AccessCheck.required(config, names));
            acls.addAll(AccessCheck.creating(config, names));
            broker.allow(acls.stream().map(a -> a.binding("User:" + USER)).toList());
            props.putAll(broker.appSettings(USER, PASSWORD));

            Random random = new Random(11);
            int port;
            String alertId;
            double windowBefore;
            try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                try (AppProcess app = AppProcess.start("secured-pipeline", props)) {
                    port = app.port();
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                                    app.get("/q/health/ready").statusCode())
                            .as("ready: %s", app.get("/q/health/ready").body())
                            .isEqualTo(200));
                    String health = app.get("/q/health").body();
                    assertThat(health).contains("drift-alerts", "dead-letters");

                    AlertsIT.produce(producer, input, random, false, 12);
                    for (int i = 0; i < 5; i++) {
                        producer.send(new ProducerRecord<>(input, ("not json " + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    producer.flush();
                    long good = 12L * AlertsIT.RATE;
                    Map<String, String> hour = Map.of("monitor", "hour", "model", "fraud");
                    await().atMost(Duration.ofSeconds(60))
                            .untilAsserted(() -> assertThat(app.metrics().valueOr("drift_window_samples", hour, 0))
                                    .as("every event in the hour's window, exactly")
                                    .isEqualTo(good));
                    assertThat(app.metrics()
                                    .value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                            .isEqualTo(good);

                    var put = app.request(
                            "PUT",
                            "/api/monitors/hour/reference",
                            "{\"edges\":[0.0,0.2,0.4,0.6,0.8,1.0],\"counts\":[200,200,200,200,200],\"underflow\":0,\"overflow\":0}"
                                    .getBytes(StandardCharsets.UTF_8),
                            "Authorization",
                            "Bearer " + TOKEN,
                            "Content-Type",
                            "application/json");
                    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                    assertThat(JSON.readTree(app.get("/api/monitors/hour/reference")
                                            .body())
                                    .toString())
                            .contains("upload:histogram");

                    AlertsIT.produce(producer, input, random, true, 10);
                    List<JsonNode> fired = new ArrayList<>();
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        fired.addAll(read(broker, input + "-alerts", Duration.ofSeconds(1)));
                        assertThat(fired).isNotEmpty();
                    });
                    assertThat(fired.get(0).get("status").asText()).isEqualTo("firing");
                    alertId = fired.get(0).get("alertId").asText();
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(alertmanager).anySatisfy(a -> assertThat(
                                            a.get("labels").get("alertname").asText())
                                    .isEqualTo("DriftDetected")));

                    List<ConsumerRecord<byte[], byte[]>> dead = records(broker, input + "-dead-letters");
                    assertThat(dead).hasSize(5).allSatisfy(r -> assertThat(new String(
                                    r.headers().lastHeader("driftwatch-reason").value(), StandardCharsets.UTF_8))
                            .isEqualTo("malformed-json"));
                    windowBefore = app.metrics().value("drift_window_samples", hour);
                    assertThat(Files.readString(app.log()))
                            .as("no client failed to authenticate or was refused")
                            .doesNotContain("ERROR");
                }

                try (AppProcess restarted = AppProcess.start("secured-pipeline-restarted", props, port)) {
                    Map<String, String> hour = Map.of("monitor", "hour", "model", "fraud");
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        assertThat(restarted.get("/q/health/ready").statusCode())
                                .isEqualTo(200);
                        assertThat(restarted.metrics().valueOr("drift_window_samples", hour, 0))
                                .as("the window rebuilt from the pane topic")
                                .isEqualTo(windowBefore);
                        assertThat(JSON.readTree(restarted.get("/api/alerts").body())
                                        .get("active")
                                        .toString())
                                .as("the firing alert restored from the alert-state topic")
                                .contains(alertId);
                    });
                    assertThat(Files.readString(restarted.log()))
                            .contains("restored, not sent again")
                            .doesNotContain("ERROR");
                    List<JsonNode> all = read(broker, input + "-alerts", Duration.ofSeconds(3));
                    assertThat(all.stream()
                                    .filter(a -> a.get("status").asText().equals("firing"))
                                    .map(a -> a.get("alertId").asText()))
                            .as("no second firing message after the restart")
                            .containsOnlyOnce(alertId);
                }
            } finally {
                receiver.stop(0);
            }
        }
    }

    /** Every alert message on {@code topic}, read from the beginning as the super user. */
    private static List<JsonNode> read(SecuredBroker broker, String topic, Duration wait) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records(broker, topic, wait)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(SecuredBroker broker, String topic) {
        return records(broker, topic, Duration.ofSeconds(3));
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(SecuredBroker broker, String topic, Duration wait) {
        Properties p = new Properties();
        p.putAll(broker.adminSettings());
        p.put("group.id", "reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}

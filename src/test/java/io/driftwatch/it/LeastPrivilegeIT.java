package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.kafka.AccessCheck;
import io.driftwatch.kafka.AclRequirement;
import io.driftwatch.kafka.Topics;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.SecuredBroker;
import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TestMonitors;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven on a broker with the {@code StandardAuthorizer} and {@code allow.everyone.if.no.acl.found=false},
 * its topics created by the platform ({@code driftwatch.topics.create=false}): the documented permissions
 * ({@link AccessCheck#required}) are enough for the whole pipeline, and with any one of them revoked a fresh instance
 * turns readiness DOWN within seconds with a reason that names the missing permission and its resource. Each case and
 * the reason it got are written to {@code target/it-logs/least-privilege.txt}.
 */
class LeastPrivilegeIT {

    private static final String USER = "driftwatch";
    private static final String PASSWORD = "dw-" + UUID.randomUUID();
    private static final String TOKEN = "it-token-" + UUID.randomUUID();

    @Test
    void theDocumentedPermissionsSufficeAndEachMissingOneIsNamed() throws Exception {
        try (SecuredBroker broker = SecuredBroker.start("least-privilege")) {
            broker.createUser(USER, PASSWORD);
            String input = "lp-in";
            Map<String, String> props = TestMonitors.properties(input, input);
            props.put("driftwatch.topics.create", "false");
            props.put("driftwatch.alerts.kafka.topic", input + "-alerts");
            props.put("driftwatch.events.dead-letter-topic", input + "-dead-letters");
            props.put("driftwatch.references.topic", input + "-references");
            props.put("driftwatch.api.token", TOKEN);
            DriftwatchConfig config = TestConfig.driftwatch(props);
            Topics names = new Topics(input, input, config);
            PlatformTopicsIT.createAsThePlatform(broker, names, 12, Optional.empty());
            broker.createTopics(List.of(new NewTopic(input, 2, (short) 1)));
            List<AclRequirement> required = AccessCheck.required(config, names);
            broker.allow(required.stream().map(a -> a.binding("User:" + USER)).toList());
            props.putAll(broker.appSettings(USER, PASSWORD));

            try (AppProcess app = AppProcess.start("least-privilege", props);
                    KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                awaitReady(app);
                TestMonitors.Generator events = new TestMonitors.Generator(3, "fraud");
                for (int i = 0; i < 500; i++) {
                    producer.send(new ProducerRecord<>(input, events.next()));
                }
                producer.send(new ProducerRecord<>(input, "not json".getBytes(StandardCharsets.UTF_8)));
                producer.flush();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                                app.metrics().valueOr("drift_window_samples", TestMonitors.series("score", "fraud"), 0))
                        .isEqualTo(500));
                // 60 s: a produce response the broker is slow to send is retried after the producer's 30 s request
                // timeout (seen once in CI: the copy was in the topic, its acknowledgement came later)
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                                app.metrics().value("drift_dead_letters_total", Map.of("result", "sent")))
                        .isEqualTo(1));
                HttpResponse<String> put = app.request(
                        "PUT",
                        "/api/monitors/score/reference",
                        "{\"edges\":[0.0,0.2,0.4,0.6,0.8,1.0],\"counts\":[200,200,200,200,200]}"
                                .getBytes(StandardCharsets.UTF_8),
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "application/json");
                assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                assertThat(Files.readString(app.log())).doesNotContain("ERROR");
            }

            Map<String, String> reasons = new LinkedHashMap<>();
            int n = 0;
            for (AclRequirement missing : required) {
                var acl = List.of(missing.binding("User:" + USER));
                broker.revoke(acl);
                try (AppProcess app = AppProcess.start("least-privilege-without-" + n++, props)) {
                    String expected = missing.type() == ResourceType.TRANSACTIONAL_ID
                            ? "transactional id " + missing.name()
                            : missing.describe();
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                                    app.get("/q/health/ready").body())
                            .as("without %s", missing.describe())
                            .contains(expected));
                    HttpResponse<String> ready = app.get("/q/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    reasons.put(missing.describe(), reason(ready.body(), expected));
                    assertThat(Files.readString(app.log()))
                            .as("an ERROR line names it")
                            .containsPattern("(?s)ERROR [^\\n]*Kafka .*" + java.util.regex.Pattern.quote(expected));
                } finally {
                    broker.allow(acl);
                }
            }
            StringBuilder table = new StringBuilder();
            reasons.forEach((acl, reason) -> table.append("without ")
                    .append(acl)
                    .append("\n    readiness: ")
                    .append(reason)
                    .append('\n'));
            Path out = Path.of("target", "it-logs", "least-privilege.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table.toString());
            System.out.println(table);
            assertThat(reasons).hasSize(required.size());
        }
    }

    static void awaitReady(AppProcess app) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(app.get("/q/health/ready").statusCode())
                        .as("ready: %s", app.get("/q/health/ready").body())
                        .isEqualTo(200));
    }

    /** The line of the readiness body that holds {@code expected}. */
    private static String reason(String body, String expected) {
        for (String line : body.split("\n")) {
            if (line.contains(expected)) {
                return line.strip();
            }
        }
        return body;
    }
}

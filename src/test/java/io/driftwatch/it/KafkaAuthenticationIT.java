package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.SecuredBroker;
import io.driftwatch.testing.TestMonitors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A broker that refuses Driftwatch's credentials, or whose certificate Driftwatch does not trust, is reported as what
 * it is within seconds — readiness "authentication failed" naming the client and the cause, an {@code ERROR} line —
 * never as "broker unreachable" after a time-out; and no secret is ever printed, in the log or on an endpoint.
 */
class KafkaAuthenticationIT {

    @Test
    void aWrongPasswordOrAnUntrustedCertificateIsNamedAtOnceAndNoSecretIsPrinted() throws Exception {
        try (SecuredBroker broker = SecuredBroker.start("authentication")) {
            String password = "right-" + UUID.randomUUID();
            broker.createUser("driftwatch", password);
            String wrong = "wrong-" + UUID.randomUUID();
            Map<String, String> props = TestMonitors.properties("auth-in", "auth-in");
            props.putAll(broker.appSettings("driftwatch", wrong));
            try (AppProcess app = AppProcess.start("authentication-wrong-password", props)) {
                long started = System.nanoTime();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                                app.get("/q/health/ready").body())
                        .contains("authentication failed")
                        .contains("SASL authentication failed")
                        .doesNotContain("unreachable"));
                System.out.printf(
                        "wrong password: readiness said so after %.1f s%n", (System.nanoTime() - started) / 1e9);
                String log = Files.readString(app.log());
                assertThat(log).containsPattern("ERROR .*Kafka authentication failed: .*SASL authentication failed");
                for (String endpoint : new String[] {"/q/health", "/q/metrics", "/api/monitors", "/api/alerts"}) {
                    assertThat(app.get(endpoint).body()).as(endpoint).doesNotContain(wrong);
                }
                assertThat(log).as("the log").doesNotContain(wrong);
            }

            Path untrusted = Files.createTempFile("untrusted", ".p12");
            Files.delete(untrusted);
            SecuredBroker.keystoreWithoutTheBroker(untrusted);
            props.putAll(broker.appSettings("driftwatch", password));
            props.put("kafka.ssl.truststore.location", untrusted.toString());
            try (AppProcess app = AppProcess.start("authentication-untrusted", props)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                                app.get("/q/health/ready").body())
                        .contains("authentication failed")
                        .contains("TLS handshake with the broker failed")
                        .doesNotContain("unreachable"));
                assertThat(Files.readString(app.log())).containsPattern("ERROR .*TLS handshake with the broker failed");
            }
        }
    }
}

package io.driftwatch.health;

import io.driftwatch.kafka.KafkaProblems;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code driftwatch-kafka}: DOWN, with the reason, as soon as a Kafka client of Driftwatch reports a
 * failed authentication or TLS handshake, a missing permission or missing topics ({@link KafkaProblems}: the reason
 * names the client and what the broker said), and when the broker has not answered for 10 s (five missed 2 s probes
 * of {@link KafkaProbe}). The app keeps running and resumes by itself when the problem is fixed; liveness is
 * unaffected. Secrets are never part of a reason.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProbe broker;
    private final KafkaProblems problems;

    BrokerReadiness(KafkaProbe broker, KafkaProblems problems) {
        this.broker = broker;
        this.problems = problems;
    }

    @Override
    public HealthCheckResponse call() {
        List<KafkaProblems.Problem> now = problems.current();
        long silentMillis = broker.nanosSinceBrokerAnswered() / 1_000_000;
        boolean reachable = silentMillis < BROKER_TIMEOUT.toMillis();
        var response = HealthCheckResponse.named("driftwatch-kafka").status(reachable && now.isEmpty());
        if (!now.isEmpty()) {
            response.withData("reason", now.get(0).describe());
            for (int i = 1; i < now.size(); i++) {
                response.withData("also-" + i, now.get(i).describe());
            }
        } else if (!reachable) {
            response.withData(
                    "reason",
                    "Kafka broker unreachable for " + silentMillis / 1000 + " s (last error: " + broker.lastError()
                            + "); ingestion resumes when it is back");
        }
        return response.build();
    }
}

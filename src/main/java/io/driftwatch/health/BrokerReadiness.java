package io.driftwatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code driftwatch-kafka}: DOWN, with the reason, when the broker has not answered for 10 s (five
 * missed 2 s probes of {@link KafkaProbe}). The app keeps running and resumes by itself when the broker is back;
 * liveness is unaffected.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProbe broker;

    BrokerReadiness(KafkaProbe broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        long silentMillis = broker.nanosSinceBrokerAnswered() / 1_000_000;
        boolean up = silentMillis < BROKER_TIMEOUT.toMillis();
        var response = HealthCheckResponse.named("driftwatch-kafka").status(up);
        if (!up) {
            response.withData(
                    "reason",
                    "Kafka broker unreachable for " + silentMillis / 1000 + " s (last error: " + broker.lastError()
                            + "); ingestion resumes when it is back");
        }
        return response.build();
    }
}

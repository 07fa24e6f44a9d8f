package io.driftwatch.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN, with the reason, when the broker has not answered for 10 s (five missed 2 s probes). The app keeps
 * running and resumes by itself when the broker is back; liveness is unaffected. A window rebuild in progress is
 * reported, but does not make the app unready.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    private final BrokerProbe broker;
    private final AppliedOffsets applied;

    BrokerReadiness(BrokerProbe broker, AppliedOffsets applied) {
        this.broker = broker;
        this.applied = applied;
    }

    @Override
    public HealthCheckResponse call() {
        long silentMillis = broker.nanosSinceBrokerAnswered() / 1_000_000;
        boolean up = silentMillis < BROKER_TIMEOUT.toMillis();
        var response = HealthCheckResponse.named("driftwatch-kafka")
                .status(up)
                .withData("rebuild-in-progress", applied.rebuilding());
        if (!up) {
            response.withData(
                    "reason",
                    "Kafka broker unreachable for " + silentMillis / 1000 + " s (last error: " + broker.lastError()
                            + "); ingestion resumes when it is back");
        }
        return response.build();
    }
}

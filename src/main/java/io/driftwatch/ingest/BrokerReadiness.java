package io.driftwatch.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: "my series are complete". DOWN, with the reason, when the broker has not answered for 10 s (five missed
 * 2 s probes), and until this instance has been assigned its pane-topic partitions and has rebuilt their series'
 * windows (so a rolling update waits for the new pod's windows before it stops the next old one). The app keeps
 * running and resumes by itself when the broker is back; liveness is unaffected.
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
        boolean brokerUp = silentMillis < BROKER_TIMEOUT.toMillis();
        boolean rebuilding = applied.awaitingAssignment() || applied.rebuilding();
        boolean up = brokerUp && !rebuilding;
        var response =
                HealthCheckResponse.named("driftwatch-kafka").status(up).withData("rebuild-in-progress", rebuilding);
        if (brokerUp && rebuilding) {
            response.withData(
                    "reason",
                    applied.awaitingAssignment()
                            ? "waiting for the owners' group to assign pane-topic partitions"
                            : "rebuilding the windows of the series this instance owns from the pane topic");
        }
        if (!brokerUp) {
            response.withData(
                    "reason",
                    "Kafka broker unreachable for " + silentMillis / 1000 + " s (last error: " + broker.lastError()
                            + "); ingestion resumes when it is back");
        }
        return response.build();
    }
}

package io.driftwatch.health;

import io.driftwatch.owner.AppliedOffsets;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code driftwatch-windows}: "my series are complete". DOWN, with the reason, until this instance has
 * been assigned its pane-topic partitions and has rebuilt their series' windows, so a rolling update waits for the new
 * pod's windows before it stops the next old one.
 */
@Readiness
@ApplicationScoped
public class WindowsReadiness implements HealthCheck {

    private final AppliedOffsets applied;

    WindowsReadiness(AppliedOffsets applied) {
        this.applied = applied;
    }

    @Override
    public HealthCheckResponse call() {
        boolean awaiting = applied.awaitingAssignment();
        boolean rebuilding = awaiting || applied.rebuilding();
        var response = HealthCheckResponse.named("driftwatch-windows")
                .status(!rebuilding)
                .withData("rebuild-in-progress", rebuilding);
        if (rebuilding) {
            response.withData(
                    "reason",
                    awaiting
                            ? "waiting for the owners' group to assign pane-topic partitions"
                            : "rebuilding the windows of the series this instance owns from the pane topic");
        }
        return response.build();
    }
}

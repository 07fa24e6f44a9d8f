package io.driftwatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class HeapLivenessTest {

    @Test
    void downWhenTheHeapStaysNearlyFullAfterACollection() {
        long max = 400L << 20;
        assertThat(HeapLiveness.status(200L << 20, max).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        HealthCheckResponse full = HeapLiveness.status(390L << 20, max);
        assertThat(full.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(full.getData().orElseThrow().get("reason").toString()).contains("97 % full");
        assertThat(new HeapLiveness().call().getStatus())
                .as("this test JVM is not out of memory")
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}

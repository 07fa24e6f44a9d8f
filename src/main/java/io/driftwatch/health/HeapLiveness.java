package io.driftwatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN when the heap is still more than {@value #LIMIT_PERCENT} % full right after a garbage collection — the
 * state in which allocations fail with {@code OutOfMemoryError} (scrapes answer 500, the consumer stops) while the
 * process would otherwise look alive. Kubernetes then restarts the pod. (If the heap is so full that this answer cannot
 * be built, the probe fails all the same.)
 */
@Liveness
@ApplicationScoped
public class HeapLiveness implements HealthCheck {

    static final int LIMIT_PERCENT = 95;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
            .toList();

    @Override
    public HealthCheckResponse call() {
        long max = Runtime.getRuntime().maxMemory();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage usage = pool.getCollectionUsage();
            if (usage != null) {
                afterGc += usage.getUsed();
            }
        }
        return status(afterGc, max);
    }

    static HealthCheckResponse status(long usedAfterGc, long max) {
        boolean up = max <= 0 || usedAfterGc * 100 < max * LIMIT_PERCENT;
        var response = HealthCheckResponse.named("driftwatch-heap")
                .status(up)
                .withData("heap-after-gc-mb", usedAfterGc >> 20)
                .withData("heap-max-mb", max >> 20);
        if (!up) {
            response.withData(
                    "reason",
                    "the heap is " + (usedAfterGc * 100 / max) + " % full after garbage collection: out of memory"
                            + " (too many series for the heap? see docs/configuration.md, Limits)");
        }
        return response.build();
    }
}

package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * What every monitor uses unless it sets its own ({@code driftwatch.monitors.<name>.window} and so on): set once for
 * all monitors under {@code driftwatch.monitor-defaults.*}.
 */
public interface MonitorDefaults {

    /** Length of the sliding window, a multiple of the pane. Default {@code 5m}. */
    @WithDefault("5m")
    Duration window();

    /** Length of one pane: the window advances in steps of one pane. Default {@code 10s}. */
    @WithDefault("10s")
    Duration pane();

    /** Number of quantile bins when a numeric reference is given as samples. Default {@code 20}. */
    @WithDefault("20")
    int bins();

    /** Windows with fewer live events report "insufficient data" (NaN). Default {@code 100}. */
    @WithName("min-samples")
    @WithDefault("100")
    long minSamples();

    /** Additive smoothing pseudo-count per bin, on both sides, {@code >= 0}. Default {@code 0.5}. */
    @WithName("pseudo-count")
    @WithDefault("0.5")
    double pseudoCount();
}

package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The built-in prediction simulator. */
public interface SimulatorConfig {

    /** Run the simulator inside this process. Default {@code false}. */
    @WithDefault("false")
    boolean enabled();

    /** Topic it produces to. Default {@code predictions}. */
    @WithDefault("predictions")
    String topic();

    /** Events per second, per model. Default {@code 200}. */
    @WithDefault("200")
    int rate();

    /** Model names it simulates, comma-separated. Default {@code fraud,churn}. */
    @WithDefault("fraud,churn")
    java.util.List<String> models();

    /** Time after start at which the simulated traffic starts to drift. Default {@code 60s}. */
    @WithName("drift-after")
    @WithDefault("60s")
    Duration driftAfter();

    /** How long the drift lasts before traffic follows the reference again; absent: forever. */
    @WithName("drift-for")
    Optional<Duration> driftFor();

    /** Random seed. Default {@code 42}. */
    @WithDefault("42")
    long seed();
}

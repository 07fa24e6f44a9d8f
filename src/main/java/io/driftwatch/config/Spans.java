package io.driftwatch.config;

import java.time.Duration;

/** Spans of time derived from the configuration that several parts must agree on. Stateless. */
public final class Spans {

    private Spans() {}

    /**
     * The longest window plus {@code driftwatch.events.allowed-lateness}: where stage 1 starts reading an input
     * partition its group never committed, and how far back a rebuild must reach (plus one flush, {@link #rebuild}).
     */
    public static Duration replay(DriftwatchConfig config) {
        long longest = config.monitors().values().stream()
                .mapToLong(m ->
                        m.window().orElse(config.monitorDefaults().window()).toMillis())
                .max()
                .orElse(0);
        return Duration.ofMillis(longest).plus(config.events().allowedLateness());
    }

    /**
     * How far back an owner rebuilds from the pane topic: {@link #replay} plus one flush interval (a delta is
     * published up to one flush after its events were read). The pane topic's retention must cover it.
     */
    public static Duration rebuild(DriftwatchConfig config) {
        return replay(config).plus(config.panes().flushInterval());
    }
}

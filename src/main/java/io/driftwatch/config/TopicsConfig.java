package io.driftwatch.config;

import io.smallrye.config.WithDefault;

/** Who creates Driftwatch's topics ({@code driftwatch.topics.*}). */
public interface TopicsConfig {

    /**
     * {@code true} (default): Driftwatch creates the topics it needs that are missing (pane, alert-state, reference,
     * alert and dead-letter topics), which needs the {@code Create} ACL. {@code false}: the platform creates them
     * (e.g. Strimzi {@code KafkaTopic} resources); Driftwatch only checks them and names what to create.
     */
    @WithDefault("true")
    boolean create();
}

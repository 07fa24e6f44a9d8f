package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Run-time references: kept in a compacted Kafka topic, so they survive restarts and every instance sees them. */
public interface ReferencesConfig {

    /**
     * Store and read run-time references. Default {@code true}. When {@code false}, only configured references
     * are used and the mutating reference endpoints answer 503.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The compacted topic (one record per monitor and model, the latest wins); created with
     * {@code cleanup.policy=compact} if missing. Default {@code driftwatch-references}.
     */
    @WithDefault("driftwatch-references")
    String topic();

    /**
     * How long startup waits to read the stored references before events are scored; after it, events are scored
     * against configured references until the store answers. Default {@code 20s}.
     */
    @WithName("load-timeout")
    @WithDefault("20s")
    Duration loadTimeout();

    /** How long a REST change waits for the broker to store it and for it to be applied. Default {@code 15s}. */
    @WithName("write-timeout")
    @WithDefault("15s")
    Duration writeTimeout();

    /** Replication factor when the topic is created; {@code -1}: the broker's default. Default {@code -1}. */
    @WithName("replication-factor")
    @WithDefault("-1")
    short replicationFactor();

    /**
     * Most bins a numeric reference may have (configured file, upload or stored record; also the most
     * {@code bins} a monitor may ask for): each series keeps {@code panes x bins} counters. 1 to 100000. Default
     * {@code 1000}.
     */
    @WithName("max-bins")
    @WithDefault("1000")
    int maxBins();

    /**
     * Most categories a categorical reference may have (configured file, upload or stored record). 1 to 100000.
     * Default {@code 1000}.
     */
    @WithName("max-categories")
    @WithDefault("1000")
    int maxCategories();

    /**
     * Categories a categorical feature built from a training file keeps; the rarer values are counted together in its
     * "other" (unseen) bin, so a high-cardinality field costs at most this many bins. 1 to {@link #maxCategories()}.
     * Default {@code 50}.
     */
    @WithName("top-categories")
    @WithDefault("50")
    int topCategories();
}

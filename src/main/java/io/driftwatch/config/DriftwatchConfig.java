package io.driftwatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;

/**
 * All of Driftwatch's own configuration, under the prefix {@code driftwatch}. Every key can be set in
 * {@code application.properties}, as a {@code -D} system property or as an environment variable
 * ({@code DRIFTWATCH_MONITORS_SCORE_FIELD} for {@code driftwatch.monitors.score.field}, see docs/configuration.md).
 */
@ConfigMapping(prefix = "driftwatch")
public interface DriftwatchConfig {

    /** The prediction topic and stage 1's consumer group. */
    InputConfig input();

    /** Who creates the topics. */
    TopicsConfig topics();

    /**
     * One Kafka client's own settings, {@code driftwatch.kafka.<client>.<kafka property>} ({@code <client>}: input,
     * owner, panes, alerts, alert-states, references, dead-letters, admin, simulator); they win over {@code kafka.*}.
     */
    Map<String, Map<String, String>> kafka();

    /** The monitors, by name ({@code driftwatch.monitors.<name>.*}). Names become the {@code monitor} metric tag. */
    Map<String, MonitorConfig> monitors();

    /** Window, pane, bins, min-samples and pseudo-count of every monitor that does not set its own. */
    @WithName("monitor-defaults")
    MonitorDefaults monitorDefaults();

    /** How events are read. */
    EventsConfig events();

    /**
     * Significance level for the noise floor ({@code drift_kl_noise_floor}). Default {@code 0.01}.
     */
    @WithDefault("0.01")
    double alpha();

    /**
     * Maximum number of series (monitor x model) kept in memory; events that would create more are rejected with
     * reason {@code series-limit}. Default {@code 10000}.
     */
    @WithName("max-series")
    @WithDefault("10000")
    int maxSeries();

    /**
     * When a series has received no event for this long, its window end follows the wall clock, so a model that stopped
     * sending shows an emptying window and then "insufficient data" instead of a frozen old value. Default {@code 1m}.
     */
    @WithName("idle-timeout")
    @WithDefault("1m")
    Duration idleTimeout();

    /**
     * A series that received no event for this long is removed with its metrics, trend and alert state (a firing alert
     * is resolved); if its model sends again, it starts a new series. {@code 0s}: never. Default {@code 1h}.
     */
    @WithName("evict-after")
    @WithDefault("1h")
    Duration evictAfter();

    /**
     * Publish {@code drift_bin_share{bin,source}}: the live and reference share of every bin of every series (2 x bins
     * gauges per series), for histogram panels. Default {@code true}.
     */
    @WithName("metrics.bin-shares")
    @WithDefault("true")
    boolean binShares();

    /**
     * Most series whose {@code drift_bin_share} gauges are published (the first ones created): 2 x bins lines per
     * series, the largest part of a scrape. Default {@code 100}.
     */
    @WithName("metrics.bin-share-series")
    @WithDefault("100")
    int binShareSeries();

    /**
     * Publish {@code drift_kl_contribution{bin}} for the bins that contribute most to each series' forward KL (whole
     * window): at most this many lines per series, every series; {@code 0}: none. Default {@code 3}.
     */
    @WithName("metrics.top-contributors")
    @WithDefault("3")
    int topContributors();

    /** Drift alerts: rule defaults and where alerts are delivered. */
    AlertsConfig alerts();

    /** The built-in prediction simulator (demo and benchmarks). */
    SimulatorConfig simulator();

    /** Where run-time references are stored and shared. */
    ReferencesConfig references();

    /** The REST API and the page at {@code /}. */
    ApiConfig api();

    /**
     * The two stages over Kafka: stage 1 (every instance) publishes pane deltas of the events it reads to the pane
     * topic, in one transaction with the input offsets; stage 2 (every instance) owns the series of its pane-topic
     * partitions. Topic and group names default to ones derived from the input's {@code group.id}, so two deployments
     * on one broker never share them.
     */
    PanesConfig panes();
}

package io.driftwatch.config;

import io.driftwatch.core.histogram.Kind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * All of Driftwatch's own configuration, under the prefix {@code driftwatch}. Every key can be set in
 * {@code application.properties}, as a {@code -D} system property or as an environment variable
 * ({@code DRIFTWATCH_MONITORS_SCORE_FIELD} for {@code driftwatch.monitors.score.field}, see docs/configuration.md).
 */
@ConfigMapping(prefix = "driftwatch")
public interface DriftwatchConfig {

    /** The monitors, by name ({@code driftwatch.monitors.<name>.*}). Names become the {@code monitor} metric tag. */
    Map<String, Monitor> monitors();

    /** How events are read. */
    Events events();

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

    /** Drift alerts: rule defaults and where alerts are delivered. */
    Alerts alerts();

    /** The built-in prediction simulator (demo and benchmarks). */
    Simulator simulator();

    /** Where run-time references are stored and shared. */
    References references();

    /** The REST API and the page at {@code /}. */
    Api api();

    /**
     * The two stages over Kafka: stage 1 (every instance) publishes pane deltas of the events it reads to the pane
     * topic, in one transaction with the input offsets; stage 2 (every instance) owns the series of its pane-topic
     * partitions. Topic and group names default to ones derived from the input's {@code group.id}, so two deployments
     * on one broker never share them.
     */
    Panes panes();

    /** Pane topic, flushes and the alert-state topic. */
    interface Panes {

        /** The pane topic. Default: {@code <input group.id>-panes}. */
        Optional<String> topic();

        /** Consumer group of the series owners (stage 2). Default: {@code <input group.id>-owners}. */
        @WithName("owner-group")
        Optional<String> ownerGroup();

        /**
         * Partitions of the pane topic when Driftwatch creates it: the most instances that can own series at once.
         * An existing topic with fewer is a start-up error. Default {@code 12}.
         */
        @WithDefault("12")
        int partitions();

        /** Replication factor when the topics are created; {@code -1}: the broker's default. Default {@code -1}. */
        @WithName("replication-factor")
        @WithDefault("-1")
        short replicationFactor();

        /**
         * Retention of the pane topic when Driftwatch creates it; at least the longest window plus
         * {@code driftwatch.events.allowed-lateness} plus one flush interval (else a start-up error). Default: twice
         * that, and at least 1 h.
         */
        Optional<Duration> retention();

        /**
         * How often stage 1 publishes its deltas and commits the input offsets (one transaction); also on revoke and
         * shutdown. The delay between an event and its window is about this. Default {@code 1s}.
         */
        @WithName("flush-interval")
        @WithDefault("1s")
        Duration flushInterval();

        /**
         * This instance's name in its transactional id ({@code <pane topic>-<instance-id>}): give each replica its
         * own stable one (the pod name), so that a restarted instance aborts its predecessor's open transaction at
         * once. Default: a random one per start (an unfinished transaction of a killed instance then blocks the
         * owners' reads until {@code transaction-timeout} passes).
         */
        @WithName("instance-id")
        Optional<String> instanceId();

        /** Transaction timeout of stage 1's producer. Default {@code 10s}. */
        @WithName("transaction-timeout")
        @WithDefault("10s")
        Duration transactionTimeout();

        /** The compacted topic of firing alerts, so that they survive restarts and handovers. Default: {@code <input group.id>-alert-states}. */
        @WithName("alert-state-topic")
        Optional<String> alertStateTopic();
    }

    /** Run-time references: kept in a compacted Kafka topic, so they survive restarts and every instance sees them. */
    interface References {

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
    }

    /** The REST API. */
    interface Api {

        /**
         * Bearer token that every mutating request must present ({@code Authorization: Bearer <token>}); set it with
         * the environment variable {@code DRIFTWATCH_API_TOKEN}. Unset (default): mutations are disabled (403), reads
         * stay open.
         */
        Optional<String> token();

        /** Largest accepted upload (request body), bytes; larger requests get 413. Default {@code 16777216} (16 MiB). */
        @WithName("max-upload-bytes")
        @WithDefault("16777216")
        int maxUploadBytes();

        /**
         * Reference changes waiting to be processed (two run at a time, on their own threads, after their body was
         * read without holding a worker thread); more answer 503. Default {@code 16}.
         */
        @WithName("max-pending-changes")
        @WithDefault("16")
        int maxPendingChanges();

        /** Points of KL history kept per series for the page's trend chart (one per pane). Default {@code 360}. */
        @WithName("trend-points")
        @WithDefault("360")
        int trendPoints();
    }

    /** One monitored field. */
    interface Monitor {

        /** JSON Pointer (RFC 6901) of the monitored value in each event, e.g. {@code /score}. Required. */
        String field();

        /** {@code numeric} (binned by edges) or {@code categorical} (one bin per category). Required. */
        Kind kind();

        /** Path of the reference JSON file (see docs/references.md for its formats). Required. */
        String reference();

        /** Length of the sliding window, a multiple of {@link #pane()}. Default {@code 5m}. */
        @WithDefault("5m")
        Duration window();

        /** Length of one pane: the window advances in steps of one pane. Default {@code 10s}. */
        @WithDefault("10s")
        Duration pane();

        /** Number of quantile bins when the reference is given as numeric samples. Default {@code 20}. */
        @WithDefault("20")
        int bins();

        /** Only events whose {@code model} equals this are monitored; absent: every model, one series each. */
        Optional<String> model();

        /** Windows with fewer live events report "insufficient data" (NaN). Default {@code 100}. */
        @WithName("min-samples")
        @WithDefault("100")
        long minSamples();

        /** Additive smoothing pseudo-count per bin, on both sides, {@code >= 0}. Default {@code 0.5}. */
        @WithName("pseudo-count")
        @WithDefault("0.5")
        double pseudoCount();

        /**
         * {@code false} (default): an event without this field (or with {@code null}) is rejected as a whole with
         * reason {@code missing-field}. {@code true}: such an event simply does not feed this monitor.
         */
        @WithDefault("false")
        boolean optional();

        /**
         * Per-model overrides ({@code driftwatch.monitors.<name>.models.<model>.reference}): the reference a model's
         * series uses instead of the monitor's {@link #reference()}.
         */
        Map<String, ModelOverride> models();

        /** This monitor's alert rule; unset keys fall back to {@code driftwatch.alerts.rule.*}. */
        AlertRuleConfig alert();
    }

    /**
     * An alert rule; every key optional. Effective value: the monitor's ({@code driftwatch.monitors.<name>.alert.*}),
     * else the default ({@code driftwatch.alerts.rule.*}), else the built-in default given here.
     */
    interface AlertRuleConfig {

        /** {@code kl} (default), {@code kl-reverse}, {@code js}, {@code psi} or {@code kl-corrected}. */
        Optional<String> statistic();

        /**
         * {@code budget} (default): alert when the window shows, within the false-alarm budget, a drift at least the
         * threshold. {@code significance}: the rule before budgets — statistic at or above the threshold and p-value
         * below {@code alpha} at every evaluation.
         */
        Optional<String> decision();

        /** Warning threshold of the statistic; {@code off} disables it. Built-in default {@code 0.05}. */
        Optional<String> warning();

        /** Critical threshold of the statistic; {@code off} disables it. Built-in default {@code 0.15}. */
        Optional<String> critical();

        /** {@code decision=significance} only: alert only while the p-value is below this. Built-in default {@code 0.01}. */
        Optional<Double> alpha();

        /** Windows with fewer events never alert. Built-in default: the monitor's {@code min-samples}. */
        @WithName("min-samples")
        Optional<Long> minSamples();

        /** Consecutive panes the condition must hold before firing. Built-in default {@code 2}. */
        @WithName("for")
        Optional<Integer> forPanes();

        /** A firing alert resolves below {@code clear-factor x threshold}. Built-in default {@code 0.8}. */
        @WithName("clear-factor")
        Optional<Double> clearFactor();

        /** Consecutive clean panes before a firing alert resolves. Built-in default {@code 2}. */
        @WithName("clear-panes")
        Optional<Integer> clearPanes();
    }

    /** Alert evaluation and delivery. */
    interface Alerts {

        /** Evaluate alert rules at all. Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** Rule defaults for every monitor. */
        AlertRuleConfig rule();

        /**
         * The false-alarm budget of each series: how many alerts a day a series without drift (or with a drift below
         * the thresholds) may raise, in expectation. The per-evaluation level is derived from it, the pane length and
         * {@code for} (see docs/alerts.md). Default {@code 0.0333} (one in 30 days).
         */
        @WithName("false-alarms-per-day")
        @WithDefault("0.0333333333")
        double falseAlarmsPerDay();

        /**
         * The budget for all series together instead of each: split evenly over the series monitored at the time.
         * Takes precedence over {@code false-alarms-per-day} when set.
         */
        @WithName("fleet-false-alarms-per-day")
        Optional<Double> fleetFalseAlarmsPerDay();

        /**
         * A window holding more than this many times its reference's events is flagged "reference too small"
         * ({@code drift_reference_too_small}, a log line, the page). Default {@code 0.5}: from about there on, a
         * p-value's false alarms depend on which reference was drawn (deploy/test/alert-calibration.sh).
         */
        @WithName("reference-ratio-warning")
        @WithDefault("0.5")
        double referenceRatioWarning();

        /** How many resolved alerts {@code GET /api/alerts} keeps. Default {@code 200}. */
        @WithName("history-size")
        @WithDefault("200")
        int historySize();

        /** Kafka delivery. */
        KafkaSink kafka();

        /** Alertmanager delivery. */
        AlertmanagerSink alertmanager();

        /** Generic webhook delivery. */
        WebhookSink webhook();
    }

    /** Alerts as JSON messages on a Kafka topic, keyed by monitor/model. */
    interface KafkaSink {

        /** Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** Default {@code drift-alerts}. */
        @WithDefault("drift-alerts")
        String topic();
    }

    /** Alertmanager v2 API delivery. */
    interface AlertmanagerSink {

        /** Base URL, e.g. {@code http://alertmanager:9093}; absent: not used. */
        Optional<String> url();

        /**
         * Firing alerts are re-sent this often, with {@code endsAt} four intervals ahead, as Prometheus does.
         * Default {@code 30s}.
         */
        @WithName("resend-interval")
        @WithDefault("30s")
        Duration resendInterval();
    }

    /** A generic JSON webhook. */
    interface WebhookSink {

        /** URL to POST every firing/resolved message to; absent: not used. */
        Optional<String> url();

        /** Sent as header {@code X-Driftwatch-Secret} when set (put it in a Secret / env var). */
        Optional<String> secret();
    }

    /** What one model overrides in a monitor. */
    interface ModelOverride {

        /** Path of this model's reference file (same formats as the monitor's). Required. */
        String reference();
    }

    /** Where the model name and event time are found in each event. */
    interface Events {

        /** JSON Pointer of the model name. Default {@code /model}. */
        @WithName("model-field")
        @WithDefault("/model")
        String modelField();

        /** Model name used for events without one. Default {@code default}. */
        @WithName("default-model")
        @WithDefault("default")
        String defaultModel();

        /**
         * JSON Pointer of the event time: ISO-8601 text or epoch milliseconds. Events without it use the Kafka record
         * timestamp. Default {@code /ts}.
         */
        @WithName("time-field")
        @WithDefault("/ts")
        String timeField();

        /**
         * Events more than this far ahead of the wall clock are rejected ({@code future-timestamp}) so that a broken
         * clock cannot drag every window forward. Default {@code 5m}.
         */
        @WithName("max-clock-skew")
        @WithDefault("5m")
        Duration maxClockSkew();

        /**
         * How far a series' window end may run ahead of the wall clock. An accepted event further ahead (up to
         * {@code max-clock-skew}) does not move the window: it is held in its own future pane and enters the window
         * when its time comes ({@code drift_early_events_total}), so one producer with a fast clock cannot make every
         * other event late. Default {@code 1s}.
         */
        @WithName("max-window-lead")
        @WithDefault("1s")
        Duration maxWindowLead();

        /** Records with a larger value are rejected ({@code oversized}) without being parsed. Default 1 MiB. */
        @WithName("max-bytes")
        @WithDefault("1048576")
        int maxBytes();

        /**
         * How far out of order events may arrive, by event time. On start and on every partition assignment the
         * consumer replays each partition from the offset of time {@code now - longest window - allowed-lateness}, so
         * windows are rebuilt exactly from the log as long as events are not more out of order than this. Default
         * {@code 30s}.
         */
        @WithName("allowed-lateness")
        @WithDefault("30s")
        Duration allowedLateness();

        /**
         * If set, every rejected record is also sent to this topic: the raw key and value (values over 512 KiB
         * truncated) with headers {@code driftwatch-reason}, {@code driftwatch-detail} and the source topic,
         * partition and offset. Default: no dead-letter topic.
         */
        @WithName("dead-letter-topic")
        Optional<String> deadLetterTopic();

        /**
         * Threads that ingest the polled records beside the polling thread (the next poll's fetch overlaps the ingest
         * of this one), a poll's partitions split between them (a partition's records stay in order on one thread);
         * 0: as many as the machine has processors, at most 8. More threads than assigned partitions do nothing.
         * Default 1: on the 2-core machine the benchmarks run on, shared with the broker, 2 threads were no faster
         * (docs/benchmarks.md).
         */
        @WithName("ingest-threads")
        @WithDefault("1")
        int ingestThreads();
    }

    /** The built-in prediction simulator. */
    interface Simulator {

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
}

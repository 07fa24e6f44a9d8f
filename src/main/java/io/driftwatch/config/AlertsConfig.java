package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Alert evaluation and delivery. */
public interface AlertsConfig {

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
}

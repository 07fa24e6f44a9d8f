package io.driftwatch.metrics;

import io.driftwatch.core.Statistic;
import io.driftwatch.core.alert.Severity;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SeriesCollector} writes for every series, in order: each family's name, type, help text and labels, and
 * the column of a series' row each of its samples is read from. The statistics come from the statistics catalogue
 * ({@link Statistic#published()}). Immutable after class initialisation.
 */
final class SeriesFamilies {

    // label names in alphabetical order, as Micrometer writes them (scripts and dashboards may match the text)
    static final List<String> SERIES = List.of("model", "monitor");
    static final List<String> COMPARED = List.of("model", "monitor", "reference");
    static final List<String> BIN = List.of("bin", "model", "monitor", "reference", "source");
    static final List<String> MONITOR = List.of("monitor");
    static final List<String> MODEL = List.of("model");
    static final List<String> CONTRIBUTION = List.of("bin", "model", "monitor", "reference");

    private SeriesFamilies() {}

    /** Where a family's samples come from: one value of each series' row, or per monitor, or the bin shares. */
    enum Source {
        ROW,
        MONITOR_LEVEL,
        /** One sample per model: its series on this instance ({@code columns} empty). */
        MODEL_MONITORS,
        /** One sample per model: its series on this instance with an alert firing. */
        MODEL_DRIFTING,
        /** Up to k samples per series: its bins that contribute most to the forward KL. */
        CONTRIBUTIONS,
        BIN_SHARES
    }

    /** How a sample of a row column is labelled. */
    enum Labels {
        /** model, monitor, reference */
        COMPARED,
        /** model, monitor */
        SERIES,
        /** model, monitor and one more label, the column's own value */
        EXTRA
    }

    /** A value every series has in a scrape: a column of the rows. */
    record Column(Labels labels, List<String> labelNames, String extraValue) {}

    /** A metric family: name, type, help, and its columns (for {@link Source#ROW}). */
    record FamilyDef(String name, Type type, String help, Source source, List<Integer> columns) {}

    static final List<Column> COLUMNS = new ArrayList<>();
    static final List<FamilyDef> FAMILIES = new ArrayList<>();
    static final int STATISTICS;
    static final int LOWER_BOUND;
    static final int SIGNIFICANT;
    static final int SIGNIFICANT_SPAN;
    static final int TOO_SMALL;
    static final int WINDOW_SAMPLES;
    static final int REFERENCE_SAMPLES;
    static final int WINDOW_END;
    static final int OUTSIDE_SHARE;
    static final int ALERT_STATE;
    static final int NO_DATA;
    static final int LAST_EVENT_AGE;
    static final int LATE;
    static final int EARLY_HELD;
    static final int EARLY_DROPPED;

    static {
        List<Statistic> statistics = Statistic.published();
        STATISTICS = 0;
        for (Statistic st : statistics) {
            family(promName(st.metricName().orElseThrow()), Type.GAUGE, st.description(), column(Labels.COMPARED));
        }
        WINDOW_SAMPLES =
                family("drift_window_samples", Type.GAUGE, "Events in the live window", column(Labels.COMPARED));
        REFERENCE_SAMPLES =
                family("drift_reference_samples", Type.GAUGE, "Events in the reference", column(Labels.COMPARED));
        WINDOW_END = family(
                "drift_window_end_seconds",
                Type.GAUGE,
                "End of the live window, epoch seconds (event time)",
                column(Labels.COMPARED));
        OUTSIDE_SHARE = family(
                "drift_window_outside_reference_share",
                Type.GAUGE,
                "Share of the window's events outside what the reference's bins describe: below the first or above"
                        + " the last edge of a numeric monitor, categories the reference never saw for a categorical"
                        + " one; NaN for an empty window",
                column(Labels.COMPARED));
        LOWER_BOUND = family(
                "drift_kl_lower_bound",
                Type.GAUGE,
                "Lower confidence bound of drift_kl_significant (same span, the alert rule's per-evaluation"
                        + " confidence): the drift is at least this large; never above drift_kl_significant, 0 when"
                        + " nothing is significant",
                column(Labels.COMPARED));
        SIGNIFICANT = family(
                "drift_kl_significant",
                Type.GAUGE,
                "Drift estimate (KL scale, nats) of the window or its newest span that is significant at the alert"
                        + " rule's per-evaluation level, 0 when none is: the budget rule alerts when it reaches 60 %"
                        + " of a threshold",
                column(Labels.COMPARED));
        SIGNIFICANT_SPAN = family(
                "drift_kl_significant_span_seconds",
                Type.GAUGE,
                "Length of the span drift_kl_significant comes from: the whole window's, or one of its newest spans'"
                        + " (a tenth or a third of it); 0 when nothing is significant",
                column(Labels.COMPARED));
        TOO_SMALL = family(
                "drift_reference_too_small",
                Type.GAUGE,
                "1 while the window holds more than driftwatch.alerts.reference-ratio-warning times the reference's"
                        + " events (use a reference several times the window), else 0",
                column(Labels.SERIES));
        Severity[] severities = Severity.values();
        int[] alertColumns = new int[severities.length];
        for (int i = 0; i < severities.length; i++) {
            alertColumns[i] = column(Labels.EXTRA, "severity", severities[i].label());
        }
        ALERT_STATE = family("drift_alert_state", Type.GAUGE, "Alert state: 0 ok, 1 pending, 2 firing", alertColumns);
        NO_DATA = family(
                "drift_alert_no_data",
                Type.GAUGE,
                "1 while the series' window has no data to alert on (thin or rebuilding)",
                column(Labels.SERIES));
        FAMILIES.add(new FamilyDef(
                "drift_alert_level",
                Type.GAUGE,
                "Per-evaluation level the monitor's alert rule decides at (from driftwatch.alerts.false-alarms-per-day,"
                        + " the pane and for; the rule's alpha for decision=significance)",
                Source.MONITOR_LEVEL,
                List.of()));
        FAMILIES.add(new FamilyDef(
                "drift_model_monitors",
                Type.GAUGE,
                "Series of the model whose window this instance owns and exports (sum by model over the instances:"
                        + " the model's monitored series)",
                Source.MODEL_MONITORS,
                List.of()));
        FAMILIES.add(new FamilyDef(
                "drift_model_drifting_monitors",
                Type.GAUGE,
                "Series of the model on this instance with an alert firing, of any severity (sum by model over the"
                        + " instances: how many of the model's monitors drift)",
                Source.MODEL_DRIFTING,
                List.of()));
        LAST_EVENT_AGE = family(
                "drift_last_event_age_seconds",
                Type.GAUGE,
                "Seconds since the series' last event arrived (wall clock)",
                column(Labels.SERIES));
        LATE = family(
                "drift_late_events_total",
                Type.COUNTER,
                "Events dropped because they were older than the window",
                column(Labels.SERIES));
        EARLY_HELD = family(
                "drift_early_events_total",
                Type.COUNTER,
                "Events ahead of the window end's bound (driftwatch.events.max-window-lead): held for their future"
                        + " pane, or dropped when a window's worth of future panes was already held",
                column(Labels.EXTRA, "result", "held"),
                column(Labels.EXTRA, "result", "dropped"));
        EARLY_DROPPED = EARLY_HELD + 1;
        FAMILIES.add(new FamilyDef(
                "drift_kl_contribution",
                Type.GAUGE,
                "Contribution of a bin to the window's forward KL, nats (p ln(p/q) - p + q, smoothed as the KL is; the"
                        + " contributions of all bins sum to drift_kl_divergence): the driftwatch.metrics.top-contributors"
                        + " (3) largest of each series with enough events",
                Source.CONTRIBUTIONS,
                List.of()));
        FAMILIES.add(new FamilyDef(
                "drift_bin_share",
                Type.GAUGE,
                "Share of the window (source=live) or of the reference (source=reference) in a bin",
                Source.BIN_SHARES,
                List.of()));
    }

    private static int column(Labels labels) {
        return column(labels, null, null);
    }

    private static int column(Labels labels, String extraName, String extraValue) {
        List<String> names =
                switch (labels) {
                    case COMPARED -> COMPARED;
                    case SERIES -> SERIES;
                    case EXTRA -> List.of("model", "monitor", extraName);
                };
        COLUMNS.add(new Column(labels, names, extraValue));
        return COLUMNS.size() - 1;
    }

    /** Adds a family of row columns; returns its first column. */
    private static int family(String name, Type type, String help, int... columns) {
        List<Integer> list = new ArrayList<>();
        for (int c : columns) {
            list.add(c);
        }
        FAMILIES.add(new FamilyDef(name, type, help, Source.ROW, list));
        return columns[0];
    }

    /** {@code drift.kl.divergence} as Prometheus names it. */
    static String promName(String micrometerName) {
        return micrometerName.replace('.', '_');
    }
}

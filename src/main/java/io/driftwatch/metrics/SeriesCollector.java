package io.driftwatch.metrics;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.alert.DriftEvidence;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.WindowSnapshot;
import io.driftwatch.monitor.AlertStates;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.Type;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-series metrics, written at scrape time straight from the series: no meter objects are kept per series, so a
 * series costs no metrics memory between scrapes and a scrape costs one pass over the series (each scored at most once
 * per window change). Names, labels and help texts are those the statistics catalogue gives
 * ({@link Statistic#published()}), plus the window's bookkeeping:
 *
 * <ul>
 *   <li>tags {@code monitor, model, reference}: every published statistic, {@code drift_window_samples},
 *       {@code drift_reference_samples}, {@code drift_window_end_seconds}, and {@code drift_bin_share{bin,source}} for
 *       at most {@code driftwatch.metrics.bin-share-series} series (the first ones created);
 *   <li>tags {@code monitor, model}: {@code drift_last_event_age_seconds}, {@code drift_late_events_total},
 *       {@code drift_early_events_total{result}}.
 * </ul>
 *
 * <p>Thread-safe: scrapes read each series through its own lock ({@link Series#view()}).
 */
final class SeriesCollector {

    // label names in alphabetical order, as Micrometer writes them (scripts and dashboards may match the text)
    private static final List<String> SERIES = List.of("model", "monitor");
    private static final List<String> COMPARED = List.of("model", "monitor", "reference");
    private static final List<String> BIN = List.of("bin", "model", "monitor", "reference", "source");
    private static final List<String> MONITOR = List.of("monitor");

    private final MonitorRegistry registry;
    private final AlertStates alerts;
    private final int binShareSeries;
    private final double referenceRatio;
    private final Set<Series> withBinShares = ConcurrentHashMap.newKeySet();

    /**
     * @param binShareSeries most series whose bin shares are published (0: none)
     */
    SeriesCollector(MonitorRegistry registry, AlertStates alerts, int binShareSeries, double referenceRatio) {
        this.registry = registry;
        this.alerts = alerts;
        this.referenceRatio = referenceRatio;
        this.binShareSeries = binShareSeries;
        registry.onNewSeries(s -> {
            synchronized (withBinShares) {
                if (withBinShares.size() < binShareSeries && !s.removed()) {
                    withBinShares.add(s);
                }
            }
        });
        registry.onSeriesRemoved((s, why) -> withBinShares.remove(s)); // its place goes to the next new series
    }

    /** Where a family's samples come from: one value of each series' row, or per monitor, or the bin shares. */
    private enum Source {
        ROW,
        MONITOR_LEVEL,
        BIN_SHARES
    }

    /** How a sample of a row column is labelled. */
    private enum Labels {
        /** model, monitor, reference */
        COMPARED,
        /** model, monitor */
        SERIES,
        /** model, monitor and one more label, the column's own value */
        EXTRA
    }

    /** A value every series has in a scrape: a column of the rows. */
    private record Column(Labels labels, List<String> labelNames, String extraValue) {}

    /** A metric family: name, type, help, and its columns (for {@link Source#ROW}). */
    private record FamilyDef(String name, Type type, String help, Source source, List<Integer> columns) {}

    private static final List<Column> COLUMNS = new ArrayList<>();
    private static final List<FamilyDef> FAMILIES = new ArrayList<>();
    private static final int STATISTICS;
    private static final int LOWER_BOUND;
    private static final int SIGNIFICANT;
    private static final int TOO_SMALL;
    private static final int WINDOW_SAMPLES;
    private static final int REFERENCE_SAMPLES;
    private static final int WINDOW_END;
    private static final int ALERT_STATE;
    private static final int NO_DATA;
    private static final int LAST_EVENT_AGE;
    private static final int LATE;
    private static final int EARLY_HELD;
    private static final int EARLY_DROPPED;

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
        LOWER_BOUND = family(
                "drift_kl_lower_bound",
                Type.GAUGE,
                "Drift (KL scale, nats) the window shows with the alert rule's per-evaluation confidence: at least this"
                        + " large",
                column(Labels.COMPARED));
        SIGNIFICANT = family(
                "drift_kl_significant",
                Type.GAUGE,
                "Drift estimate (KL scale, nats) of the window or its newest span that is significant at the alert"
                        + " rule's per-evaluation level, 0 when none is: the budget rule alerts when it reaches 60 %"
                        + " of a threshold",
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

    /**
     * One scrape's values: every series' row of {@link #COLUMNS}, read once (each series through its own lock), so
     * that the families can be written one after another. Memory: one {@code double} per series and column.
     */
    private final class Rows {
        final List<Series> series = new ArrayList<>();
        final List<String> versions = new ArrayList<>();
        final List<Series.View> binShareViews = new ArrayList<>();
        final List<Series> binShareSeries = new ArrayList<>();
        double[] values;

        Rows() {
            List<Statistic> published = Statistic.published();
            int statistics = published.size();
            Severity[] severities = Severity.values();
            // sized for the series there are now; series created during the scrape grow it
            values = new double[COLUMNS.size() * Math.max(16, registry.seriesCount())];
            registry.forEachSeries(s -> {
                int row = series.size();
                if ((row + 1) * COLUMNS.size() > values.length) {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                int at = row * COLUMNS.size();
                for (int i = 0; i < severities.length; i++) {
                    values[at + ALERT_STATE + i] =
                            alerts.state(s, severities[i]).gaugeValue();
                }
                values[at + NO_DATA] = alerts.noData(s) ? 1 : 0;
                Series.View view = s.view();
                DriftReport report = view.report();
                for (int i = 0; i < statistics; i++) {
                    values[at + STATISTICS + i] = published.get(i).of(report);
                }
                double alertLevel = registry.alertLevel(s.monitor());
                values[at + LOWER_BOUND] = s.klLowerBound(alertLevel);
                values[at + SIGNIFICANT] = s.klSignificant(alertLevel);
                values[at + TOO_SMALL] = DriftEvidence.referenceTooSmall(report, referenceRatio) ? 1 : 0;
                values[at + WINDOW_SAMPLES] = report.liveSamples();
                values[at + REFERENCE_SAMPLES] = report.referenceSamples();
                values[at + WINDOW_END] = report.windowEndMillis() / 1000.0;
                values[at + LAST_EVENT_AGE] = s.lastEventAgeSeconds();
                values[at + LATE] = s.lateEvents();
                values[at + EARLY_HELD] = s.heldEvents();
                values[at + EARLY_DROPPED] = s.droppedEarlyEvents();
                series.add(s);
                versions.add(view.reference().version());
                if (withBinShares.contains(s)) {
                    binShareSeries.add(s);
                    binShareViews.add(view);
                }
            });
        }

        double value(int row, int column) {
            return values[row * COLUMNS.size() + column];
        }
    }

    /** What the families are written to: as objects ({@link #collect}) or as text ({@link #write}). */
    private interface Sink {
        void family(FamilyDef f) throws IOException;

        /** A sample with up to three label values ({@code null}: no more labels). */
        void sample(FamilyDef f, List<String> labelNames, String first, String second, String third, double value)
                throws IOException;

        void sample(FamilyDef f, List<String> labelNames, List<String> labelValues, double value) throws IOException;

        default void end(FamilyDef f) {}
    }

    /** Every family, in order, from one read of the series. */
    private void emit(Sink sink) throws IOException {
        Rows rows = new Rows();
        for (FamilyDef f : FAMILIES) {
            if (f.source() == Source.BIN_SHARES && binShareSeries == 0) {
                continue;
            }
            sink.family(f);
            switch (f.source()) {
                case ROW -> {
                    for (int row = 0; row < rows.series.size(); row++) {
                        Series s = rows.series.get(row);
                        for (int column : f.columns()) {
                            Column c = COLUMNS.get(column);
                            String third =
                                    switch (c.labels()) {
                                        case COMPARED -> rows.versions.get(row);
                                        case SERIES -> null;
                                        case EXTRA -> c.extraValue();
                                    };
                            sink.sample(
                                    f, c.labelNames(), s.model(), s.monitor().name(), third, rows.value(row, column));
                        }
                    }
                }
                case MONITOR_LEVEL -> {
                    for (var m : registry.monitors()) {
                        sink.sample(f, MONITOR, m.name(), null, null, registry.alertLevel(m.definition()));
                    }
                }
                case BIN_SHARES -> {
                    for (int i = 0; i < rows.binShareSeries.size(); i++) {
                        Series s = rows.binShareSeries.get(i);
                        Series.View view = rows.binShareViews.get(i);
                        binShares(
                                (labels, value) -> sink.sample(f, BIN, labels, value),
                                List.of(
                                        s.model(),
                                        s.monitor().name(),
                                        view.reference().version()),
                                view.window(),
                                view.reference().reference());
                    }
                }
            }
            sink.end(f);
        }
    }

    /** The per-series families as objects, every sample an object (the reference rendering {@link #write} matches). */
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>(FAMILIES.size());
        Sink objects = new Sink() {
            private List<MetricFamilySamples.Sample> samples;

            @Override
            public void family(FamilyDef f) {
                samples = new ArrayList<>();
            }

            @Override
            public void sample(
                    FamilyDef f, List<String> labelNames, String first, String second, String third, double value) {
                List<String> values = third != null
                        ? List.of(first, second, third)
                        : second != null ? List.of(first, second) : List.of(first);
                sample(f, labelNames, values, value);
            }

            @Override
            public void sample(FamilyDef f, List<String> labelNames, List<String> labelValues, double value) {
                samples.add(new MetricFamilySamples.Sample(f.name(), labelNames, labelValues, value));
            }

            @Override
            public void end(FamilyDef f) {
                out.add(new MetricFamilySamples(f.name(), f.type(), f.help(), samples));
            }
        };
        try {
            emit(objects);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // nothing here writes
        }
        return out;
    }

    /**
     * Writes the per-series families in the Prometheus text format (0.0.4), or OpenMetrics 1.0.0 without the closing
     * {@code # EOF}, exactly as {@code TextFormat} writes {@link #collect()}'s families — but one line at a time, with no
     * object per sample: memory is one row of doubles per series, whatever the number of series.
     */
    public void write(Writer out, boolean openMetrics) throws IOException {
        StringBuilder line = new StringBuilder(256);
        emit(new Sink() {
            @Override
            public void family(FamilyDef f) throws IOException {
                // the family name as MetricFamilySamples keeps it (a counter's without _total)
                String family = f.type() == Type.COUNTER && f.name().endsWith("_total")
                        ? f.name().substring(0, f.name().length() - "_total".length())
                        : f.name();
                ExpositionText.header(out, family, f.type(), f.help(), openMetrics);
            }

            @Override
            public void sample(
                    FamilyDef f, List<String> labelNames, String first, String second, String third, double value)
                    throws IOException {
                line.setLength(0);
                ExpositionText.sample(line, f.name(), labelNames, first, second, third, value, openMetrics);
                out.append(line);
            }

            @Override
            public void sample(FamilyDef f, List<String> labelNames, List<String> labelValues, double value)
                    throws IOException {
                line.setLength(0);
                ExpositionText.sample(line, f.name(), labelNames, labelValues, value, openMetrics);
                out.append(line);
            }
        });
    }

    /** A sample of the bin shares: its label values and value. */
    private interface BinSample {
        void add(List<String> labels, double value) throws IOException;
    }

    /** Live and reference share of every bin; the {@code bin} label sorts in bin order ({@code 03 [0.2, 0.4)}). */
    private static void binShares(BinSample out, List<String> compared, WindowSnapshot window, Reference reference)
            throws IOException {
        var bins = reference.bins();
        for (int b = 0; b < bins.binCount(); b++) {
            String bin = String.format(Locale.ROOT, "%02d %s", b, bins.label(b));
            double live = window.total() == 0 || b >= window.binCount()
                    ? Double.NaN
                    : (double) window.count(b) / window.total();
            out.add(List.of(bin, compared.get(0), compared.get(1), compared.get(2), "live"), live);
            out.add(
                    List.of(bin, compared.get(0), compared.get(1), compared.get(2), "reference"),
                    (double) reference.count(b) / reference.total());
        }
    }

    /** {@code drift.kl.divergence} as Prometheus names it. */
    static String promName(String micrometerName) {
        return micrometerName.replace('.', '_');
    }
}

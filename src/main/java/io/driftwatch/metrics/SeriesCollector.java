package io.driftwatch.metrics;

import static io.driftwatch.metrics.SeriesFamilies.ALERT_STATE;
import static io.driftwatch.metrics.SeriesFamilies.BIN;
import static io.driftwatch.metrics.SeriesFamilies.COLUMNS;
import static io.driftwatch.metrics.SeriesFamilies.COMPARED;
import static io.driftwatch.metrics.SeriesFamilies.CONTRIBUTION;
import static io.driftwatch.metrics.SeriesFamilies.EARLY_DROPPED;
import static io.driftwatch.metrics.SeriesFamilies.EARLY_HELD;
import static io.driftwatch.metrics.SeriesFamilies.FAMILIES;
import static io.driftwatch.metrics.SeriesFamilies.LAST_EVENT_AGE;
import static io.driftwatch.metrics.SeriesFamilies.LATE;
import static io.driftwatch.metrics.SeriesFamilies.LOWER_BOUND;
import static io.driftwatch.metrics.SeriesFamilies.MODEL;
import static io.driftwatch.metrics.SeriesFamilies.MONITOR;
import static io.driftwatch.metrics.SeriesFamilies.NO_DATA;
import static io.driftwatch.metrics.SeriesFamilies.OUTSIDE_SHARE;
import static io.driftwatch.metrics.SeriesFamilies.REFERENCE_SAMPLES;
import static io.driftwatch.metrics.SeriesFamilies.SERIES;
import static io.driftwatch.metrics.SeriesFamilies.SIGNIFICANT;
import static io.driftwatch.metrics.SeriesFamilies.SIGNIFICANT_SPAN;
import static io.driftwatch.metrics.SeriesFamilies.STATISTICS;
import static io.driftwatch.metrics.SeriesFamilies.TOO_SMALL;
import static io.driftwatch.metrics.SeriesFamilies.WINDOW_END;
import static io.driftwatch.metrics.SeriesFamilies.WINDOW_SAMPLES;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.DriftEvidence;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.WindowSnapshot;
import io.driftwatch.metrics.SeriesFamilies.Column;
import io.driftwatch.metrics.SeriesFamilies.FamilyDef;
import io.driftwatch.metrics.SeriesFamilies.Source;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-series metrics, written at scrape time straight from the series: no meter objects are kept per series, so a
 * series costs no metrics memory between scrapes and a scrape costs one pass over the series (each scored at most once
 * per window change). The families, their labels and help texts are listed in {@link SeriesFamilies}: the statistics
 * catalogue's ({@link Statistic#published()}), plus the window's bookkeeping:
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

    private final MonitorRegistry registry;
    private final AlertStates alerts;
    private final int binShareSeries;
    private final int topContributors;
    private final double referenceRatio;
    private final Set<Series> withBinShares = ConcurrentHashMap.newKeySet();

    /**
     * @param binShareSeries most series whose bin shares are published (0: none)
     * @param topContributors most bins per series whose KL contribution is published (0: none)
     */
    SeriesCollector(
            MonitorRegistry registry,
            AlertStates alerts,
            int binShareSeries,
            int topContributors,
            double referenceRatio) {
        this.registry = registry;
        this.topContributors = topContributors;
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

    /**
     * One scrape's values: every series' row of {@link #COLUMNS}, read once (each series through its own lock), so
     * that the families can be written one after another. Memory: one {@code double} per series and column.
     */
    private final class Rows {
        final List<Series> series = new ArrayList<>();
        final List<String> versions = new ArrayList<>();
        final List<Series.View> binShareViews = new ArrayList<>();
        final List<Series> binShareSeries = new ArrayList<>();
        final List<List<Series.Contributor>> contributors = new ArrayList<>();
        double[] values;
        private SortedMap<String, int[]> models;

        Rows() {
            List<Statistic> published = Statistic.published();
            int statistics = published.size();
            Severity[] severities = Severity.values();
            // sized for the series there are now; series created during the scrape grow it
            values = new double[COLUMNS.size() * Math.max(16, registry.seriesCount())];
            registry.forEachWholeSeries(s -> {
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
                Series.Evidence evidence = s.evidence(alertLevel);
                values[at + LOWER_BOUND] = evidence.lowerBound();
                values[at + SIGNIFICANT] = evidence.drift();
                values[at + SIGNIFICANT_SPAN] =
                        Double.isNaN(evidence.drift()) ? Double.NaN : evidence.spanMillis() / 1000.0;
                values[at + TOO_SMALL] = DriftEvidence.referenceTooSmall(report, referenceRatio) ? 1 : 0;
                values[at + WINDOW_SAMPLES] = report.liveSamples();
                values[at + REFERENCE_SAMPLES] = report.referenceSamples();
                values[at + WINDOW_END] = report.windowEndMillis() / 1000.0;
                values[at + OUTSIDE_SHARE] =
                        view.window().outsideShare(view.reference().reference().bins());
                values[at + LAST_EVENT_AGE] = s.lastEventAgeSeconds();
                values[at + LATE] = s.lateEvents();
                values[at + EARLY_HELD] = s.heldEvents();
                values[at + EARLY_DROPPED] = s.droppedEarlyEvents();
                series.add(s);
                versions.add(view.reference().version());
                contributors.add(
                        topContributors > 0 && Double.isFinite(report.klForward())
                                ? s.contributors(view, topContributors)
                                : List.of());
                if (withBinShares.contains(s)) {
                    binShareSeries.add(s);
                    binShareViews.add(view);
                }
            });
        }

        double value(int row, int column) {
            return values[row * COLUMNS.size() + column];
        }

        /** Per model, in name order: {its series, those with an alert firing}. */
        SortedMap<String, int[]> models() {
            if (models == null) {
                models = new TreeMap<>();
                int severities = Severity.values().length;
                for (int row = 0; row < series.size(); row++) {
                    int[] n = models.computeIfAbsent(series.get(row).model(), m -> new int[2]);
                    n[0]++;
                    for (int i = 0; i < severities; i++) {
                        if (value(row, ALERT_STATE + i) == AlertState.FIRING.gaugeValue()) {
                            n[1]++;
                            break;
                        }
                    }
                }
            }
            return models;
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
            if ((f.source() == Source.BIN_SHARES && binShareSeries == 0)
                    || (f.source() == Source.CONTRIBUTIONS && topContributors == 0)) {
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
                case MODEL_MONITORS, MODEL_DRIFTING -> {
                    boolean drifting = f.source() == Source.MODEL_DRIFTING;
                    for (var e : rows.models().entrySet()) {
                        sink.sample(f, MODEL, e.getKey(), null, null, e.getValue()[drifting ? 1 : 0]);
                    }
                }
                case CONTRIBUTIONS -> {
                    for (int row = 0; row < rows.series.size(); row++) {
                        Series s = rows.series.get(row);
                        for (Series.Contributor c : rows.contributors.get(row)) {
                            if (c.contribution() != null) {
                                sink.sample(
                                        f,
                                        CONTRIBUTION,
                                        List.of(c.bin(), s.model(), s.monitor().name(), rows.versions.get(row)),
                                        c.contribution());
                            }
                        }
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
}

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
import io.prometheus.client.Collector;
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
final class SeriesCollector extends Collector {

    // label names in alphabetical order, as Micrometer writes them (scripts and dashboards may match the text)
    private static final List<String> SERIES = List.of("model", "monitor");
    private static final List<String> COMPARED = List.of("model", "monitor", "reference");
    private static final List<String> BIN = List.of("bin", "model", "monitor", "reference", "source");
    private static final List<String> EARLY = List.of("model", "monitor", "result");
    private static final List<String> ALERT = List.of("model", "monitor", "severity");

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

    /** One metric family being filled. */
    private static final class Family {
        final String name;
        final Type type;
        final String help;
        final List<MetricFamilySamples.Sample> samples = new ArrayList<>();

        Family(String name, Type type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        void add(List<String> labels, List<String> values, double value) {
            samples.add(new MetricFamilySamples.Sample(name, labels, values, value));
        }

        MetricFamilySamples done() {
            return new MetricFamilySamples(name, type, help, samples);
        }
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<Statistic> statistics = Statistic.published();
        Family[] stats = new Family[statistics.size()];
        for (int i = 0; i < stats.length; i++) {
            Statistic st = statistics.get(i);
            stats[i] = new Family(promName(st.metricName().orElseThrow()), Type.GAUGE, st.description());
        }
        Family windowSamples = new Family("drift_window_samples", Type.GAUGE, "Events in the live window");
        Family referenceSamples = new Family("drift_reference_samples", Type.GAUGE, "Events in the reference");
        Family windowEnd = new Family(
                "drift_window_end_seconds", Type.GAUGE, "End of the live window, epoch seconds (event time)");
        Family binShare = new Family(
                "drift_bin_share",
                Type.GAUGE,
                "Share of the window (source=live) or of the reference (source=reference) in a bin");
        Family lastEventAge = new Family(
                "drift_last_event_age_seconds",
                Type.GAUGE,
                "Seconds since the series' last event arrived (wall clock)");
        Family late = new Family(
                "drift_late_events_total", Type.COUNTER, "Events dropped because they were older than the window");
        Family lowerBound = new Family(
                "drift_kl_lower_bound",
                Type.GAUGE,
                "Drift (KL scale, nats) the window shows with the alert rule's per-evaluation confidence: at least this"
                        + " large");
        Family significant = new Family(
                "drift_kl_significant",
                Type.GAUGE,
                "Drift estimate (KL scale, nats) of the window or its newest span that is significant at the alert"
                        + " rule's per-evaluation level, 0 when none is: the budget rule alerts when it reaches 60 %"
                        + " of a threshold");
        Family tooSmall = new Family(
                "drift_reference_too_small",
                Type.GAUGE,
                "1 while the window holds more than driftwatch.alerts.reference-ratio-warning times the reference's"
                        + " events (use a reference several times the window), else 0");
        Family early = new Family(
                "drift_early_events_total",
                Type.COUNTER,
                "Events ahead of the window end's bound (driftwatch.events.max-window-lead): held for their future"
                        + " pane, or dropped when a window's worth of future panes was already held");
        Family alertState = new Family("drift_alert_state", Type.GAUGE, "Alert state: 0 ok, 1 pending, 2 firing");
        Family alertNoData = new Family(
                "drift_alert_no_data",
                Type.GAUGE,
                "1 while the series' window has no data to alert on (thin or rebuilding)");
        registry.forEachSeries(s -> {
            for (Severity severity : Severity.values()) {
                alertState.add(
                        ALERT,
                        List.of(s.model(), s.monitor().name(), severity.label()),
                        alerts.state(s, severity).gaugeValue());
            }
            alertNoData.add(SERIES, List.of(s.model(), s.monitor().name()), alerts.noData(s) ? 1 : 0);
            Series.View view = s.view();
            DriftReport report = view.report();
            List<String> series = List.of(s.model(), s.monitor().name());
            List<String> compared =
                    List.of(s.model(), s.monitor().name(), view.reference().version());
            for (int i = 0; i < stats.length; i++) {
                stats[i].add(COMPARED, compared, statistics.get(i).of(report));
            }
            double alertLevel = registry.alertLevel(s.monitor());
            lowerBound.add(COMPARED, compared, s.klLowerBound(alertLevel));
            significant.add(COMPARED, compared, s.klSignificant(alertLevel));
            tooSmall.add(SERIES, series, DriftEvidence.referenceTooSmall(report, referenceRatio) ? 1 : 0);
            windowSamples.add(COMPARED, compared, report.liveSamples());
            referenceSamples.add(COMPARED, compared, report.referenceSamples());
            windowEnd.add(COMPARED, compared, report.windowEndMillis() / 1000.0);
            if (withBinShares.contains(s)) {
                binShares(binShare, compared, view.window(), view.reference().reference());
            }
            lastEventAge.add(SERIES, series, s.lastEventAgeSeconds());
            late.add(SERIES, series, s.lateEvents());
            early.add(EARLY, List.of(s.model(), s.monitor().name(), "held"), s.heldEvents());
            early.add(EARLY, List.of(s.model(), s.monitor().name(), "dropped"), s.droppedEarlyEvents());
        });
        List<MetricFamilySamples> out = new ArrayList<>(stats.length + 10);
        for (Family f : stats) {
            out.add(f.done());
        }
        Family level = new Family(
                "drift_alert_level",
                Type.GAUGE,
                "Per-evaluation level the monitor's alert rule decides at (from driftwatch.alerts.false-alarms-per-day,"
                        + " the pane and for; the rule's alpha for decision=significance)");
        for (var m : registry.monitors()) {
            level.add(List.of("monitor"), List.of(m.name()), registry.alertLevel(m.definition()));
        }
        for (Family f : List.of(
                windowSamples,
                referenceSamples,
                windowEnd,
                lowerBound,
                significant,
                tooSmall,
                alertState,
                alertNoData,
                level,
                lastEventAge,
                late,
                early)) {
            out.add(f.done());
        }
        if (binShareSeries > 0) {
            out.add(binShare.done());
        }
        return out;
    }

    /** Live and reference share of every bin; the {@code bin} label sorts in bin order ({@code 03 [0.2, 0.4)}). */
    private static void binShares(Family out, List<String> compared, WindowSnapshot window, Reference reference) {
        var bins = reference.bins();
        for (int b = 0; b < bins.binCount(); b++) {
            String bin = String.format(Locale.ROOT, "%02d %s", b, bins.label(b));
            double live = window.total() == 0 || b >= window.binCount()
                    ? Double.NaN
                    : (double) window.count(b) / window.total();
            out.add(BIN, List.of(bin, compared.get(0), compared.get(1), compared.get(2), "live"), live);
            out.add(
                    BIN,
                    List.of(bin, compared.get(0), compared.get(1), compared.get(2), "reference"),
                    (double) reference.count(b) / reference.total());
        }
    }

    /** {@code drift.kl.divergence} as Prometheus names it. */
    static String promName(String micrometerName) {
        return micrometerName.replace('.', '_');
    }
}

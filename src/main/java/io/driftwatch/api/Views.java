package io.driftwatch.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.core.histogram.WindowSnapshot;
import io.driftwatch.ingest.UnseenValues;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.Series;
import io.driftwatch.reference.ReferenceDocument;
import io.driftwatch.reference.ReferenceService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The API's response bodies (JSON). Statistics are {@code null} where the window has insufficient data. */
@RegisterForReflection(
        targets = {
            Views.ReferenceView.class,
            Views.MonitorView.class,
            Views.Bin.class,
            Views.Statistics.class,
            Views.StatisticView.class,
            Views.SeriesDetail.class,
            Views.DataQuality.class,
            UnseenValues.Value.class,
            Views.ChangeView.class,
            SeriesSummary.class,
            LiveFeed.Point.class,
            Problem.class,
            AlertsResource.Alerts.class
        })
public final class Views {

    private Views() {}

    /**
     * A reference and where it came from.
     *
     * @param version content hash: the {@code reference} label of the metrics
     * @param source {@code config:<path>}, {@code upload:histogram|samples|csv} or
     *     {@code from-window:<model>@<start>/<end>}
     * @param createdAt ISO-8601
     * @param scope {@code model} (this model's own reference) or {@code monitor} (the monitor default)
     * @param runtime whether it was set at run time (REST, stored in the reference topic) rather than configured
     * @param samples events in the reference
     * @param bins number of bins
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferenceView(
            String version,
            String source,
            String createdAt,
            String scope,
            boolean runtime,
            long samples,
            int bins,
            JsonNode document) {

        static ReferenceView of(Monitor.ReferenceChoice choice, boolean withDocument) {
            VersionedReference r = choice.reference();
            return new ReferenceView(
                    r.version(),
                    r.source(),
                    r.createdAt().toString(),
                    choice.scope().name().toLowerCase(Locale.ROOT),
                    choice.runtime(),
                    r.reference().total(),
                    r.reference().bins().binCount(),
                    withDocument ? ReferenceDocument.toJson(r.reference()) : null);
        }
    }

    /**
     * A monitor: its configuration, its default reference, its series, and the events this instance read whose value
     * for its field was missing, of the wrong type or not finite ({@code fieldProblems}: by problem, all models; such
     * a value costs only this monitor's series, see {@code drift_data_quality_events_total} per series).
     */
    public record MonitorView(
            String name,
            String field,
            String kind,
            long paneMillis,
            int panes,
            long minSamples,
            String onlyModel,
            ReferenceView reference,
            List<SeriesSummary> series,
            Map<String, Long> fieldProblems) {

        static MonitorView of(
                MonitorDefinition m,
                ReferenceView reference,
                List<SeriesSummary> series,
                Map<String, Long> fieldProblems) {
            return new MonitorView(
                    m.name(),
                    m.field(),
                    m.kind().label(),
                    m.paneMillis(),
                    m.paneCount(),
                    m.analyzer().minSamples(),
                    m.model().orElse(null),
                    reference,
                    series,
                    fieldProblems);
        }
    }

    /** One bin: label, and the window's and the reference's count and share (share {@code null} when empty). */
    public record Bin(int index, String label, long live, Double liveShare, long reference, double referenceShare) {}

    /**
     * Every statistic of the catalogue ({@link Statistic}) by its JSON name, written as fields of this object ({@code
     * null} where the window has insufficient data), plus the G-test's degrees of freedom and active bins and the
     * monitor's scoring settings.
     */
    public record Statistics(
            @JsonIgnore Map<String, Double> values, int df, int activeBins, double alpha, double pseudoCount) {

        static Statistics of(DriftReport r, MonitorDefinition m) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (Statistic s : Statistic.values()) {
                values.put(s.jsonName(), SeriesSummary.num(s.of(r)));
            }
            return new Statistics(
                    values,
                    r.test().df(),
                    r.activeBins(),
                    m.analyzer().alpha(),
                    m.analyzer().pseudoCount());
        }

        @JsonAnyGetter
        Map<String, Double> fields() {
            return values;
        }
    }

    /**
     * One entry of the statistics catalogue ({@code GET /api/statistics}).
     *
     * @param key configuration name ({@code driftwatch.alerts.rule.statistic})
     * @param field the field name in series summaries and statistics
     * @param label a short label for display
     * @param metric the Prometheus metric name, {@code null} if not published as a metric
     * @param unit unit
     * @param description what it is
     * @param alertable whether an alert rule may watch it
     */
    public record StatisticView(
            String key, String field, String label, String metric, String unit, String description, boolean alertable) {

        static StatisticView of(Statistic s) {
            return new StatisticView(
                    s.key(),
                    s.jsonName(),
                    s.label(),
                    s.metricName().map(n -> n.replace('.', '_')).orElse(null),
                    s.unit(),
                    s.description(),
                    s.alertable());
        }
    }

    /**
     * Everything about one series: summary, statistics, both histograms bin by bin, the bins that contribute most to
     * the window's forward KL (up to {@link #TOP_CONTRIBUTORS}, largest first), reference and KL trend.
     */
    public record SeriesDetail(
            SeriesSummary summary,
            Statistics statistics,
            List<Bin> bins,
            List<Series.Contributor> contributors,
            DataQuality dataQuality,
            ReferenceView reference,
            List<LiveFeed.Point> trend) {}

    /**
     * Whether a drift may be the data pipeline's: the window's share outside what the reference describes, and what
     * this instance's stage 1 read for the series since it started — events whose value was missing, of the wrong type
     * or not finite (by problem), and the most frequent values that fell in the unseen bin (categorical monitors).
     *
     * @param outsideShare share of the window below the reference's first or above its last edge, or in categories
     *     it never saw; {@code null} for an empty window
     */
    public record DataQuality(
            Double outsideShare, Map<String, Long> fieldProblems, List<UnseenValues.Value> unseenValues) {}

    /** How many unseen values a series' detail names. */
    public static final int UNSEEN_VALUES = 5;

    /** How many bins a series' detail names as driving its KL. */
    public static final int TOP_CONTRIBUTORS = 5;

    static List<Bin> bins(WindowSnapshot window, Reference reference) {
        List<Bin> out = new ArrayList<>();
        var scheme = reference.bins();
        for (int b = 0; b < scheme.binCount(); b++) {
            long live = b < window.binCount() ? window.count(b) : 0;
            out.add(new Bin(
                    b,
                    scheme.label(b),
                    live,
                    window.total() == 0 ? null : (double) live / window.total(),
                    reference.count(b),
                    (double) reference.count(b) / reference.total()));
        }
        return out;
    }

    /**
     * What a reference change did.
     *
     * @param reference the reference now in force for this scope: the one just set, or after a delete the one it fell
     *     back to ({@code runtime} tells which)
     * @param windows per model: {@code kept} (same bins, re-scored), {@code restarted} (new bins, the window refills)
     *     or {@code unchanged}
     */
    public record ChangeView(String monitor, String model, ReferenceView reference, Map<String, String> windows) {}

    /**
     * What a training-file upload did: the file's rows, each feature's kind, bins and counts, what was stored and what
     * was not, and why.
     */
    public record TrainingView(
            String monitor,
            String model,
            long rows,
            Map<String, Long> rejectedRows,
            Map<String, String> rejectedExamples,
            List<FeatureView> features,
            Map<String, String> notStored) {

        /** One feature of the file. */
        public record FeatureView(
                String feature,
                String monitor,
                String kind,
                String kindFrom,
                Integer bins,
                long values,
                long missing,
                long wrongType,
                long other,
                String version,
                Map<String, String> windows) {}

        static TrainingView of(ReferenceService.TrainingChange change) {
            List<FeatureView> features = new ArrayList<>();
            change.training().features().forEach((member, f) -> {
                var stored = change.stored().get(member);
                Map<String, String> windows = new TreeMap<>();
                if (stored != null) {
                    stored.forEach((model, c) -> windows.put(model, window(c)));
                }
                features.add(new FeatureView(
                        member,
                        change.monitor() + "." + member,
                        f.kind().name().toLowerCase(java.util.Locale.ROOT),
                        f.declared() ? "declared" : "data",
                        f.reference() == null ? null : f.reference().bins().binCount(),
                        f.values(),
                        f.missing(),
                        f.wrongType(),
                        f.other(),
                        stored == null || f.reference() == null
                                ? null
                                : f.reference().version(),
                        windows));
            });
            return new TrainingView(
                    change.monitor(),
                    change.model().orElse(null),
                    change.training().rows(),
                    change.training().rejected(),
                    change.training().examples(),
                    features,
                    change.notStored());
        }
    }

    /**
     * A field pattern: its features that are monitors, and those seen in events with no reference yet.
     *
     * @param fields the pattern, e.g. {@code /features/*}
     * @param features the monitored features (member names; monitor {@code <name>.<member>})
     * @param waiting features seen in sampled events that no training file named yet
     */
    public record PatternView(String name, String fields, List<String> features, List<Waiting> waiting) {

        /** A feature with no reference yet. */
        public record Waiting(
                String feature,
                String monitor,
                String state,
                String firstSeen,
                long sampledEvents,
                List<String> models,
                List<String> types) {}
    }

    /** What blessing every feature's window of a model did: the features blessed (with their windows) and skipped. */
    public record BlessedView(String monitor, String model, Map<String, String> blessed, Map<String, String> skipped) {

        static BlessedView of(ReferenceService.Blessing b) {
            Map<String, String> blessed = new TreeMap<>();
            b.blessed()
                    .forEach((member, changes) -> blessed.put(
                            member,
                            changes.values().stream()
                                    .map(c -> c == Series.ReferenceChange.UNCHANGED ? "unchanged" : "kept")
                                    .findFirst()
                                    .orElse("kept")));
            return new BlessedView(b.monitor(), b.model(), blessed, b.skipped());
        }
    }

    /** What a reference change did to a series' window, as the API says it. */
    static String window(Series.ReferenceChange change) {
        return switch (change) {
            case UNCHANGED -> "unchanged";
            case WINDOW_KEPT -> "kept";
            case WINDOW_RESTARTED -> "restarted";
        };
    }
}

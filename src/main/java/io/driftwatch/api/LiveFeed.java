package io.driftwatch.api;

import io.driftwatch.alerting.AlertBook;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.Statistic;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Publishes one {@link SeriesSummary} per series per closed pane (checked every second on the shared scheduler), and
 * at once when a series' reference changes (on the reference log thread); keeps each series' recent KL trend for the
 * page. Subscribers that fall behind lose updates, never slow the pipeline down.
 *
 * <p>Thread-safety: each trend is guarded by its own lock; publishing to subscribers is serialized.
 */
@Startup
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    /**
     * One point of a series' trend: window end (epoch millis), KL, noise floor, p-value and the drift the alert rule
     * decides on ({@link SeriesSummary#drift}); all {@code null} for a window below the alert rule's
     * {@code min-samples} (every key is always there).
     */
    public record Point(long t, Double kl, Double noiseFloor, Double pValue, Double drift, String reference) {}

    private final MonitorRegistry registry;
    private final AlertBook alerts;
    private final int trendPoints;
    private final double referenceRatioWarning;
    private final BroadcastProcessor<SeriesSummary> updates = BroadcastProcessor.create();
    private final Map<Series, Trend> trends = new ConcurrentHashMap<>();

    LiveFeed(MonitorRegistry registry, AlertBook alerts, DriftwatchConfig config) {
        this.registry = registry;
        this.alerts = alerts;
        this.trendPoints = config.api().trendPoints();
        this.referenceRatioWarning = config.alerts().referenceRatioWarning();
        registry.onReferenceChange((series, change) -> publish(series, true));
        registry.onSeriesRemoved((s, why) -> trends.remove(s));
    }

    /**
     * Current summaries followed by every update. A subscriber that falls more than 4,096 updates behind is ended (the
     * page's EventSource then reconnects and starts again from the current summaries): every series' windows now
     * advance together, one flush of pane deltas at a time, so dropping what a subscriber cannot take at once lost the
     * last series of every burst.
     */
    public Multi<SeriesSummary> stream() {
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().iterable(current()),
                        updates.onOverflow().buffer(4096));
    }

    /** The current summary of every series, ordered by monitor and model. */
    public List<SeriesSummary> current() {
        List<SeriesSummary> out = new ArrayList<>();
        registry.forEachWholeSeries(s -> out.add(summary(s)));
        out.sort(java.util.Comparator.comparing(SeriesSummary::monitor).thenComparing(SeriesSummary::model));
        return out;
    }

    public SeriesSummary summary(Series s) {
        return summary(s, s.view());
    }

    /** The summary of {@code view}, a view of {@code s}, with the series' alert state. */
    public SeriesSummary summary(Series s, Series.View view) {
        return SeriesSummary.of(
                view,
                s,
                severity -> alerts.state(s, severity),
                s.evidence(registry.alertLevel(s.monitor())),
                referenceRatioWarning);
    }

    /** The series' recent KL trend, oldest first. */
    public List<Point> trend(Series s) {
        Trend t = trends.get(s);
        if (t == null) {
            return List.of();
        }
        synchronized (t) {
            return t.points();
        }
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        try {
            registry.forEachWholeSeries(s -> publish(s, false));
        } catch (RuntimeException e) {
            LOG.error("live feed update failed", e);
        }
    }

    private void publish(Series s, boolean referenceChanged) {
        if (s.removed()) {
            return;
        }
        Trend trend = trends.computeIfAbsent(s, x -> new Trend());
        if (s.removed()) { // evicted meanwhile: do not keep its trend
            trends.remove(s);
            return;
        }
        SeriesSummary summary = summary(s);
        synchronized (trend) {
            Long end = summary.windowEnd();
            boolean advanced = end != null && end > trend.lastEnd;
            if (!advanced && !referenceChanged) {
                return;
            }
            if (advanced) {
                trend.lastEnd = end;
                // what the alerts would not look at is not drawn either: a window below the rule's min-samples
                boolean shown = summary.samples() >= s.monitor().alertRule().minSamples();
                trend.add(
                        end,
                        shown ? summary.value(Statistic.KL) : null,
                        shown ? summary.value(Statistic.NOISE_FLOOR) : null,
                        shown ? summary.value(Statistic.P_VALUE) : null,
                        shown ? summary.drift() : null,
                        summary.reference(),
                        trendPoints);
            }
        }
        synchronized (updates) { // onNext must be serialized; the reference log thread publishes too
            updates.onNext(summary);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        updates.onComplete();
    }

    /**
     * A series' last {@code trendPoints} points in primitive rings (28 bytes a point: the values are kept as
     * {@code float}, enough for a chart; the reference version is a shared string), grown on demand, so 10,000 series
     * with an hour of 10 s panes take about 86 MB rather than the 350 MB of point objects. Guarded by its own lock.
     */
    static final class Trend {
        long lastEnd = Long.MIN_VALUE;
        private long[] time = new long[8];
        private float[] kl = new float[8];
        private float[] floor = new float[8];
        private float[] p = new float[8];
        private float[] drift = new float[8];
        private String[] reference = new String[8];
        private int first;
        private int size;

        void add(long t, Double klValue, Double floorValue, Double pValue, Double driftValue, String ref, int max) {
            if (size == time.length && size < max) {
                grow(Math.min(max, size * 2));
            }
            int slot;
            if (size < time.length) {
                slot = (first + size++) % time.length;
            } else { // full at max: overwrite the oldest
                slot = first;
                first = (first + 1) % time.length;
            }
            time[slot] = t;
            kl[slot] = toFloat(klValue);
            floor[slot] = toFloat(floorValue);
            p[slot] = toFloat(pValue);
            drift[slot] = toFloat(driftValue);
            reference[slot] = ref;
        }

        private void grow(int capacity) {
            long[] t2 = new long[capacity];
            float[] k2 = new float[capacity];
            float[] f2 = new float[capacity];
            float[] p2 = new float[capacity];
            float[] d2 = new float[capacity];
            String[] r2 = new String[capacity];
            for (int i = 0; i < size; i++) {
                int j = (first + i) % time.length;
                t2[i] = time[j];
                k2[i] = kl[j];
                f2[i] = floor[j];
                p2[i] = p[j];
                d2[i] = drift[j];
                r2[i] = reference[j];
            }
            time = t2;
            kl = k2;
            floor = f2;
            p = p2;
            drift = d2;
            reference = r2;
            first = 0;
        }

        List<Point> points() {
            List<Point> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int j = (first + i) % time.length;
                out.add(new Point(
                        time[j],
                        toDouble(kl[j]),
                        toDouble(floor[j]),
                        toDouble(p[j]),
                        toDouble(drift[j]),
                        reference[j]));
            }
            return out;
        }

        private static float toFloat(Double v) {
            return v == null ? Float.NaN : v.floatValue();
        }

        private static Double toDouble(float v) {
            return Float.isNaN(v) ? null : Double.valueOf(Float.toString(v)); // 0.05f reads back as 0.05
        }
    }
}

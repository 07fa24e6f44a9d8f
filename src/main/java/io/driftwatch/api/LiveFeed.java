package io.driftwatch.api;

import io.driftwatch.alerting.AlertEvaluator;
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
import java.util.ArrayDeque;
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

    /** One point of a series' trend: window end (epoch millis), KL, noise floor and p-value (nulls when thin). */
    public record Point(long t, Double kl, Double noiseFloor, Double pValue, String reference) {}

    private final MonitorRegistry registry;
    private final AlertEvaluator alerts;
    private final int trendPoints;
    private final BroadcastProcessor<SeriesSummary> updates = BroadcastProcessor.create();
    private final Map<Series, Trend> trends = new ConcurrentHashMap<>();

    LiveFeed(MonitorRegistry registry, AlertEvaluator alerts, DriftwatchConfig config) {
        this.registry = registry;
        this.alerts = alerts;
        this.trendPoints = config.api().trendPoints();
        registry.onReferenceChange((series, change) -> publish(series, true));
    }

    /** Current summaries followed by every update; each subscriber drops what it cannot take. */
    public Multi<SeriesSummary> stream() {
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().iterable(current()),
                        updates.onOverflow().drop());
    }

    /** The current summary of every series, ordered by monitor and model. */
    public List<SeriesSummary> current() {
        List<SeriesSummary> out = new ArrayList<>();
        registry.forEachSeries(s -> out.add(summary(s)));
        out.sort(java.util.Comparator.comparing(SeriesSummary::monitor).thenComparing(SeriesSummary::model));
        return out;
    }

    public SeriesSummary summary(Series s) {
        return summary(s, s.view());
    }

    /** The summary of {@code view}, a view of {@code s}, with the series' alert state. */
    public SeriesSummary summary(Series s, Series.View view) {
        return SeriesSummary.of(view, s, severity -> alerts.state(s, severity));
    }

    /** The series' recent KL trend, oldest first. */
    public List<Point> trend(Series s) {
        Trend t = trends.get(s);
        if (t == null) {
            return List.of();
        }
        synchronized (t) {
            return List.copyOf(t.points);
        }
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        try {
            registry.forEachSeries(s -> publish(s, false));
        } catch (RuntimeException e) {
            LOG.error("live feed update failed", e);
        }
    }

    private void publish(Series s, boolean referenceChanged) {
        Trend trend = trends.computeIfAbsent(s, x -> new Trend());
        SeriesSummary summary = summary(s);
        synchronized (trend) {
            Long end = summary.windowEnd();
            boolean advanced = end != null && end > trend.lastEnd;
            if (!advanced && !referenceChanged) {
                return;
            }
            if (advanced) {
                trend.lastEnd = end;
                trend.points.addLast(new Point(
                        end,
                        summary.value(Statistic.KL),
                        summary.value(Statistic.NOISE_FLOOR),
                        summary.value(Statistic.P_VALUE),
                        summary.reference()));
                while (trend.points.size() > trendPoints) {
                    trend.points.removeFirst();
                }
            }
        }
        synchronized (updates) { // onNext must be serialized; the reference log thread publishes too
            updates.onNext(summary);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        updates.onComplete();
    }

    private static final class Trend {
        final ArrayDeque<Point> points = new ArrayDeque<>();
        long lastEnd = Long.MIN_VALUE;
    }
}

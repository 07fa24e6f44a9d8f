package io.driftwatch.alerting;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.AlertTransition;
import io.driftwatch.core.alert.DriftEvidence;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.ingest.UnseenValues;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Runs every series' {@link AlertStateMachine} once per pane — when its window end moves, or on the clock when it has
 * not moved for a pane and a half (checked every second on the shared scheduler, off the ingest path) — keeps the outcome in the {@link AlertBook} and the alert-state store, and hands firing and resolved
 * messages to the {@link AlertSinks}.
 *
 * <p>Only series whose windows are whole here are evaluated ({@link MonitorRegistry#forEachWholeSeries}: not while
 * being rebuilt from the pane topic, not while the instance may have lost them), a window with insufficient data
 * raises nothing, and nothing is evaluated before the alert-state store has been read (a restored alert could be
 * missed and fired again).
 *
 * <p>Thread-safety: one scheduler thread at a time evaluates (the scheduled method skips while a run is going).
 */
@Startup
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final UnseenValues unseen;

    private final MonitorRegistry registry;
    private final AlertStore stored;
    private final AlertBook book;
    private final AlertSinks sinks;
    private final InstantSource clock;
    private final boolean enabled;
    private final double referenceRatio;
    private final List<BiConsumer<Series, AlertTransition>> transitionListeners = new CopyOnWriteArrayList<>();

    @Inject
    AlertEvaluator(
            DriftwatchConfig config,
            MonitorRegistry registry,
            AlertStore stored,
            AlertBook book,
            AlertSinks sinks,
            InstantSource clock,
            EventIngestor ingestor) {
        this(config, registry, stored, book, sinks, clock, ingestor.unseenValues());
    }

    /** @param unseen the values stage 1 saw in unseen bins, named in firing messages */
    AlertEvaluator(
            DriftwatchConfig config,
            MonitorRegistry registry,
            AlertStore stored,
            AlertBook book,
            AlertSinks sinks,
            InstantSource clock,
            UnseenValues unseen) {
        this.unseen = unseen;
        this.registry = registry;
        this.stored = stored;
        this.book = book;
        this.sinks = sinks;
        this.clock = clock;
        this.enabled = config.alerts().enabled();
        this.referenceRatio = config.alerts().referenceRatioWarning();
        registry.onSeriesRemoved(this::forget);
        if (enabled) {
            registry.monitors()
                    .forEach(m -> LOG.infof(
                            "alert rule of monitor %s: %s",
                            m.name(), m.definition().alertRule()));
        }
    }

    /** Called with every transition of a series' alerts (pending, firing, resolved, cancelled). */
    public void onTransition(BiConsumer<Series, AlertTransition> listener) {
        transitionListeners.add(listener);
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void evaluateAll() {
        if (!enabled || !stored.caughtUp()) { // until then a restored alert could be missed and fired again
            return;
        }
        try {
            registry.forEachWholeSeries(this::evaluate); // never from part of a window
        } catch (RuntimeException e) {
            LOG.error("alert evaluation failed", e);
        }
    }

    /**
     * Evaluates {@code s} if its window end advanced since the last evaluation (once per pane while events flow), or
     * on the clock when it has not been evaluated for {@link #clockPeriod} (a batch that arrived at once, a quiet
     * hour): a pending alert whose condition still holds then fires when its time has passed, whether or not more
     * events arrive.
     */
    void evaluate(Series s) {
        if (s.removed()) {
            return;
        }
        SeriesAlerts alerts = book.computeIfAbsent(s, this::register);
        if (s.removed()) { // evicted or handed over meanwhile: the removal listener has resolved what was due
            forget(s, MonitorRegistry.Removal.HANDED_OVER);
            return;
        }
        long end = s.windowEndMillis();
        long wall = clock.millis();
        boolean advanced = end > alerts.lastEnd;
        if (!advanced && wall - alerts.lastEvaluatedAt < clockPeriod(s.monitor().paneMillis())) {
            return;
        }
        alerts.lastEnd = Math.max(alerts.lastEnd, end);
        alerts.lastEvaluatedAt = wall;
        List<DriftReport> scales = s.scales(); // the whole window, then its newest spans
        DriftReport report = scales.get(0);
        warnIfReferenceTooSmall(s, alerts, report);
        double level = registry.alertLevel(s.monitor());
        List<AlertTransition> transitions =
                alerts.machine.evaluate(report, scales.subList(1, scales.size()), false, level);
        for (AlertTransition t : transitions) {
            transitionListeners.forEach(l -> l.accept(s, t));
            String now = clock.instant().toString();
            if (t.to() == AlertState.FIRING) {
                AlertMessage m = message(s, t, "firing", now, null);
                alerts.fire(t.severity(), m);
                stored.fired(m); // kept before anyone is paged: a restart or handover does not page again
                sinks.deliver(m);
            } else if (t.to() == AlertState.RESOLVED) {
                AlertMessage firing = alerts.resolve(t.severity());
                stored.resolved(AlertIds.fingerprint(s, t.severity()));
                AlertMessage m;
                if (t.cause() == AlertTransition.Cause.NO_DATA && firing != null) {
                    m = firing.resolvedAt(now, AlertMessage.NO_DATA);
                } else {
                    String startsAt = firing != null ? firing.startsAt() : now;
                    m = message(s, t, "resolved", startsAt, now);
                }
                book.remember(m);
                sinks.deliver(m);
            }
        }
    }

    /**
     * How long a series goes without an evaluation before it is evaluated on the clock: one and a half panes. Not one:
     * while events flow the window end moves once a pane, give or take the pipeline's latency, and an evaluation on
     * the clock just before each move would evaluate the same pane twice — twice the evaluations the false-alarm budget
     * counts ({@link io.driftwatch.core.alert.AlertBudget}), and {@code for} met by two looks at one pane.
     */
    static long clockPeriod(long paneMillis) {
        return paneMillis + paneMillis / 2;
    }

    private void warnIfReferenceTooSmall(Series s, SeriesAlerts alerts, DriftReport report) {
        boolean tooSmall = DriftEvidence.referenceTooSmall(report, referenceRatio);
        if (tooSmall == alerts.referenceTooSmall) {
            return;
        }
        alerts.referenceTooSmall = tooSmall;
        if (tooSmall) {
            LOG.warnf(
                    "series %s/%s: the window holds %d events, more than %.3g x its reference's %d"
                            + " (driftwatch.alerts.reference-ratio-warning): the comparison is limited by the"
                            + " reference's own noise; use a reference several times the window",
                    s.monitor().name(), s.model(), report.liveSamples(), referenceRatio, report.referenceSamples());
        } else {
            LOG.infof(
                    "series %s/%s: the window is again within its reference's size",
                    s.monitor().name(), s.model());
        }
    }

    /**
     * Drops a removed series' alert state. An evicted series' firing alerts are resolved (sent as resolved), since
     * nobody will ever evaluate them again; a series handed over to another instance keeps them there (that instance
     * restores them from the alert-state topic), so nothing is sent.
     */
    private void forget(Series s, MonitorRegistry.Removal why) {
        SeriesAlerts alerts = book.remove(s);
        if (alerts == null || why == MonitorRegistry.Removal.HANDED_OVER) {
            return;
        }
        String now = clock.instant().toString();
        for (AlertMessage firing : alerts.active.values()) {
            stored.resolved(firing.fingerprint());
            AlertMessage resolved = firing.resolvedAt(now, AlertMessage.EVICTED);
            book.remember(resolved);
            LOG.infof(
                    "series %s/%s evicted (no events): its firing alert is resolved",
                    s.monitor().name(), s.model());
            sinks.deliver(resolved);
        }
    }

    /**
     * A series' alert state, with the firing alerts it had at its last owner (or before a restart) restored from the
     * alert-state store: same alert ids, no second firing notification.
     */
    private SeriesAlerts register(Series s) {
        SeriesAlerts alerts = new SeriesAlerts(new AlertStateMachine(s.monitor().alertRule()));
        for (Severity severity : Severity.values()) {
            stored.firing(AlertIds.fingerprint(s, severity)).ifPresent(m -> {
                long episodeStart = AlertIds.episodeStart(m.alertId());
                if (!s.monitor().alertRule().enabled(severity)) {
                    stored.resolved(m.fingerprint()); // the severity was turned off since: nothing will resolve it
                } else if (episodeStart != Long.MIN_VALUE) {
                    alerts.machine.restoreFiring(severity, episodeStart);
                    alerts.fire(severity, m);
                    LOG.infof(
                            "alert %s of %s/%s %s is firing since %s: restored, not sent again",
                            m.alertId(), s.monitor().name(), s.model(), severity.label(), m.startsAt());
                }
            });
        }
        return alerts;
    }

    private AlertMessage message(Series s, AlertTransition t, String status, String startsAt, String endsAt) {
        AlertRule rule = s.monitor().alertRule();
        boolean budget = rule.decision() == AlertRule.Decision.BUDGET;
        AlertTransition.Basis basis = t.basis();
        String fingerprint = AlertIds.fingerprint(s, t.severity());
        List<Series.Contributor> contributors =
                status.equals("firing") ? s.contributors(basis.scale(), AlertMessage.TOP_CONTRIBUTORS) : null;
        return new AlertMessage(
                AlertIds.alertId(fingerprint, t.episodeStartMillis()),
                fingerprint,
                s.monitor().name(),
                s.model(),
                t.severity().label(),
                status,
                rule.statistic().key(),
                t.value(),
                t.threshold(),
                t.pValue(),
                t.alphaPerEvaluation(),
                t.samples(),
                Instant.ofEpochMilli(t.windowStartMillis()).toString(),
                Instant.ofEpochMilli(t.windowEndMillis()).toString(),
                s.reference().version(),
                startsAt,
                endsAt,
                status.equals("firing") ? AlertMessage.FIRING : AlertMessage.CLEARED,
                rule.decision().key(),
                budget ? finite(basis.lowerBound()) : null,
                budget ? finite(basis.value()) : null,
                budget ? rule.budget().perSeries(registry.seriesCount()) : null,
                new AlertMessage.DecidedOn(
                        budget ? "drift" : rule.statistic().key(),
                        basis.value(),
                        AlertMessage.span(basis.whole(), basis.spanMillis()),
                        basis.spanMillis() / 1000.0,
                        basis.samples(),
                        basis.pValue(),
                        basis.comparedWith(),
                        budget ? finite(basis.lowerBound()) : null),
                budget ? finite(t.windowDrift()) : null,
                contributors,
                unseenValues(s, contributors));
    }

    /** A firing message's names for the unseen bin, when that bin is among its top contributors; else null. */
    private List<String> unseenValues(Series s, List<Series.Contributor> contributors) {
        if (contributors == null
                || contributors.stream().noneMatch(c -> c.bin().equals(CategoricalBins.UNSEEN_LABEL))) {
            return null;
        }
        List<String> names = unseen.top(s.monitor().name(), s.model(), AlertMessage.UNSEEN_VALUES).stream()
                .map(UnseenValues.Value::value)
                .toList();
        return names.isEmpty() ? null : names;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

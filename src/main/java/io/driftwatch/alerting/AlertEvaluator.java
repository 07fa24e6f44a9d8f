package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.AlertTransition;
import io.driftwatch.core.alert.DriftEvidence;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.monitor.AlertStates;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.RebuildStatus;
import io.driftwatch.monitor.Series;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs every series' {@link AlertStateMachine} once per closed pane (checked every second on the shared scheduler, off
 * the ingest path) and hands firing/resolved messages to the configured sinks through non-blocking
 * {@link DeliveryQueue}s.
 *
 * <p>No alert is evaluated from a window that is being rebuilt from the log or has insufficient data. Firing alerts
 * are re-sent to Alertmanager every resend interval, as Alertmanager expects of its clients.
 *
 * <p>Thread-safety: one scheduler thread at a time evaluates (the scheduled methods skip while a run is going); the
 * API and scrapes read alert states and the firing alerts from other threads through immutable snapshots (each
 * series' state machine publishes its states, and its firing alerts are an immutable map replaced on change).
 */
@Startup
@ApplicationScoped
public class AlertEvaluator implements AlertStates {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final MonitorRegistry registry;
    private final RebuildStatus rebuild;
    private final MeterRegistry meters;
    private final InstantSource clock;
    private final boolean enabled;
    private final Map<Series, SeriesAlerts> series = new ConcurrentHashMap<>();
    private final List<DeliveryQueue> queues = new ArrayList<>();
    private final DeliveryQueue alertmanager;
    private final ArrayDeque<AlertMessage> history = new ArrayDeque<>();
    private final int historySize;
    private final double referenceRatio;
    private final AlertStore stored;

    AlertEvaluator(
            DriftwatchConfig config,
            MonitorRegistry registry,
            RebuildStatus rebuild,
            AlertStore stored,
            MeterRegistry meters,
            InstantSource clock,
            ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.registry = registry;
        registry.onSeriesRemoved(this::forget);
        this.rebuild = rebuild;
        this.stored = stored;
        this.meters = meters;
        this.clock = clock;
        this.historySize = config.alerts().historySize();
        this.referenceRatio = config.alerts().referenceRatioWarning();
        var alerts = config.alerts();
        this.enabled = alerts.enabled();
        if (alerts.kafka().enabled()) {
            queues.add(new DeliveryQueue(
                    new KafkaAlertSink(bootstrap, alerts.kafka().topic(), json)));
        }
        alerts.webhook()
                .url()
                .ifPresent(url -> queues.add(new DeliveryQueue(
                        new HttpAlertSinks.Webhook(url, alerts.webhook().secret(), json))));
        alertmanager = alerts.alertmanager()
                .url()
                .map(url -> new DeliveryQueue(new HttpAlertSinks.Alertmanager(
                        url, alerts.alertmanager().resendInterval(), clock, json)))
                .orElse(null);
        if (alertmanager != null) {
            queues.add(alertmanager);
        }
        for (DeliveryQueue q : queues) {
            Tags tags = Tags.of("sink", q.sinkName());
            FunctionCounter.builder("drift.alert.deliveries", q, DeliveryQueue::delivered)
                    .tags(tags.and("result", "delivered"))
                    .description("Alert messages delivered, failed delivery attempts (retried), dropped (queue full)")
                    .register(meters);
            FunctionCounter.builder("drift.alert.deliveries", q, DeliveryQueue::failures)
                    .tags(tags.and("result", "failed"))
                    .register(meters);
            FunctionCounter.builder("drift.alert.deliveries", q, DeliveryQueue::dropped)
                    .tags(tags.and("result", "dropped"))
                    .register(meters);
        }
        if (enabled) {
            registry.monitors()
                    .forEach(m -> LOG.infof(
                            "alert rule of monitor %s: %s",
                            m.name(), m.definition().alertRule()));
        }
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void evaluateAll() {
        if (!enabled || !stored.caughtUp()) { // until then a restored alert could be missed and fired again
            return;
        }
        try {
            registry.forEachSeries(this::evaluate);
        } catch (RuntimeException e) {
            LOG.error("alert evaluation failed", e);
        }
    }

    /** Evaluates {@code s} if its window advanced since the last evaluation. */
    void evaluate(Series s) {
        if (s.removed()) {
            return;
        }
        SeriesAlerts alerts = series.computeIfAbsent(s, this::register);
        if (s.removed()) { // evicted or handed over meanwhile: the removal listener has resolved what was due
            forget(s, MonitorRegistry.Removal.HANDED_OVER);
            return;
        }
        long end = s.windowEndMillis();
        if (end <= alerts.lastEnd) {
            return;
        }
        alerts.lastEnd = end;
        List<DriftReport> scales = s.scales(); // the whole window, then its newest spans
        DriftReport report = scales.get(0);
        boolean tooSmall = DriftEvidence.referenceTooSmall(report, referenceRatio);
        if (tooSmall != alerts.referenceTooSmall) {
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
        double level = registry.alertLevel(s.monitor());
        List<AlertTransition> transitions =
                alerts.machine.evaluate(report, scales.subList(1, scales.size()), rebuild.rebuilding(), level);
        for (AlertTransition t : transitions) {
            Counter.builder("drift.alerts")
                    .description("Alert transitions of a series and severity: pending, firing, resolved, cancelled")
                    .tags(Tags.of(
                            "monitor", s.monitor().name(),
                            "model", s.model(),
                            "severity", t.severity().label(),
                            "transition", transitionName(t)))
                    .register(meters)
                    .increment();
            String now = clock.instant().toString();
            if (t.to() == AlertState.FIRING) {
                AlertMessage m = message(s, t, "firing", now, null);
                alerts.fire(t.severity(), m);
                stored.fired(m); // kept before anyone is paged: a restart or handover does not page again
                deliver(m);
            } else if (t.to() == AlertState.RESOLVED) {
                AlertMessage firing = alerts.resolve(t.severity());
                stored.resolved(fingerprint(s, t.severity()));
                AlertMessage m;
                if (t.cause() == AlertTransition.Cause.NO_DATA && firing != null) {
                    m = firing.resolvedAt(now, AlertMessage.NO_DATA);
                } else {
                    String startsAt = firing != null ? firing.startsAt() : now;
                    m = message(s, t, "resolved", startsAt, now);
                }
                remember(m);
                deliver(m);
            }
        }
    }

    private static String transitionName(AlertTransition t) {
        if (t.to() == AlertState.OK) {
            return "cancelled";
        }
        return t.to().name().toLowerCase(Locale.ROOT);
    }

    /** Keeps a resolved alert in the bounded history, newest first. */
    private void remember(AlertMessage resolved) {
        synchronized (history) {
            history.addFirst(resolved);
            while (history.size() > historySize) {
                history.removeLast();
            }
        }
    }

    private void deliver(AlertMessage m) {
        LOG.infof(
                "alert %s %s (%s): %s/%s %s %s = %.4g, significant drift %.4g (threshold %.4g, p = %.3g, %s)",
                m.alertId(),
                m.status(),
                m.reason(),
                m.monitor(),
                m.model(),
                m.severity(),
                m.statistic(),
                m.value(),
                m.drift(),
                m.threshold(),
                m.pValue(),
                m.budgetText());
        queues.forEach(q -> q.offer(m));
    }

    @Scheduled(
            every = "${driftwatch.alerts.alertmanager.resend-interval:30s}",
            delayed = "${driftwatch.alerts.alertmanager.resend-interval:30s}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void resendFiring() {
        if (enabled && alertmanager != null) {
            series.values().forEach(a -> a.active.values().forEach(alertmanager::offer));
        }
    }

    /**
     * Drops a removed series' alert state and meters. An evicted series' firing alerts are resolved (sent as
     * resolved), since nobody will ever evaluate them again; a series handed over to another instance keeps them
     * there (that instance restores them from the alert-state topic), so nothing is sent.
     */
    private void forget(Series s, MonitorRegistry.Removal why) {
        SeriesAlerts alerts = series.remove(s);
        if (alerts == null) {
            return;
        }
        meters.find("drift.alerts")
                .tags("monitor", s.monitor().name(), "model", s.model())
                .meters()
                .forEach(meters::remove);
        if (why == MonitorRegistry.Removal.HANDED_OVER) {
            return;
        }
        String now = clock.instant().toString();
        for (AlertMessage firing : alerts.active.values()) {
            stored.resolved(firing.fingerprint());
            AlertMessage resolved = firing.resolvedAt(now, AlertMessage.EVICTED);
            remember(resolved);
            LOG.infof(
                    "series %s/%s evicted (no events): its firing alert is resolved",
                    s.monitor().name(), s.model());
            deliver(resolved);
        }
    }

    /**
     * A series' alert state, with the firing alerts it had at its last owner (or before a restart) restored from the
     * alert-state topic: same alert ids, no second firing notification.
     */
    private SeriesAlerts register(Series s) {
        // its state is written at scrape time by the metrics collector (AlertStates): no meter per series
        SeriesAlerts alerts = new SeriesAlerts(new AlertStateMachine(s.monitor().alertRule()));
        for (Severity severity : Severity.values()) {
            stored.firing(fingerprint(s, severity)).ifPresent(m -> {
                long episodeStart = episodeStart(m.alertId());
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

    /** The episode start in an alert id ({@code <fingerprint>-<hex millis>}), or {@code Long.MIN_VALUE}. */
    static long episodeStart(String alertId) {
        int dash = alertId.lastIndexOf('-');
        try {
            return dash < 0 ? Long.MIN_VALUE : Long.parseUnsignedLong(alertId.substring(dash + 1), 16);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String fingerprint(Series s, Severity severity) {
        return hash(s.monitor().name() + "\u0000" + s.model() + "\u0000" + severity.label());
    }

    private AlertMessage message(Series s, AlertTransition t, String status, String startsAt, String endsAt) {
        AlertRule rule = s.monitor().alertRule();
        String fingerprint = fingerprint(s, t.severity());
        return new AlertMessage(
                fingerprint + "-" + Long.toHexString(t.episodeStartMillis()),
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
                Double.isFinite(t.lowerBound()) ? t.lowerBound() : null,
                Double.isFinite(t.drift()) ? t.drift() : null,
                rule.decision() == AlertRule.Decision.BUDGET ? rule.budget().perSeries(registry.seriesCount()) : null);
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Firing alerts, optionally of one monitor, newest first. */
    public List<AlertMessage> active(String monitor) {
        List<AlertMessage> out = new ArrayList<>();
        series.values().forEach(a -> out.addAll(a.active.values()));
        return out.stream()
                .filter(m -> monitor == null || m.monitor().equals(monitor))
                .sorted(Comparator.comparing(AlertMessage::startsAt).reversed())
                .toList();
    }

    /** Recently resolved alerts, optionally of one monitor, newest first. */
    public List<AlertMessage> recent(String monitor) {
        synchronized (history) {
            return history.stream()
                    .filter(m -> monitor == null || m.monitor().equals(monitor))
                    .toList();
        }
    }

    /** The alert state of one series and severity (OK for a series never evaluated). */
    @Override
    public AlertState state(Series s, Severity severity) {
        SeriesAlerts a = series.get(s);
        return a == null ? AlertState.OK : a.machine.state(severity);
    }

    /** Whether the series' last evaluated window had no data to alert on; true for a series never evaluated. */
    @Override
    public boolean noData(Series s) {
        SeriesAlerts a = series.get(s);
        return a == null || a.machine.noData();
    }

    /** Whether the series has alert state here (evicted series have none). */
    boolean tracks(Series s) {
        return series.containsKey(s);
    }

    void stop(@Observes ShutdownEvent event) {
        queues.forEach(DeliveryQueue::close);
    }

    /** One series' alert state: written by the evaluating thread, read anywhere. */
    private static final class SeriesAlerts {
        final AlertStateMachine machine;
        /** Firing alerts by severity: an immutable map, replaced on change. */
        volatile Map<Severity, AlertMessage> active = Map.of();

        long lastEnd = Long.MIN_VALUE;
        boolean referenceTooSmall;

        SeriesAlerts(AlertStateMachine machine) {
            this.machine = machine;
        }

        void fire(Severity severity, AlertMessage m) {
            Map<Severity, AlertMessage> next = new EnumMap<>(Severity.class);
            next.putAll(active);
            next.put(severity, m);
            active = Map.copyOf(next);
        }

        AlertMessage resolve(Severity severity) {
            AlertMessage firing = active.get(severity);
            if (firing != null) {
                Map<Severity, AlertMessage> next = new EnumMap<>(Severity.class);
                next.putAll(active);
                next.remove(severity);
                active = next.isEmpty() ? Map.of() : Map.copyOf(next);
            }
            return firing;
        }
    }
}

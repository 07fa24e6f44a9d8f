package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.AlertTransition;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.ingest.WindowRebuilder;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs every series' {@link AlertStateMachine} once per closed pane (checked every second, off the ingest path) and
 * hands firing/resolved messages to the configured sinks through non-blocking {@link DeliveryQueue}s.
 *
 * <p>No alert is evaluated from a window that is being rebuilt from the log or has insufficient data. Firing alerts
 * are re-sent to Alertmanager every resend interval, as Alertmanager expects of its clients.
 */
@Startup
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final MonitorRegistry registry;
    private final WindowRebuilder rebuilder;
    private final MeterRegistry meters;
    private final Map<MonitorDefinition, AlertRule> rules = new ConcurrentHashMap<>();
    private final Map<Series, SeriesAlerts> series = new ConcurrentHashMap<>();
    private final List<DeliveryQueue> queues = new ArrayList<>();
    private final DeliveryQueue alertmanager;
    private final ArrayDeque<AlertMessage> history = new ArrayDeque<>();
    private final int historySize;
    private final ScheduledExecutorService scheduler;

    AlertEvaluator(
            DriftwatchConfig config,
            MonitorRegistry registry,
            WindowRebuilder rebuilder,
            MeterRegistry meters,
            ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.registry = registry;
        this.rebuilder = rebuilder;
        this.meters = meters;
        this.historySize = config.alerts().historySize();
        for (MonitorDefinition m : registry.monitors()) {
            rules.put(m, AlertRules.forMonitor(config, m));
        }
        var alerts = config.alerts();
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
                        url, alerts.alertmanager().resendInterval(), json)))
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
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "driftwatch-alert-evaluator");
            t.setDaemon(true);
            return t;
        });
        if (alerts.enabled()) {
            scheduler.scheduleWithFixedDelay(this::evaluateAll, 1, 1, TimeUnit.SECONDS);
            if (alertmanager != null) {
                long resend = alerts.alertmanager().resendInterval().toMillis();
                scheduler.scheduleWithFixedDelay(this::resendFiring, resend, resend, TimeUnit.MILLISECONDS);
            }
            rules.forEach((m, r) -> LOG.infof("alert rule of monitor %s: %s", m.name(), r));
        }
    }

    private void evaluateAll() {
        try {
            registry.forEachSeries(this::evaluate);
        } catch (RuntimeException e) {
            LOG.error("alert evaluation failed", e);
        }
    }

    /** Evaluates {@code s} if its window advanced since the last evaluation. */
    void evaluate(Series s) {
        SeriesAlerts alerts = series.computeIfAbsent(s, this::register);
        long end = s.windowEndMillis();
        if (end <= alerts.lastEnd) {
            return;
        }
        alerts.lastEnd = end;
        List<AlertTransition> transitions = alerts.machine.evaluate(s.report(), rebuilder.rebuilding());
        for (AlertTransition t : transitions) {
            meters.counter(
                            "drift.alerts",
                            Tags.of(
                                    "monitor", s.monitor().name(),
                                    "model", s.model(),
                                    "severity", t.severity().label(),
                                    "transition", transitionName(t)))
                    .increment();
            if (t.to() == AlertState.FIRING) {
                String startsAt = Instant.now().toString();
                AlertMessage m = message(s, t, "firing", startsAt, null);
                alerts.active.put(t.severity(), m);
                deliver(m, true);
            } else if (t.to() == AlertState.RESOLVED) {
                AlertMessage firing = alerts.active.remove(t.severity());
                String startsAt =
                        firing != null ? firing.startsAt() : Instant.now().toString();
                AlertMessage m =
                        message(s, t, "resolved", startsAt, Instant.now().toString());
                synchronized (history) {
                    history.addFirst(m);
                    while (history.size() > historySize) {
                        history.removeLast();
                    }
                }
                deliver(m, true);
            }
        }
    }

    private static String transitionName(AlertTransition t) {
        if (t.to() == AlertState.OK) {
            return "cancelled";
        }
        return t.to().name().toLowerCase();
    }

    private void deliver(AlertMessage m, boolean everywhere) {
        LOG.infof(
                "alert %s %s: %s/%s %s %s = %.4g (threshold %.4g, p = %.3g)",
                m.alertId(),
                m.status(),
                m.monitor(),
                m.model(),
                m.severity(),
                m.statistic(),
                m.value(),
                m.threshold(),
                m.pValue());
        if (everywhere) {
            queues.forEach(q -> q.offer(m));
        }
    }

    private void resendFiring() {
        series.values().forEach(a -> a.active.values().forEach(alertmanager::offer));
    }

    private SeriesAlerts register(Series s) {
        SeriesAlerts alerts = new SeriesAlerts(new AlertStateMachine(rules.get(s.monitor())));
        for (Severity severity : Severity.values()) {
            Gauge.builder("drift.alert.state", alerts, a -> a.machine
                            .state(severity)
                            .gaugeValue())
                    .description("Alert state: 0 ok, 1 pending, 2 firing")
                    .tags("monitor", s.monitor().name(), "model", s.model(), "severity", severity.label())
                    .register(meters);
        }
        Gauge.builder("drift.alert.no.data", alerts, a -> a.machine.noData() ? 1 : 0)
                .description("1 while the series' window has no data to alert on (thin or rebuilding)")
                .tags("monitor", s.monitor().name(), "model", s.model())
                .register(meters);
        return alerts;
    }

    private AlertMessage message(Series s, AlertTransition t, String status, String startsAt, String endsAt) {
        AlertRule rule = rules.get(s.monitor());
        String fingerprint = hash(s.monitor().name() + "\u0000" + s.model() + "\u0000"
                + t.severity().label());
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
                rule.alpha(),
                t.samples(),
                Instant.ofEpochMilli(t.windowStartMillis()).toString(),
                Instant.ofEpochMilli(t.windowEndMillis()).toString(),
                s.reference().version(),
                startsAt,
                endsAt);
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
    public AlertState state(Series s, Severity severity) {
        SeriesAlerts a = series.get(s);
        return a == null ? AlertState.OK : a.machine.state(severity);
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
        queues.forEach(DeliveryQueue::close);
    }

    private static final class SeriesAlerts {
        final AlertStateMachine machine;
        final Map<Severity, AlertMessage> active = new EnumMap<>(Severity.class);
        long lastEnd = Long.MIN_VALUE;

        SeriesAlerts(AlertStateMachine machine) {
            this.machine = machine;
        }
    }
}

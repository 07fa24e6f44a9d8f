package io.driftwatch.alerting;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.monitor.AlertStates;
import io.driftwatch.monitor.Series;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What is known of every series' alerts: their state machines and firing alerts (written by the
 * {@link AlertEvaluator}), and the recently resolved alerts (at most {@code driftwatch.alerts.history-size}). The read
 * side of alerting: the API, the page and the metrics read it.
 *
 * <p>Thread-safety: one evaluating thread writes; readers get immutable snapshots (each state machine publishes its
 * states, firing alerts are immutable maps replaced on change, the history is copied under its lock).
 */
@ApplicationScoped
public class AlertBook implements AlertStates {

    private final Map<Series, SeriesAlerts> series = new ConcurrentHashMap<>();
    private final ArrayDeque<AlertMessage> history = new ArrayDeque<>();
    private final int historySize;

    AlertBook(DriftwatchConfig config) {
        this.historySize = config.alerts().historySize();
    }

    SeriesAlerts get(Series s) {
        return series.get(s);
    }

    SeriesAlerts computeIfAbsent(Series s, Function<Series, SeriesAlerts> register) {
        return series.computeIfAbsent(s, register);
    }

    SeriesAlerts remove(Series s) {
        return series.remove(s);
    }

    /** Every firing alert (for the Alertmanager re-send). */
    List<AlertMessage> firing() {
        List<AlertMessage> out = new ArrayList<>();
        series.values().forEach(a -> out.addAll(a.active.values()));
        return out;
    }

    /** Keeps a resolved alert in the bounded history, newest first. */
    void remember(AlertMessage resolved) {
        synchronized (history) {
            history.addFirst(resolved);
            while (history.size() > historySize) {
                history.removeLast();
            }
        }
    }

    /** Firing alerts, optionally of one monitor, newest first. */
    public List<AlertMessage> active(String monitor) {
        return firing().stream()
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

    /** Whether the series has alert state here (evicted and handed-over series have none). */
    public boolean tracks(Series s) {
        return series.containsKey(s);
    }
}

package io.driftwatch.alerting;

import io.driftwatch.core.alert.AlertStateMachine;
import io.driftwatch.core.alert.Severity;
import java.util.EnumMap;
import java.util.Map;

/**
 * One series' alert state: its state machine, its firing alerts and what the evaluator last saw of it. Written by the
 * evaluating thread; the firing alerts are read anywhere (an immutable map, replaced on change).
 */
final class SeriesAlerts {

    final AlertStateMachine machine;
    /** Firing alerts by severity: an immutable map, replaced on change. */
    volatile Map<Severity, AlertMessage> active = Map.of();

    long lastEnd = Long.MIN_VALUE;
    /** Wall-clock time of the last evaluation. */
    long lastEvaluatedAt = Long.MIN_VALUE / 2;

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

    /** Forgets the firing alert of {@code severity}; returns it, or {@code null} if there was none. */
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

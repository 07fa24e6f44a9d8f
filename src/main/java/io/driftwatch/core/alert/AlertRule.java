package io.driftwatch.core.alert;

import io.driftwatch.core.Statistic;

/**
 * When a series alerts. Evaluated once per closed pane.
 *
 * <p>A severity's condition holds in a pane when the window has data (at least {@code minSamples} events, not being
 * rebuilt), the statistic is at or above the severity's threshold, <em>and</em> the window's p-value is below
 * {@code alpha} — the significance gate, so noise on a thin window never alerts however large its KL. The condition
 * must hold for {@code forPanes} consecutive panes before the alert fires (PENDING until then). A firing alert
 * resolves after {@code clearPanes} consecutive panes in which the statistic is below
 * {@code clearFactor * threshold} or the p-value is at or above {@code alpha} (hysteresis).
 *
 * @param statistic what is compared with the thresholds
 * @param warning warning threshold; NaN disables the warning alert
 * @param critical critical threshold; NaN disables the critical alert
 * @param alpha significance gate in {@code (0, 1)}
 * @param minSamples windows with fewer events never alert
 * @param forPanes consecutive panes the condition must hold before firing, {@code >= 1}
 * @param clearFactor resolve below {@code clearFactor * threshold}, in {@code (0, 1]}
 * @param clearPanes consecutive clean panes before a firing alert resolves, {@code >= 1}
 */
public record AlertRule(
        Statistic statistic,
        double warning,
        double critical,
        double alpha,
        long minSamples,
        int forPanes,
        double clearFactor,
        int clearPanes) {

    public AlertRule {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (forPanes < 1 || clearPanes < 1) {
            throw new IllegalArgumentException(
                    "for and clear-panes must be at least 1, got " + forPanes + ", " + clearPanes);
        }
        if (!(clearFactor > 0 && clearFactor <= 1)) {
            throw new IllegalArgumentException("clear-factor must be in (0, 1], got " + clearFactor);
        }
        if (warning < 0 || critical < 0) {
            throw new IllegalArgumentException("thresholds must be >= 0, got " + warning + ", " + critical);
        }
    }

    /** Built-in warning threshold (of the default statistic, {@link Statistic#KL}, nats). */
    public static final double DEFAULT_WARNING = 0.05;
    /** Built-in critical threshold (nats). */
    public static final double DEFAULT_CRITICAL = 0.15;
    /** Built-in significance gate. */
    public static final double DEFAULT_ALPHA = 0.01;
    /** Built-in consecutive panes before firing. */
    public static final int DEFAULT_FOR_PANES = 2;
    /** Built-in hysteresis factor. */
    public static final double DEFAULT_CLEAR_FACTOR = 0.8;
    /** Built-in consecutive clean panes before resolving. */
    public static final int DEFAULT_CLEAR_PANES = 2;

    /** The built-in rule: KL, warning 0.05, critical 0.15 nats, alpha 0.01, for 2 panes, clear below 0.8x for 2. */
    public static AlertRule defaults(long minSamples) {
        return new AlertRule(
                Statistic.KL,
                DEFAULT_WARNING,
                DEFAULT_CRITICAL,
                DEFAULT_ALPHA,
                minSamples,
                DEFAULT_FOR_PANES,
                DEFAULT_CLEAR_FACTOR,
                DEFAULT_CLEAR_PANES);
    }

    /** The threshold of {@code severity}, NaN when that severity is disabled. */
    public double threshold(Severity severity) {
        return severity == Severity.WARNING ? warning : critical;
    }

    public boolean enabled(Severity severity) {
        return !Double.isNaN(threshold(severity));
    }
}

package io.driftwatch.core.alert;

import io.driftwatch.core.Statistic;

/**
 * When a series alerts. Evaluated each time its window end advances by a pane.
 *
 * <p>{@link Decision#BUDGET} (the default): a severity's condition holds when the window has data (at least
 * {@code minSamples} events, not being rebuilt) and shows, at the per-evaluation level derived from the false-alarm
 * budget ({@link AlertBudget}), that the drift is <em>at least</em> the severity's threshold
 * ({@link DriftEvidence#pAtLeast} below that level). The threshold is a drift size in the statistic's unit, compared on
 * the KL scale ({@link #effectThreshold}); the window's newest spans ({@link RecentSpans}) are tested as well, the level
 * split evenly over the tests. A firing alert resolves after {@code clearPanes} consecutive panes whose
 * drift estimate ({@link DriftEvidence#estimate}) is below {@code clearFactor} times the threshold.
 *
 * <p>{@link Decision#SIGNIFICANCE} (the rule before budgets, kept for comparison): the statistic at or above the
 * threshold <em>and</em> the window's p-value below {@code alpha}; resolves after {@code clearPanes} panes with the
 * statistic below {@code clearFactor * threshold} or the p-value at or above {@code alpha}. Its false-alarm rate is
 * {@code alpha} per evaluation, which on overlapping windows evaluated every pane means many a day.
 *
 * <p>Either way the condition must hold for {@code forPanes} consecutive panes before the alert fires (PENDING until
 * then).
 *
 * @param statistic what is compared with the thresholds
 * @param warning warning threshold; NaN disables the warning alert
 * @param critical critical threshold; NaN disables the critical alert
 * @param alpha significance gate in {@code (0, 1)}
 * @param minSamples windows with fewer events never alert
 * @param forPanes consecutive panes the condition must hold before firing, {@code >= 1}
 * @param clearFactor resolve below {@code clearFactor * threshold}, in {@code (0, 1]}
 * @param clearPanes consecutive clean panes before a firing alert resolves, {@code >= 1}
 * @param decision how the condition is decided
 * @param budget the false-alarm budget a {@link Decision#BUDGET} rule keeps
 */
public record AlertRule(
        Statistic statistic,
        double warning,
        double critical,
        double alpha,
        long minSamples,
        int forPanes,
        double clearFactor,
        int clearPanes,
        Decision decision,
        AlertBudget budget) {

    /** How a severity's condition is decided. */
    public enum Decision {
        /** The window shows, within the false-alarm budget, a drift at least the threshold. */
        BUDGET("budget"),
        /** Statistic at or above the threshold and p-value below alpha (the rule before budgets). */
        SIGNIFICANCE("significance");

        private final String key;

        Decision(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Decision fromKey(String key) {
            for (Decision d : values()) {
                if (d.key.equalsIgnoreCase(key.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown decision \"" + key + "\"; expected budget or significance");
        }
    }

    /** A {@link Decision#SIGNIFICANCE} rule. */
    public AlertRule(
            Statistic statistic,
            double warning,
            double critical,
            double alpha,
            long minSamples,
            int forPanes,
            double clearFactor,
            int clearPanes) {
        this(
                statistic,
                warning,
                critical,
                alpha,
                minSamples,
                forPanes,
                clearFactor,
                clearPanes,
                Decision.SIGNIFICANCE,
                AlertBudget.defaults());
    }

    public AlertRule {
        if (decision == null || budget == null) {
            throw new IllegalArgumentException("decision and budget must be given");
        }
        if (decision == Decision.BUDGET && klScale(statistic) == 0) {
            throw new IllegalArgumentException("statistic " + statistic.key()
                    + " has no drift-size test; use kl, kl-reverse, kl-corrected, js or psi");
        }
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

    /**
     * The built-in rule: a drift of at least KL 0.05 (warning) / 0.15 nats (critical) within the false-alarm budget,
     * for 2 panes, resolved below 0.8x for 2 panes.
     */
    public static AlertRule defaults(long minSamples) {
        return new AlertRule(
                Statistic.KL,
                DEFAULT_WARNING,
                DEFAULT_CRITICAL,
                DEFAULT_ALPHA,
                minSamples,
                DEFAULT_FOR_PANES,
                DEFAULT_CLEAR_FACTOR,
                DEFAULT_CLEAR_PANES,
                Decision.BUDGET,
                AlertBudget.defaults());
    }

    /**
     * The level each evaluation decides at: the budget's ({@link AlertBudget#alphaPerEvaluation}) for a
     * {@link Decision#BUDGET} rule on panes of {@code paneMillis} with {@code series} series monitored; {@code alpha}
     * for a {@link Decision#SIGNIFICANCE} rule.
     */
    public double alphaPerEvaluation(long paneMillis, int series) {
        return decision == Decision.BUDGET ? budget.alphaPerEvaluation(paneMillis, forPanes, series) : alpha;
    }

    /**
     * The false alarms a day one series can raise at most, in expectation, at that level: {@code E alpha / for} with
     * {@code E} evaluations a day ({@link AlertBudget}) — the budget for a budget rule (below the 0.5 cap).
     */
    public double falseAlarmsPerDay(long paneMillis, int series) {
        return 86_400_000.0 / paneMillis * alphaPerEvaluation(paneMillis, series) / forPanes;
    }

    /**
     * How a statistic's value compares with the drift on the KL scale, to second order in the difference between the
     * distributions: KL either way and the bias-corrected KL 1, PSI (= KL both ways) 2, Jensen–Shannon 1/4; 0 for a
     * statistic without a drift-size test.
     */
    public static double klScale(Statistic statistic) {
        return switch (statistic) {
            case KL, KL_REVERSE, KL_CORRECTED -> 1.0;
            case PSI -> 2.0;
            case JS -> 0.25;
            default -> 0.0;
        };
    }

    /** The severity's threshold as a drift on the KL scale ({@code threshold / klScale}); NaN when disabled. */
    public double effectThreshold(Severity severity) {
        return threshold(severity) / klScale(statistic);
    }

    /** The threshold of {@code severity}, NaN when that severity is disabled. */
    public double threshold(Severity severity) {
        return severity == Severity.WARNING ? warning : critical;
    }

    public boolean enabled(Severity severity) {
        return !Double.isNaN(threshold(severity));
    }
}

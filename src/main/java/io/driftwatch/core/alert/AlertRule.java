package io.driftwatch.core.alert;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;

/**
 * When a series alerts. Evaluated each time its window end advances by a pane.
 *
 * <p>{@link Decision#BUDGET} (the default): a severity's condition holds when the window has data (at least
 * {@code minSamples} events, not being rebuilt) and its drift is significant at the per-evaluation level derived from
 * the false-alarm budget ({@link AlertBudget}) with an estimated size of at least 60 % of the severity's
 * threshold ({@link #gate}): {@link DriftEvidence.Assessment#drift} of the whole window and its newest spans
 * ({@link RecentSpans}) reaches the gate. The threshold is the drift size (in the statistic's unit, compared on the KL scale,
 * {@link #effectThreshold}) the user must hear about: drifts at or above it alert as soon as they are significant
 * within the budget — as fast as a p-value-only rule at that budget — while a drift below half the threshold does not
 * alert however many events show it (its estimate stays below the gate once it is significant at all). Between half and
 * the whole threshold is the zone of indifference, split at the gate. A firing alert resolves after
 * {@code clearPanes} consecutive panes in which every test — the whole window and the newest spans it decides on,
 * significant or not — estimates the drift below the {@link #clearLevel} ({@code clearFactor} times the gate, lower on a
 * thin window) ({@link DriftEvidence.Assessment#largest}): it fires and resolves on the same evidence.
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
        /** A drift significant within the false-alarm budget, estimated at least 60 % of the threshold. */
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
    /**
     * Built-in consecutive clean panes before resolving: a minute of 10 s panes. With 2, an unlucky reference that shows
     * a steady drift of 0.1 at 0.075 (just above the critical's clear level) resolved and fired again in 4.5 % of
     * incidents at 10 events/s ({@code deploy/test/alert-calibration.sh}).
     */
    public static final int DEFAULT_CLEAR_PANES = 6;

    /**
     * The built-in rule: a drift of KL 0.05 (warning) / 0.15 nats (critical) and more, significant within the
     * false-alarm budget, for 2 panes; resolved below 0.8x the gate (lower on thin windows, {@link #clearLevel}) for 6
     * panes.
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

    /**
     * Where a budget rule decides, as a share of the threshold: in the zone of indifference between half the threshold
     * (drifts below it must not alert) and the threshold (drifts of it and more must), nearer its lower end. The
     * estimate's noise grows with the drift and includes the reference's own sampling noise, which pulls the drift a
     * window shows below the true one as often as above; a drift under half the threshold only needs telling apart on
     * windows large enough to be significant, where the estimate is precise. Chosen by
     * {@code deploy/test/alert-calibration.sh}: at 3/4 an unlucky reference hid one drift of exactly the threshold in
     * 200 (it showed 0.032 of 0.05); at 0.6 none was missed and a drift of 0.4 of the threshold never fired.
     */
    public static final double GATE_SHARE = 0.6;

    /** The estimate a severity's budget condition needs: {@link #GATE_SHARE} of {@link #effectThreshold} (KL scale). */
    public double gate(Severity severity) {
        return GATE_SHARE * effectThreshold(severity);
    }

    /**
     * What a severity's evidence is compared with to fire: a budget rule's {@link #gate} (KL scale), a significance
     * rule's threshold.
     */
    public double firingLevel(Severity severity) {
        return decision == Decision.BUDGET ? gate(severity) : threshold(severity);
    }

    /**
     * What a firing severity's evidence must stay below, for {@code clearPanes} panes, to resolve: {@code clearFactor}
     * times the {@link #firingLevel}. A budget rule lowers it on a window too thin to tell the two apart — to {@link
     * #CLEAR_SPREADS} standard deviations of the window's drift estimate ({@link DriftEvidence#spread} at the gate)
     * below the gate, but never below half of {@code clearFactor} times the gate — so that the estimate's own noise
     * does not resolve a drift that goes on and fire it again a few panes later: at 150 events a window the estimate of
     * a steady drift of 0.1 nats wanders by ±0.04.
     *
     * @param window the whole window's report
     */
    public double clearLevel(Severity severity, DriftReport window) {
        double firing = firingLevel(severity);
        double clear = clearFactor * firing;
        if (decision != Decision.BUDGET) {
            return clear;
        }
        double spread = DriftEvidence.spread(window, firing);
        if (!(spread > 0)) {
            return clear;
        }
        return Math.max(clear / 2, Math.min(clear, firing - CLEAR_SPREADS * spread));
    }

    /**
     * How many standard deviations of its estimate a budget rule's clear level stays below the gate on a thin window
     * ({@link #clearLevel}). Chosen by {@code deploy/test/alert-calibration.sh}'s incidents: with 2 (and 6 clear panes)
     * a steady drift of 0.1 or 0.3 nats or a ramp to 0.3 paged once per severity in at least 99.5 % of 200 incidents
     * at every rate from 0.5 to 1,000 events/s; with the clear level at 0.8 × the gate alone and 2 clear panes, 64.5 % at
     * 1 event/s.
     */
    public static final double CLEAR_SPREADS = 2.0;

    /**
     * The smallest drift (KL scale) any enabled severity alerts on — which newest spans are worth testing is decided
     * for it ({@link DriftEvidence#couldShow}); NaN when no severity is enabled.
     */
    public double smallestEffect() {
        double w = enabled(Severity.WARNING) ? effectThreshold(Severity.WARNING) : Double.NaN;
        double c = enabled(Severity.CRITICAL) ? effectThreshold(Severity.CRITICAL) : Double.NaN;
        return Double.isNaN(w) ? c : Double.isNaN(c) ? w : Math.min(w, c);
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

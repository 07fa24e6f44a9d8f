package io.driftwatch.core.alert;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.significance.ChiSquared;
import io.driftwatch.core.significance.NoncentralChiSquared;
import java.util.ArrayList;
import java.util.List;

/**
 * How large a window's drift is, with its uncertainty — "is the drift at least {@code tau}?" rather than "is it
 * non-zero?".
 *
 * <p>The window's two-sample G statistic (Williams-corrected) is, for large samples, noncentral chi-squared with
 * {@code df = k' - 1} and noncentrality {@code 2 n_eff delta}, where {@code n_eff = N M / (N + M)} is the effective size
 * of comparing N live events with M reference events and {@code delta} the drift: half the chi-squared divergence
 * between the two distributions, which equals the KL divergence to second order (0.0800 vs KL 0.0823 for the worked
 * example P = (0.7, 0.3), Q = (0.5, 0.5)). With no drift the noncentrality is 0 and this is the usual G-test. Hence:
 *
 * <ul>
 *   <li>{@link #estimate}: the unbiased estimate {@code max(0, (G - df) / 2 n_eff)} — the same drift size at any N,
 *       where the raw KL of a thin window is mostly noise ({@code ~ df / 2N});
 *   <li>{@link #assess}: the tests the budget alert rule makes — the whole window and its newest spans — and what it
 *       decides on: the largest estimate among the significant ones ({@link Assessment#significant}) to fire, the
 *       largest among all ({@link Assessment#largest}) to stay firing;
 *   <li>{@link #lowerBound}: the drift a window shows with confidence {@code 1 - alpha}: at least this large.
 * </ul>
 *
 * Thread-safe, no state.
 */
public final class DriftEvidence {

    private DriftEvidence() {}

    /** {@code N M / (N + M)}: how many events the comparison is worth; at most min(N, M) and at least half of it. */
    public static double effectiveSize(long live, long reference) {
        if (live <= 0 || reference <= 0) {
            return 0;
        }
        return (double) live * reference / ((double) live + reference);
    }

    /** The drift (KL scale, nats) the window shows with confidence {@code 1 - alpha}; NaN without data. */
    public static double lowerBound(DriftReport report, double alpha) {
        if (!report.sufficient()) {
            return Double.NaN;
        }
        if (report.test().df() < 1) {
            return 0.0;
        }
        double nEff = effectiveSize(report.liveSamples(), report.referenceSamples());
        return NoncentralChiSquared.lowerBound(
                        report.test().statistic(), report.test().df(), alpha)
                / (2 * nEff);
    }

    /**
     * Whether the window holds more than {@code ratio} times its reference's events: the comparison is then worth
     * less than the window ({@code n_eff < N / 2} at ratio 1) and limited by the reference's own sampling noise.
     */
    public static boolean referenceTooSmall(DriftReport report, double ratio) {
        return report.referenceSamples() > 0 && report.liveSamples() > ratio * report.referenceSamples();
    }

    /** {@code max(0, (G - df) / 2 n_eff)}: the drift's unbiased estimate (KL scale, nats); NaN without data. */
    public static double estimate(DriftReport report) {
        if (!report.sufficient()) {
            return Double.NaN;
        }
        double nEff = effectiveSize(report.liveSamples(), report.referenceSamples());
        if (nEff == 0) {
            return 0.0;
        }
        return Math.max(0.0, (report.test().statistic() - report.test().df()) / (2 * nEff));
    }

    /**
     * The standard deviation of {@link #estimate} on this window's event counts when the drift is {@code drift}:
     * {@code sqrt(2 df + 8 n_eff drift) / (2 n_eff)} (the variance of noncentral chi-squared is {@code 2 (df + 2
     * lambda)}); NaN without data. About 0.02 nats for 150 events in 20 bins, 0.001 for 30,000.
     */
    public static double spread(DriftReport report, double drift) {
        if (!report.sufficient()) {
            return Double.NaN;
        }
        double nEff = effectiveSize(report.liveSamples(), report.referenceSamples());
        if (nEff == 0) {
            return Double.NaN;
        }
        return Math.sqrt(2.0 * report.test().df() + 8 * nEff * drift) / (2 * nEff);
    }

    /**
     * Whether a test of {@code span} at {@code level} is worth a share of the level: a drift of {@code tau} filling the
     * span would, on average, reach the test's critical value ({@code df + 2 n_eff tau >= chi2_{1-level}(df)}). Spans
     * too short to see such a drift are not tested, so they cost the other tests no power. It depends on the event
     * counts and the degrees of freedom (bins non-empty on either side: with a reference of any size, the reference's
     * bins), not on how the live events spread over the bins, so choosing the tests this way keeps the union bound.
     */
    public static boolean couldShow(DriftReport span, double tau, double level) {
        if (!span.sufficient() || span.test().df() < 1) {
            return false;
        }
        double nEff = effectiveSize(span.liveSamples(), span.referenceSamples());
        return span.test().df() + 2 * nEff * tau
                >= ChiSquared.criticalValue(level, span.test().df());
    }

    /**
     * One test of a budget rule: a span of the window — the whole window ({@code scale} 0) or one of its newest spans
     * ({@link RecentSpans}) — and the drift it shows.
     *
     * @param scale its index among the scales: 0 for the whole window
     * @param spanMillis its length (event time)
     * @param events its live events
     * @param estimate its {@link #estimate} (KL scale, nats)
     * @param pValue its G-test's p-value
     * @param testLevel the level its test is decided at (the evaluation's level split over the tests made)
     * @param report the span's report
     */
    public record Reading(
            int scale,
            long spanMillis,
            long events,
            double estimate,
            double pValue,
            double testLevel,
            DriftReport report) {

        /**
         * The drift the span shows with confidence {@code 1 - testLevel}: at least this large, and never above
         * {@link #estimate} (costs a root search).
         */
        public double lowerBound() {
            return Math.min(estimate, DriftEvidence.lowerBound(report, testLevel));
        }

        public boolean whole() {
            return scale == 0;
        }

        public boolean significant() {
            return pValue < testLevel;
        }
    }

    /**
     * What one evaluation of a budget rule sees: its tests, the whole window first.
     *
     * @param tests the readings of the whole window and of the newest spans that are tested
     */
    public record Assessment(List<Reading> tests) {

        public Assessment {
            tests = List.copyOf(tests);
        }

        /** The whole window's reading. */
        public Reading window() {
            return tests.get(0);
        }

        /**
         * The reading the rule fires on: the largest estimate among the tests that are significant; {@code null} when
         * none is.
         */
        public Reading significant() {
            Reading best = null;
            for (Reading r : tests) {
                if (r.significant()
                        && r.report().test().df() >= 1
                        && (best == null || r.estimate() > best.estimate())) {
                    best = r;
                }
            }
            return best;
        }

        /** What the rule fires on: {@link #significant}'s estimate, 0 when no test is significant. */
        public double drift() {
            Reading r = significant();
            return r == null ? 0.0 : r.estimate();
        }

        /**
         * The reading that keeps a firing alert firing: the largest estimate among the tests, significant or not — the
         * spans that could fire an alert keep it firing until the drift has left every one of them (a firing alert
         * needs no new proof, only no sign that the drift is gone).
         */
        public Reading largest() {
            Reading best = tests.get(0);
            for (Reading r : tests) {
                if (r.estimate() > best.estimate()) {
                    best = r;
                }
            }
            return best;
        }

        /**
         * The lower confidence bound of {@link #drift}: {@link Reading#lowerBound} of {@link #significant}, the same
         * span at its test's confidence, so never above {@link #drift}; 0 when no test is significant (costs one root
         * search).
         */
        public double lowerBound() {
            Reading r = significant();
            return r == null ? 0.0 : r.lowerBound();
        }
    }

    /**
     * The tests a budget rule makes of the whole window (the first of {@code scales}) and those of its newest spans that
     * {@link #couldShow} a drift of {@code tau}, each decided at {@code level / tests}; {@code null} when the whole
     * window has no data.
     *
     * <p>Under no drift each test is significant with probability at most {@code level / tests}, so
     * {@link Assessment#significant} is non-null with probability at most {@code level} (a union bound over the tests).
     * A drift of {@code tau} or more makes a span it fills significant as soon as the span holds enough events, and the
     * span's estimate is then close to the drift.
     *
     * @param tau the smallest drift the rule alerts on (KL scale): it decides which spans are tested
     */
    public static Assessment assess(List<DriftReport> scales, double level, double tau) {
        if (scales.isEmpty() || !scales.get(0).sufficient()) {
            return null;
        }
        boolean[] tested = new boolean[scales.size()];
        int tests = 0;
        for (int i = 0; i < scales.size(); i++) {
            tested[i] = i == 0 || couldShow(scales.get(i), tau, level);
            tests += tested[i] ? 1 : 0;
        }
        double each = level / tests;
        List<Reading> readings = new ArrayList<>(tests);
        for (int i = 0; i < scales.size(); i++) {
            if (tested[i]) {
                readings.add(reading(i, scales.get(i), each));
            }
        }
        return new Assessment(readings);
    }

    private static Reading reading(int scale, DriftReport r, double testLevel) {
        double estimate = estimate(r);
        return new Reading(
                scale,
                r.windowEndMillis() - r.windowStartMillis(),
                r.liveSamples(),
                estimate,
                r.pValue(),
                testLevel,
                r);
    }
}

package io.driftwatch.core.alert;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.significance.ChiSquared;
import io.driftwatch.core.significance.NoncentralChiSquared;
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
 *   <li>{@link #significantDrift}: what the budget alert rule decides on — the estimate of the window, or of one of its
 *       newest spans, that is significant at the budget's level;
 *   <li>{@link #lowerBound}: the drift the window shows with confidence {@code 1 - alpha}: at least this large.
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

    /**
     * The drift shown with confidence {@code 1 - alpha} by the strongest of several tests — the whole window and its
     * newest spans ({@link RecentSpans}) — each at level {@code alpha / scales}; NaN when the whole window (the first)
     * has no data.
     */
    public static double lowerBound(List<DriftReport> scales, double alpha) {
        if (scales.isEmpty() || !scales.get(0).sufficient()) {
            return Double.NaN;
        }
        double level = alpha / scales.size();
        double best = 0;
        for (DriftReport r : scales) {
            if (r.sufficient()) {
                best = Math.max(best, lowerBound(r, level));
            }
        }
        return best;
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
     * The drift the budget rule decides on: the largest {@link #estimate} among the whole window (the first of
     * {@code scales}) and those of its newest spans that {@link #couldShow} a drift of {@code tau}, counting only those
     * whose G-test is significant at {@code level / tests}; 0 when none is, NaN when the whole window has no data.
     *
     * <p>Under no drift each test is significant with probability at most {@code level / tests}, so this is above 0
     * with probability at most {@code level} (a union bound over the tests). A drift of {@code tau} or more makes a span
     * it fills significant as soon as the span holds enough events, and the span's estimate is then close to the drift.
     *
     * @param tau the smallest drift the rule alerts on (KL scale): it decides which spans are tested
     */
    public static double significantDrift(List<DriftReport> scales, double level, double tau) {
        if (scales.isEmpty() || !scales.get(0).sufficient()) {
            return Double.NaN;
        }
        int tests = 1;
        for (int i = 1; i < scales.size(); i++) {
            if (couldShow(scales.get(i), tau, level)) {
                tests++;
            }
        }
        double each = level / tests;
        double best = 0;
        for (int i = 0; i < scales.size(); i++) {
            DriftReport r = scales.get(i);
            boolean tested = i == 0 ? r.test().df() >= 1 : couldShow(r, tau, level);
            if (tested && r.pValue() < each) {
                best = Math.max(best, estimate(r));
            }
        }
        return best;
    }
}

package io.driftwatch.core.alert;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.significance.NoncentralChiSquared;

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
 *   <li>{@link #pAtLeast}: the p-value of "the drift is at most {@code tau}" — small only when the window shows, beyond
 *       its noise, a drift larger than {@code tau}; at the same {@code tau} and level it means the same at any N;
 *   <li>{@link #lowerBound}: the drift the window shows with confidence {@code 1 - alpha}: at least this large;
 *   <li>{@link #estimate}: the unbiased estimate {@code max(0, (G - df) / 2 n_eff)}.
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

    /**
     * {@code P(G' >= G)} for {@code G' ~ ncx2(df, 2 n_eff tau)}: the p-value of "the drift is at most {@code tau}"; 1
     * for a report without data or a degenerate test.
     */
    public static double pAtLeast(DriftReport report, double tau) {
        if (!report.sufficient() || report.test().df() < 1) {
            return 1.0;
        }
        double nEff = effectiveSize(report.liveSamples(), report.referenceSamples());
        return NoncentralChiSquared.survival(
                report.test().statistic(), report.test().df(), 2 * nEff * tau);
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
    public static double lowerBound(java.util.List<DriftReport> scales, double alpha) {
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
}

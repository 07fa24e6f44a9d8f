package io.driftwatch.core.significance;

/**
 * How large a KL divergence sampling noise alone produces, so that a KL value can be read against its window size.
 *
 * <p>Under no drift, for a live window of {@code n} events and a reference of {@code m} events over {@code k}
 * non-empty bins, {@code 2 KL / (1/n + 1/m)} is asymptotically chi-squared with {@code k - 1} degrees of freedom
 * (the same quadratic approximation that links KL to the G statistic). Hence
 *
 * <ul>
 *   <li>the expected no-drift KL is about {@code (k - 1) / (2n) + (k - 1) / (2m)} nats: 0.095 nats for 20 bins and
 *       100 events against an infinite reference — the bias {@link #biasCorrectedKl} removes;
 *   <li>the noise floor at level {@code alpha}, the KL that a no-drift window exceeds with probability {@code alpha},
 *       is {@code chi2.isf(alpha, k - 1) / 2 * (1/n + 1/m)} nats.
 * </ul>
 *
 * <p>Both are large-sample approximations (pseudo-count smoothing shifts them slightly); the p-value of the exact
 * G-test, not this floor, is what alerts are gated on. Use {@code m = Double.POSITIVE_INFINITY} for a reference given
 * as exact probabilities. Thread-safe.
 */
public final class NoiseFloor {

    private NoiseFloor() {}

    /**
     * @param bins {@code k}, the number of bins in play
     * @param n live events, {@code > 0}
     * @param m reference events, {@code > 0} (may be infinite)
     * @param alpha tail probability in {@code (0, 1)}
     * @return the KL (nats) exceeded with probability {@code alpha} under no drift
     */
    public static double kl(int bins, long n, double m, double alpha) {
        return ChiSquared.inverseSurvival(alpha, bins - 1) / 2 * (1.0 / n + 1.0 / m);
    }

    /**
     * {@code kl - (k - 1) / (2n) - (k - 1) / (2m)}: the KL with its no-drift expectation removed. Not floored: it is
     * negative when the window is closer to the reference than noise would make it (callers that display it floor it
     * at 0).
     */
    public static double biasCorrectedKl(double kl, int bins, long n, double m) {
        return kl - (bins - 1) / (2.0 * n) - (bins - 1) / (2.0 * m);
    }
}

package io.driftwatch.core.divergence;

/**
 * Additive (Lidstone) smoothing: turns counts into probabilities with a pseudo-count {@code a} added to every bin,
 * {@code p_i = (c_i + a) / (n + a * B)} for {@code B} bins and {@code n = sum c_i}.
 *
 * <p>{@code a = 0.5} is the Jeffreys prior and Driftwatch's default; {@code a = 0} gives the raw proportions
 * {@code c_i / n}, with which a divergence may be {@code +Infinity} (a bin empty on one side only). Smoothing is
 * applied to both the live window and the reference, over all bins, including bins empty on both sides, so every
 * value can be reproduced with {@code scipy}: {@code p = (P + a) / (P.sum() + a * len(P))}.
 */
public final class Smoothing {

    private Smoothing() {}

    /**
     * @param counts per-bin counts
     * @param pseudoCount {@code a >= 0}
     * @return probabilities summing to 1 (up to rounding)
     * @throws IllegalArgumentException if {@code a} is negative or not finite, or if {@code a = 0} and all counts are 0
     */
    public static double[] additive(long[] counts, double pseudoCount) {
        if (!(pseudoCount >= 0) || Double.isInfinite(pseudoCount)) {
            throw new IllegalArgumentException("pseudo-count must be a finite number >= 0, got " + pseudoCount);
        }
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double denominator = n + pseudoCount * counts.length;
        if (denominator <= 0) {
            throw new IllegalArgumentException("cannot normalise: no counts and pseudo-count 0");
        }
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            p[i] = (counts[i] + pseudoCount) / denominator;
        }
        return p;
    }
}

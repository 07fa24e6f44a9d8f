package io.driftwatch.core;

import io.driftwatch.core.divergence.DivergenceReport;
import io.driftwatch.core.significance.GTest;

/**
 * Everything Driftwatch knows about one live window compared with its reference. Immutable.
 *
 * <p>When the window holds fewer than the minimum number of samples, {@link #sufficient()} is false and every
 * statistic is NaN ("insufficient data"): a thin window never reports a divergence, and never 0.
 *
 * @param sufficient whether the window had enough samples to be scored
 * @param liveSamples events in the live window
 * @param referenceSamples events in the reference
 * @param activeBins bins non-empty in the window or the reference ({@code k'}); the G-test has {@code k' - 1} df
 * @param windowStartMillis window start, epoch millis (inclusive); {@code Long.MIN_VALUE} before any event
 * @param windowEndMillis window end, epoch millis (exclusive); {@code Long.MIN_VALUE} before any event
 * @param divergence divergences of the smoothed window against the smoothed reference (nats)
 * @param test two-sample G-test of homogeneity with Williams' correction, on raw counts
 * @param noiseFloor KL (nats) that a no-drift window of this size exceeds with probability {@code alpha}
 * @param klCorrected bias-corrected forward KL, floored at 0 (nats)
 */
public record DriftReport(
        boolean sufficient,
        long liveSamples,
        long referenceSamples,
        int activeBins,
        long windowStartMillis,
        long windowEndMillis,
        DivergenceReport divergence,
        GTest test,
        double noiseFloor,
        double klCorrected) {

    private static final DivergenceReport NO_DIVERGENCE = new DivergenceReport(
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    private static final GTest NO_TEST = new GTest(Double.NaN, 0, Double.NaN, Double.NaN);

    /** The report of a window too thin to score: every statistic NaN. */
    public static DriftReport insufficient(long liveSamples, long referenceSamples, long startMillis, long endMillis) {
        return new DriftReport(
                false,
                liveSamples,
                referenceSamples,
                0,
                startMillis,
                endMillis,
                NO_DIVERGENCE,
                NO_TEST,
                Double.NaN,
                Double.NaN);
    }

    public double klForward() {
        return divergence.klForward();
    }

    public double klReverse() {
        return divergence.klReverse();
    }

    public double pValue() {
        return test.pValue();
    }
}

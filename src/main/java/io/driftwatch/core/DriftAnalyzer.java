package io.driftwatch.core;

import io.driftwatch.core.divergence.DivergenceReport;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.WindowSnapshot;
import io.driftwatch.core.significance.GTest;
import io.driftwatch.core.significance.GTests;
import io.driftwatch.core.significance.NoiseFloor;

/**
 * Scores a live window against its reference: smoothed divergences, the two-sample G-test with Williams' correction,
 * the noise floor and the bias-corrected KL.
 *
 * <p>Divergences use additive smoothing with the same pseudo-count {@code a} on both sides over all {@code B} bins:
 * {@code p_i = (live_i + a) / (N + a B)}, {@code q_i = (ref_i + a) / (R + a B)}. The G-test uses the raw counts. The
 * noise floor and the bias correction use the active bins {@code k'} (non-empty on either side) and the reference size.
 *
 * <p>Immutable and thread-safe; {@link #analyze} is {@code O(bins)}.
 *
 * @param pseudoCount additive smoothing pseudo-count per bin, {@code >= 0}
 * @param minSamples a window with fewer live events is reported as insufficient data
 * @param alpha significance level of the noise floor, in {@code (0, 1)}
 */
public record DriftAnalyzer(double pseudoCount, long minSamples, double alpha) {

    public DriftAnalyzer {
        if (!(pseudoCount >= 0) || Double.isInfinite(pseudoCount)) {
            throw new IllegalArgumentException("pseudo-count must be a finite number >= 0, got " + pseudoCount);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("min-samples must be at least 1, got " + minSamples);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
    }

    public DriftReport analyze(WindowSnapshot live, Reference reference) {
        long n = live.total();
        long m = reference.total();
        if (n < minSamples) {
            return DriftReport.insufficient(n, m, live.startMillis(), live.endMillis());
        }
        long[] liveCounts = live.counts();
        long[] refCounts = reference.counts();
        DivergenceReport divergence = DivergenceReport.between(
                Smoothing.additive(liveCounts, pseudoCount), Smoothing.additive(refCounts, pseudoCount));
        GTest test = GTests.twoSample(liveCounts, refCounts, true);
        int activeBins = test.df() + 1;
        double noiseFloor = test.williamsQ() * NoiseFloor.kl(activeBins, n, m, alpha);
        double corrected = Math.max(0.0, NoiseFloor.biasCorrectedKl(divergence.klForward(), activeBins, n, m));
        return new DriftReport(
                true, n, m, activeBins, live.startMillis(), live.endMillis(), divergence, test, noiseFloor, corrected);
    }
}

package io.driftwatch.core.histogram;

import java.util.Arrays;

/**
 * Numeric bins from reference samples, cut at the reference's empirical quantiles, so that each bin holds (as nearly
 * as ties allow) the same share of the reference.
 *
 * <p>Definition, for {@code n} finite samples sorted as {@code x[0] <= ... <= x[n-1]} and a requested {@code bins}:
 *
 * <ul>
 *   <li>cut point {@code i} ({@code 1 <= i < bins}) is {@code x[floor(i * n / bins)]}: the smallest sample whose
 *       empirical CDF exceeds {@code i / bins} (the lower inverse ECDF, Hyndman–Fan type 1, evaluated just above
 *       {@code i / bins});
 *   <li>the outer bins are open-ended: the edges are {@code -Infinity, cut1, ..., cut(bins-1), +Infinity}, so the
 *       bins are {@code (-inf, cut1), [cut1, cut2), ..., [cut(bins-1), +inf)} and there are no underflow/overflow bins.
 *       (Edges at the sample minimum and maximum would create tail bins that are empty in the reference by
 *       construction, and inflate the false-alarm rate of large windows.);
 *   <li>a cut point equal to the previous one is dropped, so ties and heavy duplicates never produce zero-width or
 *       empty bins: every bin {@code [c(j), c(j+1))} contains at least the sample {@code c(j)}, and the first bin
 *       contains {@code x[0]}. The result may therefore have fewer than {@code bins} bins.
 * </ul>
 *
 * <p>With {@code n} distinct samples and {@code n} divisible by {@code bins}, every bin holds exactly
 * {@code n / bins} samples. Cost: {@code O(n log n)} for the sort.
 */
public final class QuantileBinning {

    private QuantileBinning() {}

    /**
     * @param samples finite values, at least two distinct
     * @param bins requested number of interior bins, at least 1
     * @throws IllegalArgumentException naming the first non-finite sample, or when there are fewer than two distinct
     *     values
     */
    public static NumericBins edgesFromSamples(double[] samples, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Double.isFinite(samples[i])) {
                throw new IllegalArgumentException("sample " + i + " is " + samples[i] + "; samples must be finite");
            }
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n < 2 || sorted[0] == sorted[n - 1]) {
            throw new IllegalArgumentException("numeric reference needs at least two distinct sample values, got "
                    + n + " sample(s)" + (n > 0 ? " all equal to " + sorted[0] : "")
                    + "; use kind=categorical for a constant field");
        }
        double[] edges = new double[bins + 1];
        int count = 0;
        edges[count++] = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < bins; i++) {
            double cut = sorted[(int) ((long) i * n / bins)];
            if (cut > edges[count - 1] && cut > sorted[0]) {
                edges[count++] = cut;
            }
        }
        edges[count++] = Double.POSITIVE_INFINITY;
        return NumericBins.ofEdges(Arrays.copyOf(edges, count));
    }

    /** Counts {@code samples} into {@code bins}: one count per bin of {@code bins.binCount()}. */
    public static long[] count(NumericBins bins, double[] samples) {
        long[] counts = new long[bins.binCount()];
        for (double s : samples) {
            counts[bins.binOf(s)]++;
        }
        return counts;
    }
}

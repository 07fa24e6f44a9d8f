package io.driftwatch.core.significance;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.WindowSnapshot;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * A deterministic simulation of Driftwatch's drift decision on no-drift and drifted windows.
 *
 * <p>Each trial draws a fresh reference of {@code M} values from Beta(2, 5) (exactly, as {@code G2 / (G2 + G5)} from
 * sums of exponentials), bins it at its 20-quantiles (open-ended outer bins), then draws a live
 * window of {@code N} values from the live distribution. Since only bin counts matter, the live window is drawn as
 * {@code N} bin indices with the live distribution's exact bin probabilities (its CDF at the edges): the same
 * distribution of counts as drawing values and binning them, at a fraction of the cost. Each window is scored by
 * {@link DriftAnalyzer} exactly as in production.
 */
final class CalibrationStudy {

    static final int REFERENCE_SIZE = 10_000;
    static final int QUANTILE_BINS = 20;
    static final double ALPHA = 0.01;
    static final double FIXED_KL_THRESHOLD = 0.1;

    /** Rates of the two decision rules over {@code trials} windows. */
    record Rates(int windowSize, int trials, int pValueAlarms, int fixedKlAlarms, double meanKl) {

        double pValueRate() {
            return (double) pValueAlarms / trials;
        }

        double fixedKlRate() {
            return (double) fixedKlAlarms / trials;
        }
    }

    private CalibrationStudy() {}

    /**
     * @param liveA Beta shape a of the live distribution (2 = no drift)
     * @param liveB Beta shape b of the live distribution (5 = no drift)
     */
    static Rates run(int windowSize, int trials, double liveA, double liveB, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BetaDistribution live = BetaDistribution.of(liveA, liveB);
        DriftAnalyzer analyzer = new DriftAnalyzer(0.5, 1, ALPHA);
        int pAlarms = 0;
        int klAlarms = 0;
        double klSum = 0;
        double[] reference = new double[REFERENCE_SIZE];
        for (int t = 0; t < trials; t++) {
            for (int i = 0; i < reference.length; i++) {
                reference[i] = beta25(random);
            }
            NumericBins bins = QuantileBinning.edgesFromSamples(reference, QUANTILE_BINS);
            Reference ref = Reference.of(bins, QuantileBinning.count(bins, reference));
            double[] cumulative = binCdf(bins, live);
            long[] counts = new long[bins.binCount()];
            for (int i = 0; i < windowSize; i++) {
                counts[bin(cumulative, random.nextDouble())]++;
            }
            DriftReport report = analyzer.analyze(new WindowSnapshot(counts, windowSize, 0, 1), ref);
            if (report.pValue() < ALPHA) {
                pAlarms++;
            }
            if (report.klForward() >= FIXED_KL_THRESHOLD) {
                klAlarms++;
            }
            klSum += report.klForward();
        }
        return new Rates(windowSize, trials, pAlarms, klAlarms, klSum / trials);
    }

    /** Beta(2, 5) = G2 / (G2 + G5) with Gk a sum of k standard exponentials. */
    private static double beta25(SplittableRandom random) {
        double g2 = exponential(random) + exponential(random);
        double g5 = 0;
        for (int i = 0; i < 5; i++) {
            g5 += exponential(random);
        }
        return g2 / (g2 + g5);
    }

    private static double exponential(SplittableRandom random) {
        return -StrictMath.log(1.0 - random.nextDouble());
    }

    /** Cumulative probability of the live distribution at the upper end of each bin (last = 1). */
    private static double[] binCdf(NumericBins bins, BetaDistribution live) {
        double[] edges = bins.edges();
        double[] cumulative = new double[bins.binCount()];
        if (bins.underflowBin() >= 0) {
            cumulative[bins.underflowBin()] = live.cumulativeProbability(edges[0]);
        }
        for (int j = 0; j < bins.interiorBins(); j++) {
            cumulative[bins.interiorBin(j)] = live.cumulativeProbability(edges[j + 1]);
        }
        cumulative[cumulative.length - 1] = 1.0;
        return cumulative;
    }

    /** The first bin whose cumulative probability exceeds {@code u}. */
    private static int bin(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * rate);
    }
}

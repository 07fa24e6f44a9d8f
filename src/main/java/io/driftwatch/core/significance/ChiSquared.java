package io.driftwatch.core.significance;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/** Chi-squared tail probabilities and quantiles (Apache Commons Statistics). Thread-safe. */
public final class ChiSquared {

    private ChiSquared() {}

    /** Survival function {@code P(chi2(df) >= x)}; 1 for {@code df = 0} (a degenerate test carries no evidence). */
    public static double survival(double x, int df) {
        if (df <= 0) {
            return 1.0;
        }
        return ChiSquaredDistribution.of(df).survivalProbability(x);
    }

    /** The {@code x} with {@code P(chi2(df) >= x) = alpha}; 0 for {@code df = 0}. */
    public static double inverseSurvival(double alpha, int df) {
        if (df <= 0) {
            return 0.0;
        }
        return ChiSquaredDistribution.of(df).inverseSurvivalProbability(alpha);
    }
}

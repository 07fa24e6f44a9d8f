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

    /** The last critical value computed per degrees of freedom (a root search; the level rarely changes). */
    private record Critical(double alpha, double value) {}

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Critical> CRITICAL =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(1024);

    /**
     * {@link #inverseSurvival}, remembering the last value per {@code df} (below 1024): the alert rules ask for the
     * same few levels and degrees of freedom at every evaluation and scrape.
     */
    public static double criticalValue(double alpha, int df) {
        if (df <= 0 || df >= CRITICAL.length()) {
            return inverseSurvival(alpha, df);
        }
        Critical c = CRITICAL.get(df);
        if (c != null && c.alpha() == alpha) {
            return c.value();
        }
        double value = inverseSurvival(alpha, df);
        CRITICAL.set(df, new Critical(alpha, value));
        return value;
    }
}

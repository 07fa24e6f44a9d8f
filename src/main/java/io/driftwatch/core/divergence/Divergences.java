package io.driftwatch.core.divergence;

/**
 * Divergences between two discrete distributions {@code p} (live) and {@code q} (reference) over the same bins. All
 * results are in nats (natural logarithms) unless the method name says bits.
 *
 * <p>Conventions for zero probabilities, as in information theory and {@code scipy.special.rel_entr}:
 * {@code 0 * ln(0 / x) = 0} and {@code x * ln(x / 0) = +Infinity} for {@code x > 0}. Inputs are not checked for summing
 * to 1; callers pass normalised vectors (see {@link Smoothing}). Arrays must have equal length. Every method is
 * {@code O(bins)}, allocation-free and thread-safe.
 */
public final class Divergences {

    /** {@code ln 2}, to convert nats to bits. */
    public static final double LN2 = Math.log(2);

    private Divergences() {}

    /** Kullback–Leibler divergence {@code D(p||q) = sum p_i ln(p_i / q_i)}, {@code >= 0}, not symmetric. */
    public static double kl(double[] p, double[] q) {
        check(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += relEntr(p[i], q[i]);
        }
        return sum;
    }

    /** Shannon entropy {@code H(p) = -sum p_i ln p_i}. */
    public static double entropy(double[] p) {
        double sum = 0;
        for (double pi : p) {
            if (pi > 0) {
                sum -= pi * Math.log(pi);
            }
        }
        return sum;
    }

    /**
     * Cross-entropy {@code H(p, q) = -sum p_i ln q_i}; {@code +Infinity} if some {@code p_i > 0} has {@code q_i = 0}.
     * {@code kl(p, q) == crossEntropy(p, q) - entropy(p)} up to rounding.
     */
    public static double crossEntropy(double[] p, double[] q) {
        check(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                sum -= q[i] > 0 ? p[i] * Math.log(q[i]) : Double.NEGATIVE_INFINITY;
            }
        }
        return sum;
    }

    /**
     * Jensen–Shannon divergence {@code 0.5 D(p||m) + 0.5 D(q||m)} with {@code m = (p + q) / 2}; symmetric, finite,
     * {@code 0 <= JS <= ln 2}. Its square root is the Jensen–Shannon distance ({@code scipy.spatial.distance
     * .jensenshannon}).
     */
    public static double jensenShannon(double[] p, double[] q) {
        check(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            sum += relEntr(p[i], m) + relEntr(q[i], m);
        }
        return 0.5 * sum;
    }

    /**
     * Population Stability Index {@code sum (p_i - q_i) ln(p_i / q_i)}, which equals {@code kl(p,q) + kl(q,p)}. Bins
     * empty on both sides contribute 0; a bin empty on one side only makes it {@code +Infinity}.
     */
    public static double psi(double[] p, double[] q) {
        check(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == q[i]) {
                continue;
            }
            if (p[i] == 0 || q[i] == 0) {
                return Double.POSITIVE_INFINITY;
            }
            sum += (p[i] - q[i]) * Math.log(p[i] / q[i]);
        }
        return sum;
    }

    /** Hellinger distance {@code sqrt(0.5 sum (sqrt p_i - sqrt q_i)^2)}, in {@code [0, 1]}. */
    public static double hellinger(double[] p, double[] q) {
        check(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
            sum += d * d;
        }
        return Math.min(1.0, Math.sqrt(0.5 * sum));
    }

    /** Total variation distance {@code 0.5 sum |p_i - q_i|}, in {@code [0, 1]}. */
    public static double totalVariation(double[] p, double[] q) {
        check(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return 0.5 * sum;
    }

    /** {@code x ln(x / y)} with {@code 0 ln(0 / y) = 0} and {@code x ln(x / 0) = +Infinity}. */
    static double relEntr(double x, double y) {
        if (x == 0) {
            return 0;
        }
        if (y == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return x * Math.log(x / y);
    }

    private static void check(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException(
                    "distributions have different bin counts: " + p.length + " and " + q.length);
        }
    }
}

package io.driftwatch.core.significance;

/**
 * G-tests (log-likelihood ratio tests) of a live window against a reference.
 *
 * <p>Numerics: the statistic {@code 2 sum O ln(O/E)} is computed as {@code 2 sum [O ln(O/E) - O + E]}, which is equal
 * because {@code sum O = sum E}, but every term is non-negative, so nothing cancels; each term is evaluated as
 * {@code E f(d)} with {@code d = (O - E) / E} and {@code f(d) = (1 + d) ln(1 + d) - d} (a series for small {@code d}).
 * The result is accurate to a few ulps even for counts around 1e5, where the naive sum loses about 1e-11.
 *
 * <p>All methods are {@code O(bins)} and thread-safe.
 */
public final class GTests {

    private GTests() {}

    /**
     * Two-sample G-test of homogeneity on the {@code 2 x k} table {@code [live; reference]} of raw counts: do both
     * samples come from the same distribution? Columns empty in both rows are dropped; {@code df = k' - 1} for the
     * {@code k'} remaining columns. This is the right test when the reference is itself a finite sample.
     *
     * @param williams divide G by Williams' factor {@code q = 1 + (n sum 1/row - 1)(n sum 1/col - 1) / (6 n df)},
     *     which brings small-sample false-alarm rates close to the nominal level
     * @return the test; {@code df = 0} (statistic 0, p-value 1) when either row is empty or fewer than two columns
     *     are non-empty
     */
    public static GTest twoSample(long[] live, long[] reference, boolean williams) {
        if (live.length != reference.length) {
            throw new IllegalArgumentException("live has " + live.length + " bins, reference has " + reference.length);
        }
        long n1 = 0;
        long n2 = 0;
        int columns = 0;
        for (int i = 0; i < live.length; i++) {
            n1 += live[i];
            n2 += reference[i];
            if (live[i] + reference[i] > 0) {
                columns++;
            }
        }
        int df = columns - 1;
        if (n1 == 0 || n2 == 0 || df <= 0) {
            return new GTest(0.0, Math.max(df, 0), 1.0, 1.0);
        }
        double n = (double) n1 + n2;
        double share1 = n1 / n;
        double share2 = n2 / n;
        double g = 0;
        double sumInverseColumn = 0;
        for (int i = 0; i < live.length; i++) {
            long column = live[i] + reference[i];
            if (column == 0) {
                continue;
            }
            g += term(live[i], column * share1) + term(reference[i], column * share2);
            sumInverseColumn += 1.0 / column;
        }
        g *= 2;
        double q = 1.0;
        if (williams) {
            double sumInverseRow = 1.0 / n1 + 1.0 / n2;
            q = 1 + (n * sumInverseRow - 1) * (n * sumInverseColumn - 1) / (6 * n * df);
            g /= q;
        }
        return new GTest(g, df, ChiSquared.survival(g, df), q);
    }

    /** {@code O ln(O/E) - O + E >= 0}, evaluated without cancellation. */
    static double term(long observed, double expected) {
        if (observed == 0) {
            return expected;
        }
        double d = (observed - expected) / expected;
        return expected * f(d);
    }

    /** {@code f(d) = (1 + d) ln(1 + d) - d}, for {@code d > -1}. */
    static double f(double d) {
        if (Math.abs(d) < 0.05) {
            // f(d) = sum_{n>=2} (-1)^n d^n / (n (n - 1)); 14 terms leave < 1e-17 relative error for |d| < 0.05
            double power = d * d;
            double sum = 0;
            for (int k = 2; k <= 15; k++) {
                double t = power / (k * (k - 1.0));
                sum += (k % 2 == 0) ? t : -t;
                power *= d;
            }
            return sum;
        }
        return (1 + d) * Math.log1p(d) - d;
    }
}

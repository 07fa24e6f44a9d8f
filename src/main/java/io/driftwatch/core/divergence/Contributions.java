package io.driftwatch.core.divergence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which bins drive a divergence: each bin's contribution to {@code D(p||q)} and to {@code D(q||p)}, in nats, over the
 * same (smoothed) distributions the divergences are computed on.
 *
 * <p>A bin's contribution to the forward KL is {@code p_i ln(p_i / q_i) - p_i + q_i}. The added {@code q_i - p_i}
 * sum to 0 over the bins (both distributions sum to 1), so the contributions sum to {@code D(p||q)} exactly as the
 * plain terms {@code p_i ln(p_i / q_i)} do; unlike those, each is {@code >= 0} ({@code x ln x - x + 1 >= 0}), so a
 * bin that lost share (live below reference) counts as driving the drift as much as one that gained it, and a
 * contribution's share of the total is between 0 and 1. The reverse contribution is the same with {@code p} and
 * {@code q} swapped and sums to {@code D(q||p)}. Bins empty on both sides contribute their smoothed shares' term, which
 * is small; a bin empty on one side only makes the contribution {@code +Infinity} without smoothing (pseudo-count 0),
 * as the divergence is then.
 *
 * <p>Stateless and thread-safe; {@link #of} is {@code O(bins)}, {@link #top} {@code O(bins log bins)}.
 */
public final class Contributions {

    private Contributions() {}

    /**
     * One bin's part of the divergences.
     *
     * @param bin the bin's index
     * @param live its share of the live window ({@code p_i}, smoothed)
     * @param reference its share of the reference ({@code q_i}, smoothed)
     * @param forward its contribution to {@code D(p||q)}, nats, {@code >= 0}
     * @param reverse its contribution to {@code D(q||p)}, nats, {@code >= 0}
     * @param share {@code forward / D(p||q)}, in {@code [0, 1]}; NaN when the divergence is 0 or infinite
     */
    public record Bin(int bin, double live, double reference, double forward, double reverse, double share) {}

    /** Every bin's contribution, in bin order. */
    public static Bin[] of(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException(
                    "distributions have different bin counts: " + p.length + " and " + q.length);
        }
        double[] forward = new double[p.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            forward[i] = term(p[i], q[i]);
            total += forward[i];
        }
        Bin[] out = new Bin[p.length];
        for (int i = 0; i < p.length; i++) {
            double share = total > 0 && Double.isFinite(total) ? forward[i] / total : Double.NaN;
            out[i] = new Bin(i, p[i], q[i], forward[i], term(q[i], p[i]), share);
        }
        return out;
    }

    /**
     * The {@code k} bins contributing most to {@code D(p||q)}, largest first; equal contributions in bin order, so the
     * ranking is stable. At most {@code k} entries (fewer when there are fewer bins).
     *
     * @param k how many, {@code >= 0}
     */
    public static List<Bin> top(double[] p, double[] q, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        Bin[] all = of(p, q);
        Arrays.sort(all, BY_FORWARD);
        return List.copyOf(new ArrayList<>(Arrays.asList(all).subList(0, Math.min(k, all.length))));
    }

    private static final Comparator<Bin> BY_FORWARD =
            Comparator.comparingDouble(Bin::forward).reversed().thenComparingInt(Bin::bin);

    /** {@code x ln(x / y) - x + y}, with {@code 0 ln 0 = 0} and {@code x ln(x / 0) = +Infinity}. */
    static double term(double x, double y) {
        return Divergences.relEntr(x, y) - x + y;
    }
}

package io.driftwatch.core.histogram;

import java.util.Arrays;

/**
 * Numeric bins defined by strictly increasing finite edges {@code e0 < e1 < ... < ek}.
 *
 * <p>Bin layout ({@code B = k + 2} bins):
 *
 * <ul>
 *   <li>bin {@code 0} is the underflow bin: values {@code < e0};
 *   <li>bin {@code i} for {@code 1 <= i <= k} is the interior interval {@code [e(i-1), e(i))}; the last interior bin
 *       {@code [e(k-1), ek]} is closed on the right, so the largest edge belongs to it;
 *   <li>bin {@code k + 1} is the overflow bin: values {@code > ek}.
 * </ul>
 *
 * <p>Lookup is a binary search: {@code O(log k)}, no allocation. Immutable and thread-safe. Callers must reject NaN
 * before binning; {@link #binOf(double)} throws for it rather than silently choosing a bin.
 */
public final class NumericBins implements BinScheme {

    private final double[] edges;

    private NumericBins(double[] edges) {
        this.edges = edges;
    }

    /**
     * Creates bins from edges.
     *
     * @param edges at least two finite, strictly increasing values
     * @throws IllegalArgumentException naming the offending edge when the edges are not valid
     */
    public static NumericBins ofEdges(double... edges) {
        if (edges.length < 2) {
            throw new IllegalArgumentException("need at least 2 edges (1 bin), got " + edges.length);
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("edge " + i + " is " + edges[i] + "; edges must be finite numbers");
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("edges must be strictly increasing, but edge " + i + " (" + edges[i]
                        + ") is not greater than edge " + (i - 1) + " (" + edges[i - 1] + ")");
            }
        }
        return new NumericBins(edges.clone());
    }

    /** Number of interior bins {@code k}. */
    public int interiorBins() {
        return edges.length - 1;
    }

    /** A copy of the edges. */
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public int binCount() {
        return edges.length + 1;
    }

    /** Index of the underflow bin (always 0). */
    public int underflowBin() {
        return 0;
    }

    /** Index of the overflow bin ({@code k + 1}). */
    public int overflowBin() {
        return edges.length;
    }

    /**
     * The bin of {@code value}: 0 for underflow, {@code 1..k} interior, {@code k+1} overflow.
     *
     * @throws IllegalArgumentException if value is NaN
     */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("NaN has no bin");
        }
        int last = edges.length - 1;
        if (value < edges[0]) {
            return 0;
        }
        if (value >= edges[last]) {
            return value == edges[last] ? last : last + 1;
        }
        int pos = Arrays.binarySearch(edges, value);
        // exact hit on edge e(i) -> interior bin i+1 ([e(i), e(i+1))); otherwise insertion point p -> bin p
        return pos >= 0 ? pos + 1 : -pos - 1;
    }

    @Override
    public String label(int bin) {
        int k = interiorBins();
        if (bin == 0) {
            return "< " + edges[0];
        }
        if (bin == k + 1) {
            return "> " + edges[k];
        }
        if (bin < 0 || bin > k + 1) {
            throw new IndexOutOfBoundsException("bin " + bin + " of " + binCount());
        }
        return "[" + edges[bin - 1] + ", " + edges[bin] + (bin == k ? "]" : ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericBins other && Arrays.equals(edges, other.edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return "NumericBins" + Arrays.toString(edges);
    }
}

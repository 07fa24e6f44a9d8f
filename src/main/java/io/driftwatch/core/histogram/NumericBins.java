package io.driftwatch.core.histogram;

import java.util.Arrays;

/**
 * Numeric bins defined by strictly increasing edges {@code e0 < e1 < ... < ek}; interior edges are finite, the outer
 * edges may be infinite.
 *
 * <p>Bin layout:
 *
 * <ul>
 *   <li>the underflow bin holds values {@code < e0}; it exists only when {@code e0} is finite, and is then bin 0;
 *   <li>interior bin {@code j} ({@code 0 <= j < k}) is the interval {@code [e(j), e(j+1))}; the last interior bin
 *       {@code [e(k-1), ek]} is closed on the right, so the largest edge belongs to it;
 *   <li>the overflow bin holds values {@code > ek}; it exists only when {@code ek} is finite, and is then the last bin.
 * </ul>
 *
 * <p>So finite edges give {@code B = k + 2} bins (explicit underflow and overflow, as in a user-supplied histogram),
 * and edges {@code -Infinity, q1, ..., q(k-1), +Infinity} give {@code B = k} open-ended bins (quantile bins: no bin
 * is empty in the reference by construction).
 *
 * <p>Lookup is a binary search: {@code O(log k)}, no allocation. Immutable and thread-safe. Callers must reject NaN
 * before binning; {@link #binOf(double)} throws for it rather than silently choosing a bin.
 */
public final class NumericBins implements BinScheme {

    private final double[] edges;
    private final int offset;
    private final boolean overflow;

    private NumericBins(double[] edges) {
        this.edges = edges;
        this.offset = Double.isInfinite(edges[0]) ? 0 : 1;
        this.overflow = !Double.isInfinite(edges[edges.length - 1]);
    }

    /**
     * Creates bins from edges.
     *
     * @param edges at least two strictly increasing values; only the first may be {@code -Infinity} and only the last
     *     {@code +Infinity}
     * @throws IllegalArgumentException naming the offending edge when the edges are not valid
     */
    public static NumericBins ofEdges(double... edges) {
        if (edges.length < 2) {
            throw new IllegalArgumentException("need at least 2 edges (1 bin), got " + edges.length);
        }
        int last = edges.length - 1;
        for (int i = 0; i < edges.length; i++) {
            boolean allowedInfinity = (i == 0 && edges[i] == Double.NEGATIVE_INFINITY)
                    || (i == last && edges[i] == Double.POSITIVE_INFINITY);
            if (!Double.isFinite(edges[i]) && !allowedInfinity) {
                throw new IllegalArgumentException("edge " + i + " is " + edges[i]
                        + "; edges must be finite numbers (only the first may be -Infinity, the last +Infinity)");
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
        return offset + interiorBins() + (overflow ? 1 : 0);
    }

    @Override
    public boolean outside(int bin) {
        return bin == underflowBin() || bin == overflowBin();
    }

    /** Index of the underflow bin (0), or -1 when the first edge is {@code -Infinity}. */
    public int underflowBin() {
        return offset == 1 ? 0 : -1;
    }

    /** Index of the overflow bin (the last bin), or -1 when the last edge is {@code +Infinity}. */
    public int overflowBin() {
        return overflow ? offset + interiorBins() : -1;
    }

    /** Index of interior bin {@code j} ({@code 0 <= j < k}). */
    public int interiorBin(int j) {
        return offset + j;
    }

    /**
     * The bin of {@code value}.
     *
     * @throws IllegalArgumentException if value is NaN
     */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("NaN has no bin");
        }
        int k = edges.length - 1;
        if (value < edges[0]) {
            return 0; // only reachable with a finite first edge, i.e. with an underflow bin
        }
        if (value >= edges[k]) {
            return value == edges[k] ? offset + k - 1 : offset + k;
        }
        int pos = Arrays.binarySearch(edges, value);
        // exact hit on edge e(j) -> interior bin j ([e(j), e(j+1))); otherwise insertion point ip -> bin ip - 1
        return offset + (pos >= 0 ? pos : -pos - 2);
    }

    @Override
    public String label(int bin) {
        int k = interiorBins();
        if (bin < 0 || bin >= binCount()) {
            throw new IndexOutOfBoundsException("bin " + bin + " of " + binCount());
        }
        if (bin == underflowBin()) {
            return "< " + edges[0];
        }
        if (bin == overflowBin()) {
            return "> " + edges[k];
        }
        int j = bin - offset;
        if (j == 0 && offset == 0) {
            return "< " + edges[1];
        }
        if (j == k - 1 && !overflow) {
            return ">= " + edges[k - 1];
        }
        return "[" + edges[j] + ", " + edges[j + 1] + (j == k - 1 ? "]" : ")");
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

package io.driftwatch.core.histogram;

import java.util.Arrays;

/**
 * Immutable copy of a sliding window: the per-bin counts summed over its panes.
 *
 * @param counts per-bin event counts, one per bin of the window's {@link BinScheme}
 * @param total sum of {@code counts}
 * @param startMillis window start in epoch milliseconds (inclusive); {@code Long.MIN_VALUE} before the first event
 * @param endMillis window end in epoch milliseconds (exclusive); {@code Long.MIN_VALUE} before the first event
 */
public record WindowSnapshot(long[] counts, long total, long startMillis, long endMillis) {

    public WindowSnapshot {
        counts = counts.clone();
    }

    /** A copy of the counts (the record never exposes its internal array). */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Count of one bin, without copying. */
    public long count(int bin) {
        return counts[bin];
    }

    public int binCount() {
        return counts.length;
    }

    /**
     * The share of the window's events in the bins of {@code bins} that are {@link BinScheme#outside} what the
     * reference describes (underflow and overflow, or unseen); NaN for an empty window. {@code O(bins)}.
     */
    public double outsideShare(BinScheme bins) {
        if (total == 0) {
            return Double.NaN;
        }
        long outside = 0;
        for (int b = 0; b < Math.min(bins.binCount(), counts.length); b++) {
            if (bins.outside(b)) {
                outside += counts[b];
            }
        }
        return (double) outside / total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowSnapshot w
                && total == w.total
                && startMillis == w.startMillis
                && endMillis == w.endMillis
                && Arrays.equals(counts, w.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(endMillis);
    }

    @Override
    public String toString() {
        return "WindowSnapshot[total=" + total + ", start=" + startMillis + ", end=" + endMillis + ", counts="
                + Arrays.toString(counts) + "]";
    }
}

package io.driftwatch.core.histogram;

/**
 * An event-time sliding window of histogram counts, kept as a ring of {@code paneCount} panes of
 * {@code paneMillis} each. Panes are aligned to the epoch: pane {@code p} covers event times
 * {@code [p * paneMillis, (p + 1) * paneMillis)}.
 *
 * <p>The window covers the {@code paneCount} panes ending with the head pane, the pane of the largest event time
 * seen (or the time given to {@link #advanceTo(long)}): {@code [end - paneCount * paneMillis, end)} with
 * {@code end = (head + 1) * paneMillis}. The window's counts are maintained incrementally: an event increments its
 * pane and the window sum; when the head moves forward, each pane that leaves the window is subtracted from the sum
 * and cleared. Integer arithmetic makes this exact: adding a pane and expiring it restores the window bit for bit.
 *
 * <p>Events older than the window start are not added ({@link #add} returns {@code false}: the caller counts them as
 * late). Events inside the window land in their own pane, even when older than the head.
 *
 * <p>Cost: {@link #add} is {@code O(1)} amortised (advancing the head costs {@code O(bins)} per expired pane, at most
 * {@code paneCount} panes); {@link #snapshot()} is {@code O(bins)}. Memory: {@code paneCount * bins} ints.
 *
 * <p>Not thread-safe: one writer; readers must hold the same lock as the writer or read snapshots.
 */
public final class SlidingWindow {

    private final int bins;
    private final long paneMillis;
    private final int paneCount;
    private final int[][] panes;
    private final long[] sum;
    private long total;
    /** Pane index of the head, or {@code Long.MIN_VALUE} before the first event. */
    private long head = Long.MIN_VALUE;

    /**
     * @param bins number of bins per histogram, at least 1
     * @param paneMillis pane length in milliseconds, at least 1
     * @param paneCount panes per window, at least 1 (window length = {@code paneCount * paneMillis})
     */
    public SlidingWindow(int bins, long paneMillis, int paneCount) {
        if (bins < 1 || paneMillis < 1 || paneCount < 1) {
            throw new IllegalArgumentException(
                    "bins, paneMillis and paneCount must be positive: " + bins + ", " + paneMillis + ", " + paneCount);
        }
        this.bins = bins;
        this.paneMillis = paneMillis;
        this.paneCount = paneCount;
        this.panes = new int[paneCount][bins];
        this.sum = new long[bins];
    }

    /**
     * Adds one event at {@code eventTimeMillis} to {@code bin}, first moving the window forward if the event is newer
     * than the head pane.
     *
     * @return {@code true} if added; {@code false} if the event is older than the window start (late) and was dropped
     */
    public boolean add(long eventTimeMillis, int bin) {
        if (bin < 0 || bin >= bins) {
            throw new IndexOutOfBoundsException("bin " + bin + " of " + bins);
        }
        long pane = Math.floorDiv(eventTimeMillis, paneMillis);
        if (head == Long.MIN_VALUE || pane > head) {
            moveHeadTo(pane);
        } else if (pane <= head - paneCount) {
            return false;
        }
        panes[(int) Math.floorMod(pane, (long) paneCount)][bin]++;
        sum[bin]++;
        total++;
        return true;
    }

    /**
     * Moves the window end forward so that it contains {@code timeMillis}, expiring panes that fall out. Never moves
     * it backwards; does nothing before the first event.
     */
    public void advanceTo(long timeMillis) {
        if (head == Long.MIN_VALUE) {
            return;
        }
        long pane = Math.floorDiv(timeMillis, paneMillis);
        if (pane > head) {
            moveHeadTo(pane);
        }
    }

    private void moveHeadTo(long pane) {
        if (head == Long.MIN_VALUE || pane - head >= paneCount) {
            clear();
        } else {
            for (long p = head + 1; p <= pane; p++) {
                expire((int) Math.floorMod(p, (long) paneCount));
            }
        }
        head = pane;
    }

    private void expire(int slot) {
        int[] counts = panes[slot];
        for (int b = 0; b < bins; b++) {
            int c = counts[b];
            if (c != 0) {
                sum[b] -= c;
                total -= c;
                counts[b] = 0;
            }
        }
    }

    private void clear() {
        for (int[] pane : panes) {
            java.util.Arrays.fill(pane, 0);
        }
        java.util.Arrays.fill(sum, 0);
        total = 0;
    }

    /** Number of events in the window. */
    public long total() {
        return total;
    }

    /** Window end (exclusive) in epoch millis, or {@code Long.MIN_VALUE} before the first event. */
    public long endMillis() {
        return head == Long.MIN_VALUE ? Long.MIN_VALUE : (head + 1) * paneMillis;
    }

    /** Window start (inclusive) in epoch millis, or {@code Long.MIN_VALUE} before the first event. */
    public long startMillis() {
        return head == Long.MIN_VALUE ? Long.MIN_VALUE : (head + 1 - paneCount) * paneMillis;
    }

    public long paneMillis() {
        return paneMillis;
    }

    public int paneCount() {
        return paneCount;
    }

    public int bins() {
        return bins;
    }

    /** An immutable copy of the window's counts and bounds. */
    public WindowSnapshot snapshot() {
        return new WindowSnapshot(sum, total, startMillis(), endMillis());
    }
}

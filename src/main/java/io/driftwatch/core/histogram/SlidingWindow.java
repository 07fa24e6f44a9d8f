package io.driftwatch.core.histogram;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>Events from the future: {@link #add(long, int, long)} takes a head limit (the caller's clock plus a small lead).
 * An event whose pane lies beyond the limit's pane does not move the head — one producer with a fast clock would
 * otherwise make every normal event late — but is <em>held</em> in its own future pane, outside the window, and
 * enters the window when the head reaches that pane (an event at or below the limit moves it there, or
 * {@link #releaseUpTo(long)} once the limit passes it). The window is then exactly what it would have been had the event
 * arrived on time. At most {@code paneCount} future panes are held (memory at most doubles); an event that would need
 * another one is dropped ({@link Placement#DROPPED}).
 *
 * <p>Cost: {@link #add} is {@code O(1)} amortised (advancing the head costs {@code O(bins)} per expired pane, at most
 * {@code paneCount} panes; holding or releasing a future pane {@code O(log paneCount + bins)}); {@link #snapshot()} is
 * {@code O(bins)}. Memory: the pane counts are one flat array of {@code paneCount * bins} counts of 8 bits (22 bins
 * x 30 panes: 0.66 KB, against 2.6 KB for {@code int[]} rows), promoted once to 16 bits when one pane's count in one bin
 * passes 255 and once more to 32 bits past 65,535; plus {@code bins} ints per held future pane.
 *
 * <p>Not thread-safe: one writer; readers must hold the same lock as the writer or read snapshots.
 */
public final class SlidingWindow {

    private final int bins;
    private final long paneMillis;
    private final int paneCount;
    /**
     * Pane counts, pane {@code slot} at {@code slot * bins}, unsigned 8-bit while every count fits, else
     * {@link #small}; exactly one of {@code tiny}, {@code small}, {@code large} is not {@code null}.
     */
    private byte[] tiny;
    /** Pane counts once one passed 255, while every count fits 16 bits. */
    private char[] small;
    /** Pane counts once one passed 65,535. */
    private int[] large;

    private final long[] sum;
    private long total;
    /** Pane index of the head, or {@code Long.MIN_VALUE} before the first event. */
    private long head = Long.MIN_VALUE;
    /** Future panes beyond the head limit (all after the head), by pane index; {@code null} until one is needed. */
    private TreeMap<Long, int[]> held;

    /** Where {@link #add(long, int, long)} put an event. */
    public enum Placement {
        /** In the window. */
        WINDOW,
        /** In a future pane beyond the head limit; it enters the window when the head reaches its pane. */
        HELD,
        /** Older than the window start: not added. */
        LATE,
        /** Beyond the head limit while {@code paneCount} future panes are already held: not added. */
        DROPPED
    }

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
        this.tiny = new byte[Math.multiplyExact(paneCount, bins)];
        this.sum = new long[bins];
    }

    /**
     * Adds one event at {@code eventTimeMillis} to {@code bin}, first moving the window forward if the event is newer
     * than the head pane; no head limit.
     *
     * @return {@code true} if added; {@code false} if the event is older than the window start (late) and was dropped
     */
    public boolean add(long eventTimeMillis, int bin) {
        return add(eventTimeMillis, bin, Long.MAX_VALUE) == Placement.WINDOW;
    }

    /**
     * Adds one event at {@code eventTimeMillis} to {@code bin}. The head moves forward to the event's pane only up to
     * the pane of {@code headLimitMillis}; an event beyond it is held in its future pane (see the class comment).
     * Held panes that the limit has reached are released first.
     */
    public Placement add(long eventTimeMillis, int bin, long headLimitMillis) {
        if (bin < 0 || bin >= bins) {
            throw new IndexOutOfBoundsException("bin " + bin + " of " + bins);
        }
        long pane = Math.floorDiv(eventTimeMillis, paneMillis);
        Placement placement = place(pane, headLimitMillis);
        if (placement == Placement.HELD) {
            int[] counts = heldCounts(pane);
            if (counts == null) {
                return Placement.DROPPED;
            }
            counts[bin]++;
            return Placement.HELD;
        }
        if (placement == Placement.LATE) {
            return Placement.LATE;
        }
        int i = (int) Math.floorMod(pane, (long) paneCount) * bins + bin;
        increase(i, 1);
        sum[bin]++;
        total++;
        return Placement.WINDOW;
    }

    /**
     * Adds a whole pane's counts at once ({@code counts[b]} events in bin {@code b} of pane {@code pane}, the pane
     * index being {@code floor(eventTime / paneMillis)}): exactly what {@code counts[b]} calls of
     * {@link #add(long, int, long)} with event times in that pane would do, in one step — the head moves to the pane
     * up to the limit, a pane beyond it is held whole, a pane older than the window start is not added.
     * {@code O(bins)}, plus what moving the head costs.
     *
     * @param counts one non-negative count per bin ({@code counts.length == bins()})
     * @return where the pane's events went; {@link Placement#WINDOW} for an all-zero pane inside the window
     */
    public Placement addPane(long pane, int[] counts, long headLimitMillis) {
        if (counts.length != bins) {
            throw new IllegalArgumentException("a pane of " + counts.length + " bins for a window of " + bins);
        }
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
        }
        Placement placement = place(pane, headLimitMillis);
        if (placement == Placement.HELD) {
            int[] kept = heldCounts(pane);
            if (kept == null) {
                return Placement.DROPPED;
            }
            for (int b = 0; b < bins; b++) {
                kept[b] += counts[b];
            }
            return Placement.HELD;
        }
        if (placement == Placement.WINDOW) {
            fold(pane, counts);
        }
        return placement;
    }

    /**
     * Where events of {@code pane} go, moving the head to it first when it is the newest pane within the limit (held
     * panes the limit has reached are released before): {@code WINDOW}, {@code LATE}, or {@code HELD} when the pane
     * lies beyond the limit and the head (the caller holds it, see {@link #heldCounts}).
     */
    private Placement place(long pane, long headLimitMillis) {
        long limit = Math.floorDiv(headLimitMillis, paneMillis);
        release(limit);
        if (pane > limit && (head == Long.MIN_VALUE || pane > head)) {
            return Placement.HELD;
        }
        if (head == Long.MIN_VALUE || pane > head) {
            moveHeadTo(pane);
        } else if (pane <= head - paneCount) {
            return Placement.LATE;
        }
        return Placement.WINDOW;
    }

    /** The counts of held future pane {@code pane}, created if needed; {@code null} when no further pane fits. */
    private int[] heldCounts(long pane) {
        if (held == null) {
            held = new TreeMap<>();
        }
        int[] counts = held.get(pane);
        if (counts == null) {
            if (held.size() >= paneCount) {
                return null;
            }
            counts = new int[bins];
            held.put(pane, counts);
        }
        return counts;
    }

    /**
     * Lets held future panes that {@code headLimitMillis} has reached enter the window, moving the head to the latest
     * of them (as if their events had arrived on time).
     */
    public void releaseUpTo(long headLimitMillis) {
        release(Math.floorDiv(headLimitMillis, paneMillis));
    }

    private void release(long limitPane) {
        if (held != null && !held.isEmpty() && held.firstKey() <= limitPane) {
            long last = held.headMap(limitPane, true).lastKey();
            if (head == Long.MIN_VALUE || last > head) {
                moveHeadTo(last);
            }
        }
    }

    /**
     * Moves the window end forward so that it contains {@code timeMillis}, expiring panes that fall out (and letting in
     * held panes it reaches). Never moves it backwards; does nothing before the first event.
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
        if (held != null && !held.isEmpty() && held.firstKey() <= head) {
            var reached = held.headMap(head, true);
            for (Map.Entry<Long, int[]> e : reached.entrySet()) {
                if (e.getKey() > head - paneCount) { // else it would already have expired: nothing to add
                    fold(e.getKey(), e.getValue());
                }
            }
            reached.clear();
        }
    }

    private void fold(long pane, int[] counts) {
        int base = (int) Math.floorMod(pane, (long) paneCount) * bins;
        for (int b = 0; b < bins; b++) {
            int c = counts[b];
            if (c != 0) {
                increase(base + b, c);
                sum[b] += c;
                total += c;
            }
        }
    }

    /** Adds {@code c} to count {@code i}, first promoting the counts to a wider type if the result would not fit. */
    private void increase(int i, int c) {
        if (tiny != null) {
            int v = (tiny[i] & 0xFF) + c;
            if (v <= 0xFF) {
                tiny[i] = (byte) v;
                return;
            }
            small = new char[tiny.length];
            for (int k = 0; k < tiny.length; k++) {
                small[k] = (char) (tiny[k] & 0xFF);
            }
            tiny = null;
        }
        if (small != null) {
            if (small[i] + c <= Character.MAX_VALUE) {
                small[i] += (char) c;
                return;
            }
            large = new int[small.length];
            for (int k = 0; k < small.length; k++) {
                large[k] = small[k];
            }
            small = null;
        }
        large[i] += c;
    }

    private int count(int i) {
        return tiny != null ? tiny[i] & 0xFF : small != null ? small[i] : large[i];
    }

    private void expire(int slot) {
        int base = slot * bins;
        for (int b = 0; b < bins; b++) {
            int c = count(base + b);
            if (c != 0) {
                sum[b] -= c;
                total -= c;
                if (tiny != null) {
                    tiny[base + b] = 0;
                } else if (small != null) {
                    small[base + b] = 0;
                } else {
                    large[base + b] = 0;
                }
            }
        }
    }

    private void clear() {
        if (tiny != null) {
            Arrays.fill(tiny, (byte) 0);
        } else if (small != null) {
            Arrays.fill(small, (char) 0);
        } else {
            Arrays.fill(large, 0);
        }
        Arrays.fill(sum, 0);
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

    /**
     * The newest {@code panes} panes of the window (the head pane and the ones before it), as a snapshot of their own;
     * {@code O(panes x bins)}.
     */
    public WindowSnapshot recent(int panes) {
        if (panes < 1 || panes > paneCount) {
            throw new IllegalArgumentException("panes must be in [1, " + paneCount + "], got " + panes);
        }
        long[] counts = new long[bins];
        long n = 0;
        if (head != Long.MIN_VALUE) {
            for (long p = head - panes + 1; p <= head; p++) {
                int base = (int) Math.floorMod(p, (long) paneCount) * bins;
                for (int b = 0; b < bins; b++) {
                    int c = count(base + b);
                    counts[b] += c;
                    n += c;
                }
            }
        }
        long end = endMillis();
        return new WindowSnapshot(counts, n, end == Long.MIN_VALUE ? end : end - panes * paneMillis, end);
    }

    /** An immutable copy of the window's counts and bounds. */
    public WindowSnapshot snapshot() {
        return new WindowSnapshot(sum, total, startMillis(), endMillis());
    }
}

package io.driftwatch.ingest;

import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.panes.PaneDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stage 1's delta histograms of one ingest thread: per series (monitor index, model) and pane, the events counted since
 * the last {@link #drain}. Each series' entry keeps the bins it was opened with until the drain, so a reference change
 * reaches stage 1 within one flush interval, and every delta says which bins it was counted in.
 *
 * <p>Not thread-safe: one ingest thread writes; the flush drains it while no ingest runs. Adding is {@code O(1)}
 * (a hash lookup per event and monitor, none when consecutive events fall in the same pane).
 */
final class PaneAccumulator {

    private long[] paneMillis;
    private final List<Map<String, Entry>> byMonitor;
    private String[] monitorNames;

    /** @param monitorNames the monitors by index, with their pane lengths */
    PaneAccumulator(String[] monitorNames, long[] paneMillis) {
        this.monitorNames = monitorNames.clone();
        this.paneMillis = paneMillis.clone();
        this.byMonitor = new ArrayList<>(monitorNames.length);
        for (int i = 0; i < monitorNames.length; i++) {
            byMonitor.add(new HashMap<>());
        }
    }

    /**
     * Takes monitors added after the ones it has ({@code monitorNames} starts with the names it has, in order); the open
     * entries stay.
     */
    void extend(String[] monitorNames, long[] paneMillis) {
        this.monitorNames = monitorNames.clone();
        this.paneMillis = paneMillis.clone();
        while (byMonitor.size() < monitorNames.length) {
            byMonitor.add(new HashMap<>());
        }
    }

    /** The open entry of monitor {@code monitor}'s series of {@code model}, or {@code null}. */
    Entry entry(int monitor, String model) {
        return byMonitor.get(monitor).get(model);
    }

    /** Opens the entry of a series, counting in {@code bins} until the next drain. */
    Entry open(int monitor, String model, BinScheme bins) {
        Entry e = new Entry(bins, paneMillis[monitor]);
        byMonitor.get(monitor).put(model, e);
        return e;
    }

    /** Hands every non-empty pane delta to {@code out} and empties this accumulator. */
    void drain(Consumer<PaneDelta> out) {
        for (int i = 0; i < byMonitor.size(); i++) {
            Map<String, Entry> models = byMonitor.get(i);
            if (models.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, Entry> me : models.entrySet()) {
                me.getValue().drain(monitorNames[i], me.getKey(), out);
            }
            models.clear();
        }
    }

    /**
     * One series' panes since the last drain: a small open table of pane index → counts, addressed by
     * {@code pane mod capacity}. The panes of a window are consecutive, so a table at least as large as the panes
     * that occur never collides; it starts with 4 slots and doubles on a collision (up to 1,024, then further panes
     * go to a map). No allocation per event.
     */
    static final class Entry {
        private static final int MAX_SLOTS = 1024;
        private final BinScheme bins;
        private final int fingerprint;
        private final long paneMillis;
        private long[] paneOf = new long[4];
        private int[][] countsOf = new int[4][];
        private Map<Long, int[]> overflow;
        private long lastPane = Long.MIN_VALUE;
        private int[] last;

        private Entry(BinScheme bins, long paneMillis) {
            this.bins = bins;
            this.fingerprint = bins.hashCode();
            this.paneMillis = paneMillis;
        }

        void addNumber(long eventTimeMillis, double value) {
            add(eventTimeMillis, ((NumericBins) bins).binOf(value));
        }

        /** Counts {@code value}; true when it fell in the unseen bin (a category the reference never saw). */
        boolean addLabel(long eventTimeMillis, String value) {
            CategoricalBins categories = (CategoricalBins) bins;
            int bin = categories.binOf(value);
            add(eventTimeMillis, bin);
            return bin == categories.unseenBin();
        }

        void add(long eventTimeMillis, int bin) {
            long pane = Math.floorDiv(eventTimeMillis, paneMillis);
            if (pane != lastPane) {
                last = counts(pane);
                lastPane = pane;
            }
            last[bin]++;
        }

        private int[] counts(long pane) {
            while (true) {
                int slot = (int) (pane & (paneOf.length - 1));
                int[] c = countsOf[slot];
                if (c == null) {
                    c = new int[bins.binCount()];
                    countsOf[slot] = c;
                    paneOf[slot] = pane;
                    return c;
                }
                if (paneOf[slot] == pane) {
                    return c;
                }
                if (paneOf.length >= MAX_SLOTS) {
                    if (overflow == null) {
                        overflow = new HashMap<>();
                    }
                    return overflow.computeIfAbsent(pane, p -> new int[bins.binCount()]);
                }
                grow();
            }
        }

        private void grow() {
            long[] oldPanes = paneOf;
            int[][] oldCounts = countsOf;
            int n = oldPanes.length * 2;
            while (true) {
                long[] panes = new long[n];
                int[][] counts = new int[n][];
                boolean fits = true;
                for (int i = 0; i < oldPanes.length && fits; i++) {
                    if (oldCounts[i] != null) {
                        int slot = (int) (oldPanes[i] & (n - 1));
                        fits = counts[slot] == null;
                        panes[slot] = oldPanes[i];
                        counts[slot] = oldCounts[i];
                    }
                }
                if (fits || n >= MAX_SLOTS) {
                    if (fits) {
                        paneOf = panes;
                        countsOf = counts;
                        return;
                    }
                    // cannot place the existing panes apart even at the largest size: keep the table, use the map
                    if (overflow == null) {
                        overflow = new HashMap<>();
                    }
                    paneOf = new long[MAX_SLOTS];
                    countsOf = new int[MAX_SLOTS][];
                    for (int i = 0; i < oldPanes.length; i++) {
                        if (oldCounts[i] != null) {
                            int slot = (int) (oldPanes[i] & (MAX_SLOTS - 1));
                            if (countsOf[slot] == null) {
                                paneOf[slot] = oldPanes[i];
                                countsOf[slot] = oldCounts[i];
                            } else {
                                overflow.put(oldPanes[i], oldCounts[i]);
                            }
                        }
                    }
                    return;
                }
                n *= 2;
            }
        }

        private void drain(String monitor, String model, Consumer<PaneDelta> out) {
            // oldest pane first: an owner then moves its window forward once, as the events' own order would
            java.util.TreeMap<Long, int[]> sorted = new java.util.TreeMap<>();
            for (int i = 0; i < paneOf.length; i++) {
                if (countsOf[i] != null) {
                    sorted.put(paneOf[i], countsOf[i]);
                }
            }
            if (overflow != null) {
                sorted.putAll(overflow);
            }
            sorted.forEach(
                    (pane, counts) -> out.accept(new PaneDelta(monitor, model, paneMillis, pane, fingerprint, counts)));
        }
    }
}

package io.driftwatch.ingest;

import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
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

    private final long[] paneMillis;
    private final List<Map<String, Entry>> byMonitor;
    private final String[] monitorNames;
    private int entries;

    /** @param monitorNames the monitors by index, with their pane lengths */
    PaneAccumulator(String[] monitorNames, long[] paneMillis) {
        this.monitorNames = monitorNames.clone();
        this.paneMillis = paneMillis.clone();
        this.byMonitor = new ArrayList<>(monitorNames.length);
        for (int i = 0; i < monitorNames.length; i++) {
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
        entries++;
        return e;
    }

    /** Series with an open entry. */
    int openEntries() {
        return entries;
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
        entries = 0;
    }

    /** One series' panes since the last drain. */
    static final class Entry {
        private final BinScheme bins;
        private final int fingerprint;
        private final long paneMillis;
        private final Map<Long, int[]> panes = new HashMap<>(4);
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

        void addLabel(long eventTimeMillis, String value) {
            add(eventTimeMillis, ((CategoricalBins) bins).binOf(value));
        }

        void add(long eventTimeMillis, int bin) {
            long pane = Math.floorDiv(eventTimeMillis, paneMillis);
            if (pane != lastPane) {
                last = panes.computeIfAbsent(pane, p -> new int[bins.binCount()]);
                lastPane = pane;
            }
            last[bin]++;
        }

        private void drain(String monitor, String model, Consumer<PaneDelta> out) {
            // oldest pane first: an owner then moves its window forward once, as the events' own order would
            panes.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(p -> out.accept(
                            new PaneDelta(monitor, model, paneMillis, p.getKey(), fingerprint, p.getValue())));
        }
    }
}

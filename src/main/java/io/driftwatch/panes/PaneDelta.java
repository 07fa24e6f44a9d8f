package io.driftwatch.panes;

import java.util.Arrays;

/**
 * What stage 1 publishes for one series and one pane: the events it counted there since its last flush, per bin.
 * Integer counts, so deltas from any number of instances and flushes add up exactly to the pane's counts.
 *
 * @param monitor the monitor's name
 * @param model the model's name
 * @param paneMillis the pane length the pane index is in (the owner drops a delta of another pane length)
 * @param pane the pane index: event time {@code floorDiv(paneMillis)}
 * @param binsFingerprint the bins the events were counted in ({@code BinScheme.hashCode()})
 * @param counts events per bin, none negative
 */
public record PaneDelta(String monitor, String model, long paneMillis, long pane, int binsFingerprint, int[] counts) {

    /** The events in the delta. */
    public long events() {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaneDelta d
                && monitor.equals(d.monitor)
                && model.equals(d.model)
                && paneMillis == d.paneMillis
                && pane == d.pane
                && binsFingerprint == d.binsFingerprint
                && Arrays.equals(counts, d.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * monitor.hashCode() + model.hashCode()) + Long.hashCode(pane) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return monitor + "/" + model + " pane " + pane + " x " + paneMillis + " ms: " + Arrays.toString(counts);
    }
}

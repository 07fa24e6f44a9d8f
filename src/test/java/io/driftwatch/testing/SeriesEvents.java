package io.driftwatch.testing;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.SlidingWindow.Placement;
import io.driftwatch.monitor.Series;

/**
 * Adds single events to a series the way the pipeline does: as a pane delta of one event ({@link Series#addPane}),
 * binned in the series' current bins.
 */
public final class SeriesEvents {

    private SeriesEvents() {}

    /** One event in bin {@code bin} at event time {@code eventTimeMillis}, received at {@code wallMillis}. */
    public static Placement add(Series s, long eventTimeMillis, int bin, long wallMillis) {
        int[] counts = new int[s.reference().bins().binCount()];
        counts[bin] = 1;
        return s.addPane(
                Math.floorDiv(eventTimeMillis, s.monitor().paneMillis()), s.binsFingerprint(), counts, wallMillis);
    }

    /** One numeric value, binned in the series' bins. */
    public static Placement addNumber(Series s, long eventTimeMillis, double value, long wallMillis) {
        return add(s, eventTimeMillis, ((NumericBins) s.reference().bins()).binOf(value), wallMillis);
    }

    /** One categorical value, binned in the series' bins. */
    public static Placement addLabel(Series s, long eventTimeMillis, String value, long wallMillis) {
        return add(s, eventTimeMillis, ((CategoricalBins) s.reference().bins()).binOf(value), wallMillis);
    }
}

package io.driftwatch.monitor;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.SlidingWindow;
import io.driftwatch.core.histogram.WindowSnapshot;
import java.time.InstantSource;

/**
 * One monitored series: a monitor applied to one model. Owns the sliding window and scores it on demand.
 *
 * <p>Thread-safety: the ingest thread adds events; metric scrapes and the API read {@link #report()} from other
 * threads. The window is guarded by this object's lock (held for one {@code O(1)} add, or one {@code O(bins)} copy);
 * scoring runs outside the lock on the copy. Reports are cached per window version, so a scrape that reads ten
 * gauges scores the window once, and a read always reflects every event added before it.
 *
 * <p>Idle series: when no event arrived for {@code idleTimeoutMillis} (wall clock), reads move the window end to the
 * wall clock, so the window of a model that stopped sending empties and reports "insufficient data".
 */
public final class Series {

    private final MonitorDefinition monitor;
    private final String model;
    private final SlidingWindow window;
    private final InstantSource clock;
    private final long idleTimeoutMillis;
    private volatile Reference reference;
    private long version;
    private long lateEvents;
    private long lastEventWallMillis = Long.MIN_VALUE;
    private DriftReport cached;
    private long cachedVersion = -1;
    private WindowSnapshot snapshot;
    private long snapshotVersion = -1;

    Series(MonitorDefinition monitor, String model, Reference reference, InstantSource clock, long idleTimeoutMillis) {
        this.monitor = monitor;
        this.model = model;
        this.reference = reference;
        this.clock = clock;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.window = new SlidingWindow(reference.bins().binCount(), monitor.paneMillis(), monitor.paneCount());
    }

    public MonitorDefinition monitor() {
        return monitor;
    }

    public String model() {
        return model;
    }

    public Reference reference() {
        return reference;
    }

    /** The bin of a numeric value under this series' reference; only for numeric monitors. */
    public int binOf(double value) {
        return ((NumericBins) reference.bins()).binOf(value);
    }

    /** The bin of a categorical value under this series' reference; only for categorical monitors. */
    public int binOf(String value) {
        return ((CategoricalBins) reference.bins()).binOf(value);
    }

    /**
     * Adds one event to the window.
     *
     * @return {@code false} if the event was older than the window and dropped as late
     */
    public boolean add(long eventTimeMillis, int bin, long wallMillis) {
        synchronized (this) {
            version++;
            lastEventWallMillis = wallMillis;
            if (window.add(eventTimeMillis, bin)) {
                return true;
            }
            lateEvents++;
            return false;
        }
    }

    /** Events dropped because they were older than the window. */
    public synchronized long lateEvents() {
        return lateEvents;
    }

    /** Window end (event time, exclusive), or {@code Long.MIN_VALUE} before the first event. */
    public synchronized long windowEndMillis() {
        advanceIfIdle();
        return window.endMillis();
    }

    /** Wall-clock time of the last event, or {@code Long.MIN_VALUE} if none. */
    public synchronized long lastEventWallMillis() {
        return lastEventWallMillis;
    }

    /** Seconds since the last event arrived (wall clock). */
    public double lastEventAgeSeconds() {
        long last = lastEventWallMillis();
        return last == Long.MIN_VALUE ? Double.NaN : (clock.millis() - last) / 1000.0;
    }

    /** The window's counts, copied once per window change however many readers (e.g. bin-share gauges) ask. */
    public synchronized WindowSnapshot snapshot() {
        advanceIfIdle();
        if (snapshotVersion != version) {
            snapshot = window.snapshot();
            snapshotVersion = version;
        }
        return snapshot;
    }

    /** Caller holds the lock. */
    private void advanceIfIdle() {
        long now = clock.millis();
        if (lastEventWallMillis != Long.MIN_VALUE && now - lastEventWallMillis >= idleTimeoutMillis) {
            long before = window.endMillis();
            window.advanceTo(now);
            if (window.endMillis() != before) {
                version++;
            }
        }
    }

    /** The current window scored against the reference (cached until the window changes). */
    public DriftReport report() {
        WindowSnapshot current;
        long v;
        Reference ref;
        synchronized (this) {
            current = snapshot();
            if (cachedVersion == version && cached != null) {
                return cached;
            }
            v = version;
            ref = reference;
        }
        DriftReport report = monitor.analyzer().analyze(current, ref);
        synchronized (this) {
            if (v > cachedVersion) {
                cached = report;
                cachedVersion = v;
            }
        }
        return report;
    }
}

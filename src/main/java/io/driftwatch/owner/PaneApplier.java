package io.driftwatch.owner;

import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.panes.PaneDelta;
import io.driftwatch.panes.PaneRecords;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Stage 2's merge: adds pane deltas to the windows of the series this process owns, creating a series on its first
 * delta (under {@code driftwatch.max-series}), and remembers which pane-topic partition each series came from, so that
 * a revoked partition's series can be handed over ({@link #release}).
 *
 * <p>Single writer: called by the pane loop's thread only (deltas, releases and idle eviction all on it); counters are
 * readable anywhere.
 */
public final class PaneApplier {

    private static final Logger LOG = Logger.getLogger(PaneApplier.class);

    /** What happened to a pane record. */
    public enum Result {
        /** Added to its series' window (or held for a future pane, or counted late: see the series' counters). */
        APPLIED("applied"),
        /** Not a pane record this version can read. */
        UNREADABLE("unreadable"),
        /** Names a monitor this instance does not have, or has with another pane length (configurations differ). */
        UNKNOWN_MONITOR("unknown-monitor"),
        /** The series would pass {@code driftwatch.max-series} on this owner. */
        SERIES_LIMIT("series-limit"),
        /** Counted in other bins than the series' reference has now (a reference change with new bins crossed it). */
        BINS_CHANGED("bins-changed");

        private final String tag;

        Result(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final MonitorRegistry registry;
    /** By name; features added at run time are put here by the registry's listener (another thread). */
    private final Map<String, Monitor> monitors = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<Integer, Set<Series>> byPartition = new HashMap<>();
    private final Map<Result, LongAdder> records = new EnumMap<>(Result.class);
    private final Set<String> warned = new HashSet<>();

    public PaneApplier(MonitorRegistry registry) {
        this.registry = registry;
        registry.onNewMonitor(m -> monitors.put(m.name(), m));
        registry.monitors().forEach(m -> monitors.put(m.name(), m));
        for (Result r : Result.values()) {
            records.put(r, new LongAdder());
        }
        registry.onSeriesRemoved((s, why) -> byPartition.values().forEach(set -> set.remove(s)));
    }

    /** Reads a pane record and applies it; bad records are counted and logged (once per kind of problem), never thrown. */
    public Result apply(int partition, byte[] value, long recordTimestampMillis) {
        PaneDelta d;
        try {
            d = PaneRecords.read(value);
        } catch (IllegalArgumentException e) {
            count(Result.UNREADABLE);
            warnOnce("unreadable", "skipping an unreadable record of the pane topic: %s", e.getMessage());
            return Result.UNREADABLE;
        }
        return apply(partition, d, recordTimestampMillis);
    }

    /** Applies one delta of partition {@code partition}, published at {@code wallMillis}. */
    public Result apply(int partition, PaneDelta d, long wallMillis) {
        Monitor m = monitors.get(d.monitor());
        if (m == null || m.definition().paneMillis() != d.paneMillis()) {
            warnOnce(
                    "monitor " + d.monitor(),
                    "skipping pane deltas of monitor %s (pane %d ms): this instance has %s",
                    d.monitor(),
                    d.paneMillis(),
                    m == null
                            ? "no such monitor"
                            : "its panes of " + m.definition().paneMillis() + " ms");
            return count(Result.UNKNOWN_MONITOR);
        }
        Series s = registry.seriesFor(m, d.model());
        if (s == null) {
            return count(Result.SERIES_LIMIT);
        }
        if (s.addPane(d.pane(), d.binsFingerprint(), d.counts(), wallMillis) == null) {
            return count(Result.BINS_CHANGED);
        }
        if (byPartition.computeIfAbsent(partition, p -> new HashSet<>()).add(s)) {
            s.partition(partition);
        }
        return count(Result.APPLIED);
    }

    /** Hands over the series of a revoked partition: they leave this process ({@link MonitorRegistry#release}). */
    public int release(int partition) {
        Set<Series> owned = byPartition.remove(partition);
        return owned == null ? 0 : registry.release(owned);
    }

    /** Pane records by result. */
    public long records(Result r) {
        return records.get(r).sum();
    }

    private Result count(Result r) {
        records.get(r).increment();
        return r;
    }

    private void warnOnce(String kind, String format, Object... args) {
        if (warned.add(kind)) {
            LOG.warnf(format, args);
        }
    }
}

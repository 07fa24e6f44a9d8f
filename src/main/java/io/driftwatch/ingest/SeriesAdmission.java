package io.driftwatch.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Stage 1's series limit: which series (monitor index, model) this instance has let in, at most
 * {@code driftwatch.max-series}, all of an event's new series or none (an event is never counted in some of its series
 * and rejected for the others). A series not seen for {@code driftwatch.evict-after} leaves, like the owner's series.
 *
 * <p>Asked once per series per flush interval and ingest thread (the accumulator remembers it in between), so a lock is
 * cheap here. Thread-safe.
 */
final class SeriesAdmission {

    private final int maxSeries;
    private final long evictAfterMillis;
    /** Per monitor index: model -> when last admitted; grows when monitors are added. */
    private final List<Map<String, Long>> seen = new ArrayList<>();

    private int size;
    private long lastEvictionMillis;

    SeriesAdmission(int maxSeries, long evictAfterMillis) {
        this.maxSeries = maxSeries;
        this.evictAfterMillis = evictAfterMillis;
    }

    /**
     * Lets in the series of {@code model} for every monitor {@code i} with {@code wanted[i]}, all of them or none.
     *
     * @return 0 when they are in; else how many of them are new and do not fit (none was let in)
     */
    synchronized int admit(boolean[] wanted, String model, long nowMillis) {
        while (seen.size() < wanted.length) {
            seen.add(new HashMap<>());
        }
        int missing = 0;
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i] && !seen.get(i).containsKey(model)) {
                missing++;
            }
        }
        if (missing > 0 && size + missing > maxSeries) {
            return missing;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i] && seen.get(i).put(model, nowMillis) == null) {
                size++;
            }
        }
        return 0;
    }

    /** Forgets series not admitted again for {@code driftwatch.evict-after}, at most every 10 s; returns how many. */
    synchronized int evictIdle(long nowMillis) {
        if (evictAfterMillis <= 0 || nowMillis - lastEvictionMillis < 10_000) {
            return 0;
        }
        lastEvictionMillis = nowMillis;
        int removed = 0;
        for (Map<String, Long> models : seen) {
            for (Iterator<Long> it = models.values().iterator(); it.hasNext(); ) {
                if (nowMillis - it.next() >= evictAfterMillis) {
                    it.remove();
                    removed++;
                }
            }
        }
        size -= removed;
        return removed;
    }
}

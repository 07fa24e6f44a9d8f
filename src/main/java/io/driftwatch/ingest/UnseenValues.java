package io.driftwatch.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of categorical monitors that land in the unseen bin (categories the reference never saw), named per
 * series: the most frequent ones this instance's stage 1 read since it started, so that "(unseen) 0% → 10%" can say
 * which values those are.
 *
 * <p>Bounded: at most {@code maxSeries} series, each keeping {@value #SLOTS} values with the Space-Saving algorithm
 * (Metwally et al.): a value not kept replaces the least counted one and inherits its count, so a kept value's count
 * is an upper bound, over by at most its {@code error}, and every value more frequent than 1/{@value #SLOTS} of the
 * series' unseen events is kept. Values are cut to {@value #MAX_LENGTH} characters. Thread-safe: each series' slots
 * are updated under its own lock, only on the path of an unseen value.
 */
public final class UnseenValues {

    /** Values kept per series. */
    static final int SLOTS = 8;

    /** Longer values are cut to this many characters (and marked with an ellipsis). */
    static final int MAX_LENGTH = 64;

    /** One named value: its events (an upper bound) and by how much that may be over. */
    public record Value(String value, long events, long error) {}

    private record Key(String monitor, String model) {}

    private final Map<Key, Slots> series = new ConcurrentHashMap<>();
    private final int maxSeries;

    /** @param maxSeries at most this many series are followed (the first ones with an unseen value) */
    public UnseenValues(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    /** Counts one event of {@code model} whose {@code monitor} value fell in the unseen bin. */
    void record(String monitor, String model, String value) {
        Key key = new Key(monitor, model);
        Slots s = series.get(key);
        if (s == null) {
            if (series.size() >= maxSeries) {
                return;
            }
            s = series.computeIfAbsent(key, k -> new Slots());
        }
        s.add(value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH - 1) + "…" : value);
    }

    /** The most frequent unseen values of one series, most first; empty when it has none. */
    public List<Value> top(String monitor, String model, int k) {
        Slots s = series.get(new Key(monitor, model));
        return s == null ? List.of() : s.top(k);
    }

    private static final class Slots {
        private final String[] values = new String[SLOTS];
        private final long[] counts = new long[SLOTS];
        private final long[] errors = new long[SLOTS];

        synchronized void add(String value) {
            int min = 0;
            for (int i = 0; i < SLOTS; i++) {
                if (values[i] == null) {
                    values[i] = value;
                    counts[i] = 1;
                    return;
                }
                if (values[i].equals(value)) {
                    counts[i]++;
                    return;
                }
                if (counts[i] < counts[min]) {
                    min = i;
                }
            }
            values[min] = value;
            errors[min] = counts[min];
            counts[min]++;
        }

        synchronized List<Value> top(int k) {
            List<Value> out = new ArrayList<>(SLOTS);
            for (int i = 0; i < SLOTS && values[i] != null; i++) {
                out.add(new Value(values[i], counts[i], errors[i]));
            }
            out.sort(Comparator.comparingLong(Value::events).reversed().thenComparing(Value::value));
            return out.subList(0, Math.min(k, out.size()));
        }
    }
}

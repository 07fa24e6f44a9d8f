package io.driftwatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Data quality per series, counted where events are parsed (stage 1): events of a model whose value for a monitored
 * field is missing, of the wrong type or not finite. Such a value costs only that field's series; the event still
 * feeds the model's other series ({@link Outcome#PARTIAL}).
 *
 * <p>Bounded: at most {@code maxKeys} (monitor, model, problem) counters; problems beyond that are counted under the
 * monitor and model {@value #OTHER}. Thread-safe; counting a new key calls the listeners on the counting thread.
 */
public final class FieldProblems {

    /** Monitor and model of the counter that takes problems beyond the limit. */
    public static final String OTHER = "(other)";

    /** What was wrong with a field's value. */
    public enum Problem {
        /** Absent or {@code null} (a required field). */
        MISSING("missing", Outcome.MISSING_FIELD),
        /** Text for a numeric monitor; an object or array for any monitor. */
        WRONG_TYPE("wrong-type", Outcome.WRONG_TYPE),
        /** {@code NaN}, {@code Infinity}, or too large for a double. */
        NON_FINITE("non-finite", Outcome.NON_FINITE);

        private final String tag;
        private final Outcome outcome;

        Problem(String tag, Outcome outcome) {
            this.tag = tag;
            this.outcome = outcome;
        }

        /** The {@code problem} tag of {@code drift_data_quality_events_total}. */
        public String tag() {
            return tag;
        }

        /** The outcome of an event rejected for this problem (no field of it could be counted). */
        Outcome outcome() {
            return outcome;
        }
    }

    /** One counter's identity. */
    public record Key(String monitor, String model, Problem problem) {}

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final int maxKeys;
    private final List<Consumer<Key>> listeners = new CopyOnWriteArrayList<>();

    /** @param maxKeys at most this many counters (then {@value #OTHER}) */
    public FieldProblems(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** Counts one event of {@code model} whose {@code monitor} field had {@code problem}. */
    void count(String monitor, String model, Problem problem) {
        Key key = new Key(monitor, model, problem);
        LongAdder n = counts.get(key);
        if (n == null) {
            if (counts.size() >= maxKeys) {
                key = new Key(OTHER, OTHER, problem);
            }
            n = counts.get(key);
            if (n == null) {
                LongAdder created = new LongAdder();
                n = counts.putIfAbsent(key, created);
                if (n == null) {
                    n = created;
                    for (Consumer<Key> l : listeners) {
                        l.accept(key);
                    }
                }
            }
        }
        n.increment();
    }

    /** Events counted under {@code key} since start; 0 for a key never counted. */
    public long count(Key key) {
        LongAdder n = counts.get(key);
        return n == null ? 0 : n.sum();
    }

    /**
     * Events whose {@code monitor} field had each problem, all models together, by {@link Problem#tag()}, in
     * {@link Problem} order; problems never counted are left out (not those counted under {@value #OTHER}).
     */
    public Map<String, Long> totals(String monitor) {
        return totals(k -> k.monitor().equals(monitor));
    }

    /** {@link #totals(String)} of one series: events of {@code model} only. */
    public Map<String, Long> totals(String monitor, String model) {
        return totals(k -> k.monitor().equals(monitor) && k.model().equals(model));
    }

    private Map<String, Long> totals(java.util.function.Predicate<Key> which) {
        long[] n = new long[Problem.values().length];
        counts.forEach((k, v) -> {
            if (which.test(k)) {
                n[k.problem().ordinal()] += v.sum();
            }
        });
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Problem p : Problem.values()) {
            if (n[p.ordinal()] > 0) {
                out.put(p.tag(), n[p.ordinal()]);
            }
        }
        return out;
    }

    /** The keys counted so far. */
    public List<Key> keys() {
        return new ArrayList<>(counts.keySet());
    }

    /** Calls {@code listener} for every key counted so far and for each new one. */
    public void onNewKey(Consumer<Key> listener) {
        listeners.add(listener);
        counts.keySet().forEach(listener);
    }
}

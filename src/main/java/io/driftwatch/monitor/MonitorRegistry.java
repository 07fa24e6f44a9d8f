package io.driftwatch.monitor;

import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.VersionedReference;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The monitors and the lifecycle of the series (monitor x model) this instance owns: a series is created on the first
 * pane delta of its model, up to {@code driftwatch.max-series}, and removed when it goes idle or its pane-topic
 * partition moves to another instance; reference changes are applied to them and announced to listeners.
 *
 * <p>Thread-safe. Listeners run on the thread that caused the event (series creation, eviction and handover: the
 * owner's polling thread; reference changes: the reference log thread or a test), after the change and outside every
 * lock, so a listener may read the series (score it, publish it) without blocking the owner.
 */
public final class MonitorRegistry {

    /** Every monitor (see {@link #monitors()}); replaced whole (copy on write) when a feature is added at run time. */
    private volatile List<Monitor> monitors;

    private final Map<String, FieldPattern> patterns;
    private final FeatureDefinitions featureDefinitions;
    private final List<Consumer<Monitor>> monitorListeners = new CopyOnWriteArrayList<>();
    private final int maxSeries;
    private final InstantSource clock;
    private final long idleTimeoutMillis;
    private final long maxLeadMillis;
    private final long evictAfterMillis;
    private long lastEvictionMillis;
    private final List<BiConsumer<Series, Removal>> removalListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final List<Consumer<Series>> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Series, Series.ReferenceChange>> referenceListeners = new CopyOnWriteArrayList<>();
    private volatile Wholeness wholeness = Wholeness.ALWAYS;

    /**
     * @param maxWindowLead how far a series' window end may run ahead of {@code clock} (events further ahead are held
     *     for their pane, see {@link Series})
     */
    public MonitorRegistry(
            List<Monitor> monitors, int maxSeries, InstantSource clock, Duration idleTimeout, Duration maxWindowLead) {
        this(monitors, maxSeries, clock, idleTimeout, maxWindowLead, Duration.ZERO);
    }

    /**
     * @param evictAfter series that received no event for this long are removed ({@link #evictIdleSeries}); zero: never
     */
    public MonitorRegistry(
            List<Monitor> monitors,
            int maxSeries,
            InstantSource clock,
            Duration idleTimeout,
            Duration maxWindowLead,
            Duration evictAfter) {
        this(
                monitors,
                List.of(),
                (p, m, k) -> {
                    throw new IllegalStateException("no field patterns");
                },
                maxSeries,
                clock,
                idleTimeout,
                maxWindowLead,
                evictAfter);
    }

    /** How a feature of a field pattern is defined when it is added at run time (the pattern's configuration). */
    @FunctionalInterface
    public interface FeatureDefinitions {
        MonitorDefinition define(FieldPattern pattern, String member, Kind kind);
    }

    /**
     * @param patterns the field patterns whose features are among {@code monitors}
     * @param featureDefinitions defines a feature added at run time ({@link #addFeature})
     */
    public MonitorRegistry(
            List<Monitor> monitors,
            List<FieldPattern> patterns,
            FeatureDefinitions featureDefinitions,
            int maxSeries,
            InstantSource clock,
            Duration idleTimeout,
            Duration maxWindowLead,
            Duration evictAfter) {
        if (maxSeries < 1) {
            throw new InvalidConfigException("driftwatch.max-series", maxSeries, "a positive number");
        }
        if (idleTimeout.toMillis() < 1) {
            throw new InvalidConfigException("driftwatch.idle-timeout", idleTimeout, "a positive duration");
        }
        if (maxWindowLead.isNegative()) {
            throw new InvalidConfigException(
                    "driftwatch.events.max-window-lead", maxWindowLead, "a duration of at least 0s");
        }
        this.monitors = List.copyOf(monitors);
        this.featureDefinitions = featureDefinitions;
        Map<String, FieldPattern> byName = new TreeMap<>();
        patterns.forEach(p -> byName.put(p.name(), p));
        this.patterns = java.util.Collections.unmodifiableMap(byName);
        this.maxSeries = maxSeries;
        this.clock = clock;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.maxLeadMillis = maxWindowLead.toMillis();
        if (evictAfter.isNegative()) {
            throw new InvalidConfigException("driftwatch.evict-after", evictAfter, "a duration of at least 0s");
        }
        this.evictAfterMillis = evictAfter.toMillis();
    }

    /** Every monitor: the configured ones ordered by name, then the features added at run time in their order. */
    public List<Monitor> monitors() {
        return monitors;
    }

    /**
     * Adds feature {@code member} of {@code pattern} as a monitor with {@code reference} (a training file uploaded at
     * run time named it), unless it exists; then tells the listeners ({@link #onNewMonitor}), outside the lock.
     *
     * @return the feature's monitor
     * @throws IllegalArgumentException when {@code member} is not a feature name the pattern accepts
     */
    public Monitor addFeature(FieldPattern pattern, String member, Kind kind, VersionedReference reference) {
        Monitor added;
        synchronized (this) {
            Optional<Monitor> existing = monitor(pattern.monitorName(member));
            if (existing.isPresent()) {
                return existing.get();
            }
            pattern.problem(member).ifPresent(p -> {
                throw new IllegalArgumentException("feature \"" + member + "\" of " + pattern.name() + ": " + p);
            });
            added = new Monitor(featureDefinitions.define(pattern, member, kind), reference, Map.of());
            List<Monitor> next = new java.util.ArrayList<>(monitors);
            next.add(added);
            monitors = List.copyOf(next);
        }
        monitorListeners.forEach(l -> l.accept(added));
        return added;
    }

    /** Called for every monitor added at run time ({@link #addFeature}). */
    public void onNewMonitor(Consumer<Monitor> listener) {
        monitorListeners.add(listener);
    }

    /** The field pattern called {@code name} ({@code driftwatch.monitors.<name>.fields}). */
    public Optional<FieldPattern> pattern(String name) {
        return Optional.ofNullable(patterns.get(name));
    }

    /** The field patterns, by name. */
    public Map<String, FieldPattern> patterns() {
        return patterns;
    }

    /** The feature monitors of {@code pattern}, by member name. */
    public Map<String, Monitor> members(FieldPattern pattern) {
        Map<String, Monitor> members = new TreeMap<>();
        String prefix = pattern.name() + ".";
        for (Monitor m : monitors) {
            if (m.name().startsWith(prefix)) {
                members.put(m.name().substring(prefix.length()), m);
            }
        }
        return members;
    }

    /** The monitor called {@code name}. */
    public Optional<Monitor> monitor(String name) {
        return monitors.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Called after a series' reference changed (not for {@link Series.ReferenceChange#UNCHANGED}). */
    public void onReferenceChange(BiConsumer<Series, Series.ReferenceChange> listener) {
        referenceListeners.add(listener);
    }

    /** Called for every new series (and at once for the existing ones), e.g. to register its gauges. */
    public void onNewSeries(Consumer<Series> listener) {
        listeners.add(listener);
        forEachSeries(listener);
    }

    /**
     * Sets (or with {@code reference == null} removes) the run-time reference of one model of {@code monitor}, or with
     * an empty {@code model} its default, applies it to every series it now governs, then tells the listeners.
     *
     * @return what happened to each affected series' window, by model
     */
    public Map<String, Series.ReferenceChange> setReference(
            Monitor monitor, Optional<String> model, VersionedReference reference) {
        Map<Series, Series.ReferenceChange> changes = monitor.setReference(model, reference);
        Map<String, Series.ReferenceChange> byModel = new TreeMap<>();
        changes.forEach((s, change) -> {
            byModel.put(s.model(), change);
            if (change != Series.ReferenceChange.UNCHANGED) {
                referenceListeners.forEach(l -> l.accept(s, change));
            }
        });
        return byModel;
    }

    /** Why a series left this process. */
    public enum Removal {
        /** It received no event for {@code driftwatch.evict-after} ({@link #evictIdleSeries}). */
        EVICTED,
        /** Its pane-topic partition went to another instance ({@link #release}): the series lives on there. */
        HANDED_OVER
    }

    /**
     * Called for every series removed ({@link #evictIdleSeries}, {@link #release}), outside every lock, with the
     * reason.
     */
    public void onSeriesRemoved(BiConsumer<Series, Removal> listener) {
        removalListeners.add(listener);
    }

    /**
     * Removes series this process no longer owns (their pane-topic partition was revoked): their state, metrics and
     * alerts are now another instance's. Call on the thread that adds pane deltas, between batches.
     *
     * @return how many were removed
     */
    public int release(Iterable<Series> handedOver) {
        int removed = 0;
        for (Series s : handedOver) {
            for (Monitor m : monitors) {
                if (m.definition() == s.monitor() && m.remove(s)) {
                    seriesCount.decrementAndGet();
                    removed++;
                    removalListeners.forEach(l -> l.accept(s, Removal.HANDED_OVER));
                }
            }
        }
        return removed;
    }

    /** {@code driftwatch.max-series}: the most series this process holds. */
    public int maxSeries() {
        return maxSeries;
    }

    /** {@code driftwatch.evict-after} in milliseconds (0: never). */
    public long evictAfterMillis() {
        return evictAfterMillis;
    }

    /**
     * Removes the series that received no event for {@code driftwatch.evict-after}, at most every 10 s; returns how many.
     * Call on the thread that adds pane deltas and creates series (the owner's polling thread), between polls, so no
     * delta is ever added to a removed series. A model that sends again gets a new series.
     */
    public int evictIdleSeries() {
        long now = clock.millis();
        if (evictAfterMillis <= 0 || now - lastEvictionMillis < 10_000) {
            return 0;
        }
        lastEvictionMillis = now;
        int removed = 0;
        for (Monitor m : monitors) {
            for (Series s : m.evictIdle(now, evictAfterMillis)) {
                seriesCount.decrementAndGet();
                removed++;
                removalListeners.forEach(l -> l.accept(s, Removal.EVICTED));
            }
        }
        return removed;
    }

    /**
     * The series of {@code monitor} for {@code model}, created if needed.
     *
     * @return {@code null} if it does not exist and the series limit is reached
     */
    public Series seriesFor(Monitor monitor, String model) {
        Series s = monitor.seriesOrNull(model);
        if (s != null) {
            return s;
        }
        boolean[] created = {false};
        s = monitor.seriesOrCreate(model, () -> created[0] = reserve(), clock, idleTimeoutMillis, maxLeadMillis);
        if (created[0]) {
            Series fresh = s;
            listeners.forEach(l -> l.accept(fresh));
        }
        return s;
    }

    private boolean reserve() {
        while (true) {
            int n = seriesCount.get();
            if (n >= maxSeries) {
                return false;
            }
            if (seriesCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** The level {@code monitor}'s alert rule decides at now: its budget split over the current series, per pane. */
    public double alertLevel(MonitorDefinition monitor) {
        return monitor.alertRule().alphaPerEvaluation(monitor.paneMillis(), seriesCount());
    }

    /** The false alarms a day all series together raise at most, in expectation ({@link io.driftwatch.core.alert.AlertRule#falseAlarmsPerDay}). */
    public double fleetFalseAlarmsPerDay() {
        int series = seriesCount();
        double[] sum = {0};
        forEachSeries(s ->
                sum[0] += s.monitor().alertRule().falseAlarmsPerDay(s.monitor().paneMillis(), series));
        return sum[0];
    }

    public int seriesCount() {
        return seriesCount.get();
    }

    /** Every series this instance holds, whole or not (bookkeeping: eviction, counts). */
    public void forEachSeries(Consumer<Series> action) {
        for (Monitor m : monitors) {
            m.series().forEach(action);
        }
    }

    /**
     * Every series whose window is whole here now ({@link Wholeness}): what is exported, scored, shown and evaluated.
     */
    public void forEachWholeSeries(Consumer<Series> action) {
        Wholeness w = wholeness;
        for (Monitor m : monitors) {
            for (Series s : m.series()) {
                if (w.whole(s)) {
                    action.accept(s);
                }
            }
        }
    }

    /** Whether {@code series}' window is whole here now. */
    public boolean whole(Series series) {
        return wholeness.whole(series);
    }

    /** Decides which series are whole (stage 2 installs it; until then every series is). */
    public void wholeness(Wholeness rule) {
        this.wholeness = rule;
    }
}

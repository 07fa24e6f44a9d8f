package io.driftwatch.monitor;

import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.VersionedReference;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * One monitor: its {@link MonitorDefinition}, its references (configured, and set at run time) and its series, one per
 * model.
 *
 * <p>Reference precedence is decided here and nowhere else ({@link #referenceFor}): the reference of model {@code m}
 * is the first of: set at run time for {@code m}; configured for {@code m}; set at run time as the monitor default;
 * configured as the monitor default.
 *
 * <p>Thread-safety: series are looked up without locking (a concurrent map). Creating a series and changing a reference
 * take this object's lock, so a series created during a change gets the new reference, never the old one.
 */
public final class Monitor {

    private final MonitorDefinition definition;
    private final VersionedReference configuredDefault;
    private final Map<String, VersionedReference> configuredModels;
    private final Map<String, VersionedReference> runtimeModels = new HashMap<>();
    private VersionedReference runtimeDefault;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    /** Where the reference a model is scored against comes from. */
    public enum Scope {
        /** The model's own reference. */
        MODEL,
        /** The monitor's default reference. */
        MONITOR
    }

    /**
     * The reference a model is (or would be) scored against, and where it comes from.
     *
     * @param reference the reference
     * @param scope whether it is the model's own or the monitor default
     * @param runtime whether it was set at run time (REST, reference topic) rather than configured
     */
    public record ReferenceChoice(VersionedReference reference, Scope scope, boolean runtime) {}

    /**
     * @param configuredDefault the configured default reference
     * @param configuredModels configured per-model references
     */
    public Monitor(
            MonitorDefinition definition,
            VersionedReference configuredDefault,
            Map<String, VersionedReference> configuredModels) {
        this.definition = definition;
        this.configuredDefault = configuredDefault;
        this.configuredModels = Map.copyOf(configuredModels);
    }

    /** A monitor whose configured references have the source {@code config} (tests, tools). */
    public static Monitor configured(MonitorDefinition definition, Reference reference, Map<String, Reference> models) {
        Map<String, VersionedReference> versioned = new HashMap<>();
        models.forEach((m, r) -> versioned.put(m, VersionedReference.of(r, "config", Instant.EPOCH)));
        return new Monitor(definition, VersionedReference.of(reference, "config", Instant.EPOCH), versioned);
    }

    public MonitorDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    /** The reference {@code model} is (or would be) scored against, with its scope. */
    public synchronized ReferenceChoice referenceFor(String model) {
        VersionedReference own = runtimeModels.get(model);
        if (own != null) {
            return new ReferenceChoice(own, Scope.MODEL, true);
        }
        own = configuredModels.get(model);
        if (own != null) {
            return new ReferenceChoice(own, Scope.MODEL, false);
        }
        return defaultReference();
    }

    /** The monitor's default reference: set at run time, else configured. */
    public synchronized ReferenceChoice defaultReference() {
        return runtimeDefault != null
                ? new ReferenceChoice(runtimeDefault, Scope.MONITOR, true)
                : new ReferenceChoice(configuredDefault, Scope.MONITOR, false);
    }

    /**
     * Sets (or with {@code reference == null} removes) the run-time reference of one model, or with an empty
     * {@code model} the monitor's default, and applies it at once to every series it now governs. Call through
     * {@link MonitorRegistry#setReference}, which tells the listeners.
     *
     * @return what happened to each affected series' window, by series
     */
    synchronized Map<Series, Series.ReferenceChange> setReference(
            Optional<String> model, VersionedReference reference) {
        if (model.isPresent()) {
            if (reference == null) {
                runtimeModels.remove(model.get());
            } else {
                runtimeModels.put(model.get(), reference);
            }
        } else {
            runtimeDefault = reference;
        }
        Map<Series, Series.ReferenceChange> changes = new LinkedHashMap<>();
        for (Series s : series.values()) {
            if (model.isEmpty() || model.get().equals(s.model())) {
                changes.put(s, s.setReference(referenceFor(s.model()).reference()));
            }
        }
        return changes;
    }

    /** The series of {@code model}, or {@code null} (allocation-free: the ingest hot path). */
    public Series seriesOrNull(String model) {
        return series.get(model);
    }

    /** The series of {@code model}, if this monitor has seen the model. */
    public Optional<Series> series(String model) {
        return Optional.ofNullable(series.get(model));
    }

    /** Every series of this monitor (a live view). */
    public Collection<Series> series() {
        return series.values();
    }

    /**
     * Removes the series that received no event for {@code idleMillis} (wall clock) and returns them.
     */
    synchronized List<Series> evictIdle(long nowMillis, long idleMillis) {
        List<Series> removed = new ArrayList<>();
        for (var it = series.values().iterator(); it.hasNext(); ) {
            Series s = it.next();
            long last = s.lastEventWallMillis();
            if (last != Long.MIN_VALUE && nowMillis - last >= idleMillis) {
                it.remove();
                s.markRemoved();
                removed.add(s);
            }
        }
        return removed;
    }

    /** Removes {@code s} if it is still this monitor's series of its model; returns whether it was. */
    synchronized boolean remove(Series s) {
        if (!series.remove(s.model(), s)) {
            return false;
        }
        s.markRemoved();
        return true;
    }

    /**
     * The series of {@code model}, created with the reference now in force if it does not exist and
     * {@code reserve} grants room for it.
     *
     * @return the series, or {@code null} if it did not exist and {@code reserve} refused
     */
    synchronized Series seriesOrCreate(
            String model, BooleanSupplier reserve, InstantSource clock, long idleTimeoutMillis, long maxLeadMillis) {
        Series s = series.get(model);
        if (s != null || !reserve.getAsBoolean()) {
            return s;
        }
        s = new Series(definition, model, referenceFor(model).reference(), clock, idleTimeoutMillis, maxLeadMillis);
        series.put(model, s);
        return s;
    }
}

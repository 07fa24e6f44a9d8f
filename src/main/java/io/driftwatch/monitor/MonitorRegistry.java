package io.driftwatch.monitor;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.reference.ReferenceParser;
import io.driftwatch.reference.VersionedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Owns the monitors and their series (monitor x model). Monitors come from configuration and are validated once;
 * series are created on the first event of a model, up to {@code driftwatch.max-series}.
 *
 * <p>References: every monitor has a default reference and may have per-model ones, from configuration; references set
 * at run time ({@link #setReference}, from the REST API via the reference topic) take precedence. The reference of
 * model {@code m} is the first of: set for {@code m}; configured for {@code m}; set as the monitor default; configured
 * as the monitor default.
 *
 * <p>Thread-safe: series are created by the ingest thread and read concurrently by metrics and the API; series creation
 * and reference changes are serialized so that a new series never misses a reference change.
 */
public final class MonitorRegistry {

    private final List<MonitorDefinition> monitors;
    private final List<Map<String, Series>> series;
    private final int maxSeries;
    private final InstantSource clock;
    private final long idleTimeoutMillis;
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final List<Consumer<Series>> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Series, Series.ReferenceChange>> referenceListeners = new CopyOnWriteArrayList<>();
    private final List<VersionedReference> configDefaults = new ArrayList<>();
    private final List<Map<String, VersionedReference>> configModels = new ArrayList<>();
    private final List<VersionedReference> setDefaults = new ArrayList<>();
    private final List<Map<String, VersionedReference>> setModels = new ArrayList<>();

    /** A registry whose configured references have the source {@code config}. */
    public MonitorRegistry(List<MonitorDefinition> monitors, int maxSeries, InstantSource clock, Duration idleTimeout) {
        this(monitors, Map.of(), maxSeries, clock, idleTimeout);
    }

    /**
     * @param sources where each configured reference came from, by reference ({@code config:<path>} and the file's
     *     modification time); references not in it get the source {@code config}
     */
    MonitorRegistry(
            List<MonitorDefinition> monitors,
            Map<Reference, VersionedReference> sources,
            int maxSeries,
            InstantSource clock,
            Duration idleTimeout) {
        this.monitors = List.copyOf(monitors);
        for (MonitorDefinition m : monitors) {
            configDefaults.add(sources.getOrDefault(m.reference(), configured(m.reference())));
            Map<String, VersionedReference> models = new HashMap<>();
            m.modelReferences().forEach((model, r) -> models.put(model, sources.getOrDefault(r, configured(r))));
            configModels.add(models);
            setDefaults.add(null);
            setModels.add(new HashMap<>());
        }
        this.maxSeries = maxSeries;
        this.clock = clock;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.series = new ArrayList<>();
        for (int i = 0; i < monitors.size(); i++) {
            series.add(new ConcurrentHashMap<>());
        }
    }

    /**
     * Validates the configured monitors and loads their references.
     *
     * @throws InvalidConfigException naming the key and value of the first problem found
     */
    public static MonitorRegistry fromConfig(DriftwatchConfig config, InstantSource clock) {
        List<MonitorDefinition> definitions = new ArrayList<>();
        Map<Reference, VersionedReference> sources = new HashMap<>();
        // sorted by name so that slots and logs are stable
        for (var entry : new TreeMap<>(config.monitors()).entrySet()) {
            MonitorDefinition d = definition(entry.getKey(), entry.getValue(), config.alpha());
            definitions.add(d);
            sources.put(d.reference(), fromFile(d.reference(), entry.getValue().reference()));
            entry.getValue()
                    .models()
                    .forEach((model, o) -> sources.put(
                            d.modelReferences().get(model),
                            fromFile(d.modelReferences().get(model), o.reference())));
        }
        if (config.maxSeries() < 1) {
            throw new InvalidConfigException("driftwatch.max-series", config.maxSeries(), "a positive number");
        }
        if (config.idleTimeout().toMillis() < 1) {
            throw new InvalidConfigException("driftwatch.idle-timeout", config.idleTimeout(), "a positive duration");
        }
        return new MonitorRegistry(definitions, sources, config.maxSeries(), clock, config.idleTimeout());
    }

    private static VersionedReference configured(Reference r) {
        return VersionedReference.of(r, "config", Instant.EPOCH);
    }

    private static VersionedReference fromFile(Reference r, String path) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(Path.of(path)).toInstant();
        } catch (IOException e) {
            modified = Instant.EPOCH;
        }
        return VersionedReference.of(r, "config:" + path, modified);
    }

    static MonitorDefinition definition(String name, DriftwatchConfig.Monitor m, double alpha) {
        String key = "driftwatch.monitors." + name + ".";
        if (!m.field().startsWith("/")) {
            throw new InvalidConfigException(key + "field", m.field(), "a JSON Pointer such as /score or /features/x");
        }
        Duration pane = m.pane();
        Duration window = m.window();
        if (pane.toMillis() < 1) {
            throw new InvalidConfigException(key + "pane", pane, "a duration of at least 1ms");
        }
        if (window.toMillis() < pane.toMillis() || window.toMillis() % pane.toMillis() != 0) {
            throw new InvalidConfigException(
                    key + "window", window, "a whole multiple of " + key + "pane (" + pane + ")");
        }
        long paneCount = window.toMillis() / pane.toMillis();
        if (paneCount > 10_000) {
            throw new InvalidConfigException(
                    key + "window", window, "at most 10000 panes of " + key + "pane (" + pane + ")");
        }
        if (m.bins() < 1 || m.bins() > 1000) {
            throw new InvalidConfigException(key + "bins", m.bins(), "a number from 1 to 1000");
        }
        if (m.minSamples() < 1) {
            throw new InvalidConfigException(key + "min-samples", m.minSamples(), "a positive number");
        }
        if (!(m.pseudoCount() >= 0) || Double.isInfinite(m.pseudoCount())) {
            throw new InvalidConfigException(key + "pseudo-count", m.pseudoCount(), "a finite number >= 0");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidConfigException("driftwatch.alpha", alpha, "a probability between 0 and 1");
        }
        Reference reference = readReference(key + "reference", m.reference(), m);
        Map<String, Reference> modelReferences = new TreeMap<>();
        for (var override : m.models().entrySet()) {
            String overrideKey = key + "models." + override.getKey() + ".reference";
            modelReferences.put(
                    override.getKey(),
                    readReference(overrideKey, override.getValue().reference(), m));
        }
        return new MonitorDefinition(
                name,
                m.field(),
                reference,
                modelReferences,
                pane.toMillis(),
                (int) paneCount,
                m.model(),
                m.optional(),
                new DriftAnalyzer(m.pseudoCount(), m.minSamples(), alpha));
    }

    private static Reference readReference(String key, String path, DriftwatchConfig.Monitor m) {
        try {
            return ReferenceParser.readFile(Path.of(path), m.kind(), m.bins());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, path, "a valid reference: " + e.getMessage());
        }
    }

    public List<MonitorDefinition> monitors() {
        return monitors;
    }

    /** Index of the monitor called {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < monitors.size(); i++) {
            if (monitors.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Called after a series' reference changed (not for {@link Series.ReferenceChange#UNCHANGED}). */
    public void onReferenceChange(BiConsumer<Series, Series.ReferenceChange> listener) {
        referenceListeners.add(listener);
    }

    /** The configured reference of {@code model} (or, with an empty model, the monitor default). */
    public Optional<VersionedReference> configuredReference(int index, Optional<String> model) {
        return model.isPresent()
                ? Optional.ofNullable(configModels.get(index).get(model.get()))
                : Optional.of(configDefaults.get(index));
    }

    /** The monitor's default reference: set at run time, else configured. */
    public synchronized VersionedReference defaultReference(int index) {
        VersionedReference r = setDefaults.get(index);
        return r != null ? r : configDefaults.get(index);
    }

    /** The reference model {@code model} of monitor {@code index} is (or would be) scored against. */
    public synchronized VersionedReference effectiveReference(int index, String model) {
        VersionedReference r = setModels.get(index).get(model);
        if (r == null) {
            r = configModels.get(index).get(model);
        }
        return r != null ? r : defaultReference(index);
    }

    /** The reference set at run time for {@code model} (or, with an empty model, as the monitor default). */
    public synchronized Optional<VersionedReference> runtimeReference(int index, Optional<String> model) {
        return Optional.ofNullable(model.isPresent() ? setModels.get(index).get(model.get()) : setDefaults.get(index));
    }

    /**
     * Sets (or with {@code reference == null} removes) the run-time reference of one model, or with an empty
     * {@code model} the monitor's default, and applies it at once to every series it now governs.
     *
     * @return what happened to each affected series' window
     */
    public synchronized Map<String, Series.ReferenceChange> setReference(
            int index, Optional<String> model, VersionedReference reference) {
        if (model.isPresent()) {
            if (reference == null) {
                setModels.get(index).remove(model.get());
            } else {
                setModels.get(index).put(model.get(), reference);
            }
        } else {
            setDefaults.set(index, reference);
        }
        Map<String, Series.ReferenceChange> changes = new TreeMap<>();
        for (Series s : series.get(index).values()) {
            if (model.isPresent() && !model.get().equals(s.model())) {
                continue;
            }
            Series.ReferenceChange change = s.setReference(effectiveReference(index, s.model()));
            changes.put(s.model(), change);
            if (change != Series.ReferenceChange.UNCHANGED) {
                referenceListeners.forEach(l -> l.accept(s, change));
            }
        }
        return changes;
    }

    /** Called (on the ingest thread) for every new series, e.g. to register its gauges. */
    public void onNewSeries(Consumer<Series> listener) {
        listeners.add(listener);
        forEachSeries(listener);
    }

    /** Whether {@code count} more series fit under {@code driftwatch.max-series}. */
    public boolean hasRoomFor(int count) {
        return seriesCount.get() + count <= maxSeries;
    }

    /**
     * The series of monitor {@code index} for {@code model}, created if needed.
     *
     * @return {@code null} if it does not exist and the series limit is reached
     */
    public Series seriesFor(int index, String model) {
        Map<String, Series> byModel = series.get(index);
        Series s = byModel.get(model);
        if (s != null) {
            return s;
        }
        Series created;
        synchronized (this) {
            s = byModel.get(model);
            if (s != null) {
                return s;
            }
            if (seriesCount.get() >= maxSeries) {
                return null;
            }
            created =
                    new Series(monitors.get(index), model, effectiveReference(index, model), clock, idleTimeoutMillis);
            byModel.put(model, created);
            seriesCount.incrementAndGet();
        }
        listeners.forEach(l -> l.accept(created));
        return created;
    }

    /** The series of monitor {@code index} for {@code model}, or {@code null}. */
    public Series existingSeries(int index, String model) {
        return series.get(index).get(model);
    }

    public int seriesCount() {
        return seriesCount.get();
    }

    public void forEachSeries(Consumer<Series> action) {
        for (Map<String, Series> byModel : series) {
            byModel.values().forEach(action);
        }
    }

    /** All series of one monitor. */
    public Collection<Series> seriesOf(int index) {
        return series.get(index).values();
    }
}

package io.driftwatch.monitor;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.reference.ReferenceParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Owns the monitors and their series (monitor x model). Monitors come from configuration and are validated once;
 * series are created on the first event of a model, up to {@code driftwatch.max-series}.
 *
 * <p>Thread-safe: series are created by the ingest thread and read concurrently by metrics and the API.
 */
public final class MonitorRegistry {

    private final List<MonitorDefinition> monitors;
    private final List<Map<String, Series>> series;
    private final int maxSeries;
    private final InstantSource clock;
    private final long idleTimeoutMillis;
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final List<Consumer<Series>> listeners = new CopyOnWriteArrayList<>();

    public MonitorRegistry(List<MonitorDefinition> monitors, int maxSeries, InstantSource clock, Duration idleTimeout) {
        this.monitors = List.copyOf(monitors);
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
        // sorted by name so that slots and logs are stable
        for (var entry : new TreeMap<>(config.monitors()).entrySet()) {
            definitions.add(definition(entry.getKey(), entry.getValue(), config.alpha()));
        }
        if (config.maxSeries() < 1) {
            throw new InvalidConfigException("driftwatch.max-series", config.maxSeries(), "a positive number");
        }
        if (config.idleTimeout().toMillis() < 1) {
            throw new InvalidConfigException("driftwatch.idle-timeout", config.idleTimeout(), "a positive duration");
        }
        return new MonitorRegistry(definitions, config.maxSeries(), clock, config.idleTimeout());
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
        if (seriesCount.get() >= maxSeries) {
            return null;
        }
        MonitorDefinition monitor = monitors.get(index);
        Series created = new Series(monitor, model, monitor.referenceFor(model), clock, idleTimeoutMillis);
        Series previous = byModel.putIfAbsent(model, created);
        if (previous != null) {
            return previous;
        }
        seriesCount.incrementAndGet();
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

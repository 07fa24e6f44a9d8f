package io.driftwatch.monitor;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.config.MonitorConfig;
import io.driftwatch.config.MonitorDefaults;
import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Validates the configured monitors and builds them, with their reference files loaded by a {@link ReferenceLoader}. */
public final class MonitorFactory {

    /** Most panes a window may have (memory is panes x bins per series). */
    static final long MAX_PANES = 10_000;

    private MonitorFactory() {}

    /**
     * The registry of the configured monitors.
     *
     * @throws InvalidConfigException naming the key and value of the first problem found
     */
    public static MonitorRegistry registry(DriftwatchConfig config, InstantSource clock, ReferenceLoader loader) {
        ReferenceLimits limits = limits(config);
        List<Monitor> monitors = new ArrayList<>();
        // sorted by name so that logs and listings are stable
        for (var entry : new TreeMap<>(config.monitors()).entrySet()) {
            monitors.add(monitor(config, entry.getKey(), loader, limits));
        }
        return new MonitorRegistry(
                monitors,
                config.maxSeries(),
                clock,
                config.idleTimeout(),
                config.events().maxWindowLead(),
                config.evictAfter());
    }

    /**
     * The configured reference limits.
     *
     * @throws InvalidConfigException naming the key when a limit is out of range
     */
    public static ReferenceLimits limits(DriftwatchConfig config) {
        int maxBins = config.references().maxBins();
        int maxCategories = config.references().maxCategories();
        String range = "a number from 1 to " + ReferenceLimits.CEILING;
        if (maxBins < 1 || maxBins > ReferenceLimits.CEILING) {
            throw new InvalidConfigException(ReferenceLimits.MAX_BINS_KEY, maxBins, range);
        }
        if (maxCategories < 1 || maxCategories > ReferenceLimits.CEILING) {
            throw new InvalidConfigException(ReferenceLimits.MAX_CATEGORIES_KEY, maxCategories, range);
        }
        return new ReferenceLimits(maxBins, maxCategories);
    }

    static Monitor monitor(DriftwatchConfig config, String name, ReferenceLoader loader, ReferenceLimits limits) {
        MonitorConfig m = config.monitors().get(name);
        String key = "driftwatch.monitors." + name + ".";
        if (!m.field().startsWith("/")) {
            throw new InvalidConfigException(key + "field", m.field(), "a JSON Pointer such as /score or /features/x");
        }
        MonitorDefaults d = config.monitorDefaults();
        String defaults = "driftwatch.monitor-defaults.";
        Duration pane = m.pane().orElse(d.pane());
        Duration window = m.window().orElse(d.window());
        int bins = m.bins().orElse(d.bins());
        long minSamples = m.minSamples().orElse(d.minSamples());
        double pseudoCount = m.pseudoCount().orElse(d.pseudoCount());
        // an error names the key the value came from: the monitor's own, or the default for all monitors
        String paneKey = (m.pane().isPresent() ? key : defaults) + "pane";
        String windowKey = (m.window().isPresent() ? key : defaults) + "window";
        if (pane.toMillis() < 1) {
            throw new InvalidConfigException(paneKey, pane, "a duration of at least 1ms");
        }
        if (window.toMillis() < pane.toMillis() || window.toMillis() % pane.toMillis() != 0) {
            throw new InvalidConfigException(windowKey, window, "a whole multiple of " + paneKey + " (" + pane + ")");
        }
        long paneCount = window.toMillis() / pane.toMillis();
        if (paneCount > MAX_PANES) {
            throw new InvalidConfigException(
                    windowKey, window, "at most " + MAX_PANES + " panes of " + paneKey + " (" + pane + ")");
        }
        if (bins < 1 || bins > limits.maxBins()) {
            throw new InvalidConfigException(
                    (m.bins().isPresent() ? key : defaults) + "bins",
                    bins,
                    "a number from 1 to " + limits.maxBins() + " (" + ReferenceLimits.MAX_BINS_KEY + ")");
        }
        if (minSamples < 1) {
            throw new InvalidConfigException(
                    (m.minSamples().isPresent() ? key : defaults) + "min-samples", minSamples, "a positive number");
        }
        if (!(pseudoCount >= 0) || Double.isInfinite(pseudoCount)) {
            throw new InvalidConfigException(
                    (m.pseudoCount().isPresent() ? key : defaults) + "pseudo-count",
                    pseudoCount,
                    "a finite number >= 0");
        }
        double alpha = config.alpha();
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidConfigException("driftwatch.alpha", alpha, "a probability between 0 and 1");
        }
        MonitorDefinition definition = new MonitorDefinition(
                name,
                m.field(),
                m.kind(),
                bins,
                pane.toMillis(),
                (int) paneCount,
                m.model(),
                m.optional(),
                new DriftAnalyzer(pseudoCount, minSamples, alpha),
                AlertRules.forMonitor(config, name, minSamples));
        VersionedReference reference = load(loader, key + "reference", m.reference(), definition, limits);
        Map<String, VersionedReference> models = new TreeMap<>();
        for (var override : m.models().entrySet()) {
            String overrideKey = key + "models." + override.getKey() + ".reference";
            models.put(
                    override.getKey(),
                    load(loader, overrideKey, override.getValue().reference(), definition, limits));
        }
        return new Monitor(definition, reference, models);
    }

    /** The last reference token of a JSON Pointer, unescaped: {@code amount} for {@code /features/amount}. */
    static String lastToken(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1)
                .replace("~1", "/")
                .replace("~0", "~");
    }

    private static VersionedReference load(
            ReferenceLoader loader, String key, String path, MonitorDefinition d, ReferenceLimits limits) {
        try {
            return loader.load(path, d.kind(), d.quantileBins(), limits, lastToken(d.field()));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, path, "a valid reference: " + e.getMessage());
        }
    }
}

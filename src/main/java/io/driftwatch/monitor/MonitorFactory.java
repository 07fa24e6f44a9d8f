package io.driftwatch.monitor;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.config.MonitorConfig;
import io.driftwatch.config.MonitorDefaults;
import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.Kind;
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
     * The registry of the configured monitors; a field pattern ({@code fields=/features/*}) becomes one monitor per
     * feature of its training file.
     *
     * @throws InvalidConfigException naming the key and value of the first problem found
     */
    public static MonitorRegistry registry(
            DriftwatchConfig config, InstantSource clock, ReferenceLoader loader, TrainingLoader training) {
        ReferenceLimits limits = limits(config);
        MonitorRegistry.FeatureDefinitions features = (pattern, member, kind) ->
                definition(config, pattern.monitorName(member), pattern.name(), pattern.field(member), kind, limits);
        // a feature is named <pattern>.<member>: no configured monitor may be, so no name is ever defined twice
        for (var entry : config.monitors().entrySet()) {
            if (entry.getValue().fields().isPresent()) {
                for (String name : config.monitors().keySet()) {
                    if (name.startsWith(entry.getKey() + ".")) {
                        throw new InvalidConfigException(
                                "driftwatch.monitors." + name,
                                name,
                                "a name outside " + entry.getKey() + ".*, which the features of the pattern "
                                        + entry.getKey() + " use");
                    }
                }
            }
        }
        Map<String, Monitor> monitors = new TreeMap<>(); // sorted by name so that logs and listings are stable
        List<FieldPattern> patterns = new ArrayList<>();
        for (var entry : new TreeMap<>(config.monitors()).entrySet()) {
            String name = entry.getKey();
            if (entry.getValue().fields().isPresent()) {
                FieldPattern pattern = pattern(config, name);
                patterns.add(pattern);
                members(config, pattern, training, features, limits).forEach(m -> monitors.put(m.name(), m));
            } else {
                monitors.put(name, monitor(config, name, loader, limits));
            }
        }
        return new MonitorRegistry(
                List.copyOf(monitors.values()),
                patterns,
                features,
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
        String field = m.field()
                .orElseThrow(() -> new InvalidConfigException(
                        key + "field",
                        "(not set)",
                        "a JSON Pointer such as /score, or fields=/features/* for a pattern"));
        if (!field.startsWith("/")) {
            throw new InvalidConfigException(key + "field", field, "a JSON Pointer such as /score or /features/x");
        }
        if (!m.kinds().isEmpty() || m.include().isPresent() || m.exclude().isPresent()) {
            throw new InvalidConfigException(
                    key + (!m.kinds().isEmpty() ? "kinds" : m.include().isPresent() ? "include" : "exclude"),
                    "(set)",
                    "unset: kinds, include and exclude belong to a pattern (" + key + "fields=/features/*)");
        }
        Kind kind = m.kind()
                .orElseThrow(() -> new InvalidConfigException(key + "kind", "(not set)", "numeric or categorical"));
        String path = m.reference()
                .orElseThrow(() ->
                        new InvalidConfigException(key + "reference", "(not set)", "the path of a reference file"));
        MonitorDefinition definition = definition(config, name, name, field, kind, limits);
        VersionedReference reference = load(loader, key + "reference", path, definition, limits);
        Map<String, VersionedReference> models = new TreeMap<>();
        for (var override : m.models().entrySet()) {
            String overrideKey = key + "models." + override.getKey() + ".reference";
            models.put(
                    override.getKey(),
                    load(loader, overrideKey, override.getValue().reference(), definition, limits));
        }
        return new Monitor(definition, reference, models);
    }

    /** The pattern of monitor {@code name} ({@code fields} set). */
    static FieldPattern pattern(DriftwatchConfig config, String name) {
        MonitorConfig m = config.monitors().get(name);
        String key = "driftwatch.monitors." + name + ".";
        String fields = m.fields().orElseThrow();
        if (m.field().isPresent()) {
            throw new InvalidConfigException(
                    key + "field", m.field().get(), "unset: this monitor has fields=" + fields);
        }
        if (!fields.startsWith("/") || !fields.endsWith("/*") || fields.length() < 3) {
            throw new InvalidConfigException(
                    key + "fields", fields, "a JSON Pointer to an object followed by /*, such as /features/*");
        }
        if (m.kind().isPresent()) {
            throw new InvalidConfigException(
                    key + "kind",
                    m.kind().get(),
                    "unset: a pattern's kinds are per member (" + key + "kinds.<member>)");
        }
        if (!m.models().isEmpty()) {
            throw new InvalidConfigException(
                    key + "models",
                    m.models().keySet(),
                    "unset: a model's own training file is uploaded (PUT /api/monitors/" + name
                            + "/models/<model>/reference)");
        }
        if (name.contains(".")) {
            throw new InvalidConfigException(
                    "driftwatch.monitors." + name, name, "a name without '.' (features are named <name>.<member>)");
        }
        return new FieldPattern(
                name,
                fields.substring(0, fields.length() - 2),
                m.include().map(java.util.Set::copyOf).orElse(java.util.Set.of()),
                m.exclude().map(java.util.Set::copyOf).orElse(java.util.Set.of()),
                m.kinds(),
                m.bins().orElse(config.monitorDefaults().bins()));
    }

    private static List<Monitor> members(
            DriftwatchConfig config,
            FieldPattern pattern,
            TrainingLoader training,
            MonitorRegistry.FeatureDefinitions features,
            ReferenceLimits limits) {
        MonitorConfig m = config.monitors().get(pattern.name());
        String key = "driftwatch.monitors." + pattern.name() + ".reference";
        // validates bins, panes and the rest once, for every member alike
        definition(config, pattern.name(), pattern.name(), pattern.pointer(), Kind.NUMERIC, limits);
        if (m.reference().isEmpty()) {
            return List.of(); // every feature waits for a training file uploaded at run time
        }
        String path = m.reference().get();
        Map<String, TrainingLoader.Member> trained;
        try {
            trained = training.load(path, pattern, pattern.quantileBins(), limits);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, path, "a valid training file: " + e.getMessage());
        }
        List<Monitor> members = new ArrayList<>();
        trained.forEach((member, t) ->
                members.add(new Monitor(features.define(pattern, member, t.kind()), t.reference(), Map.of())));
        return members;
    }

    /**
     * One monitor's definition from its configuration ({@code configName}'s keys, falling back to the defaults).
     *
     * @param name the monitor's name ({@code <pattern>.<member>} for a feature)
     */
    private static MonitorDefinition definition(
            DriftwatchConfig config, String name, String configName, String field, Kind kind, ReferenceLimits limits) {
        MonitorConfig m = config.monitors().get(configName);
        String key = "driftwatch.monitors." + configName + ".";
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
        return new MonitorDefinition(
                name,
                field,
                kind,
                bins,
                pane.toMillis(),
                (int) paneCount,
                m.model(),
                m.optional(),
                new DriftAnalyzer(pseudoCount, minSamples, alpha),
                AlertRules.forMonitor(config, configName, minSamples));
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

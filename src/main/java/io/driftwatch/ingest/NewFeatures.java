package io.driftwatch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.monitor.FieldPattern;
import io.driftwatch.monitor.MonitorRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Features in the events that have no monitor yet — state "no reference yet": the members of a field pattern's object
 * that its include / exclude lists let through but that no training file named. Stage 1 looks at one event in
 * {@link #SAMPLE_EVERY} per ingest thread (parsed a second time, as a tree); such a feature is listed, counted and
 * logged once, and never alerts, until a training file with it is uploaded and it becomes a monitor. At most
 * {@link #MAX_PER_PATTERN} per pattern are kept. Thread-safe.
 */
public final class NewFeatures {

    private static final Logger LOG = Logger.getLogger(NewFeatures.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event in this many is looked at, per ingest thread. */
    public static final int SAMPLE_EVERY = 256;

    /** Most features without a reference kept per pattern. */
    public static final int MAX_PER_PATTERN = 1_000;

    private final MonitorRegistry registry;
    private final Map<String, Map<String, Waiting>> byPattern = new TreeMap<>();

    /**
     * A feature seen in events with no reference yet.
     *
     * @param feature the member name
     * @param monitor the monitor it will be ({@code <pattern>.<member>})
     * @param firstSeenMillis when an event first carried it
     * @param sampledEvents sampled events that carried it
     * @param models models whose events carried it (at most 8 named)
     * @param types the JSON types its values had ({@code number}, {@code string}, ...)
     */
    public record Waiting(
            String feature,
            String monitor,
            long firstSeenMillis,
            long sampledEvents,
            Set<String> models,
            Set<String> types) {}

    NewFeatures(MonitorRegistry registry) {
        this.registry = registry;
    }

    /** Looks at one event's pattern objects (a sampled event of {@code model}, read at {@code nowMillis}). */
    void look(byte[] event, String model, long nowMillis) {
        Map<String, FieldPattern> patterns = registry.patterns();
        if (patterns.isEmpty()) {
            return;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(event);
        } catch (IOException e) {
            return; // the event was accepted by the parser; nothing to learn from a second look
        }
        for (FieldPattern p : patterns.values()) {
            JsonNode object = tree.at(p.pointer());
            if (!object.isObject()) {
                continue;
            }
            for (var it = object.fields(); it.hasNext(); ) {
                var member = it.next();
                String name = member.getKey();
                if (p.problem(name).isEmpty()
                        && registry.monitor(p.monitorName(name)).isEmpty()) {
                    seen(
                            p,
                            name,
                            model,
                            member.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                            nowMillis);
                }
            }
        }
    }

    private synchronized void seen(FieldPattern p, String member, String model, String type, long nowMillis) {
        Map<String, Waiting> waiting = byPattern.computeIfAbsent(p.name(), n -> new TreeMap<>());
        Waiting w = waiting.get(member);
        if (w == null) {
            if (waiting.size() >= MAX_PER_PATTERN) {
                return;
            }
            LOG.infof(
                    "feature %s appears in events of model %s but has no reference yet: not monitored until a training"
                            + " file with it is uploaded (PUT /api/monitors/%s/reference)",
                    p.monitorName(member), model, p.name());
            w = new Waiting(member, p.monitorName(member), nowMillis, 0, new TreeSet<>(), new TreeSet<>());
        }
        Set<String> models = new TreeSet<>(w.models());
        if (models.size() < 8) {
            models.add(model);
        }
        Set<String> types = new TreeSet<>(w.types());
        types.add(type);
        waiting.put(
                member, new Waiting(member, w.monitor(), w.firstSeenMillis(), w.sampledEvents() + 1, models, types));
    }

    /** The features of {@code pattern} seen in events with no reference yet (those that became monitors left). */
    public synchronized List<Waiting> waiting(String pattern) {
        Map<String, Waiting> waiting = byPattern.get(pattern);
        if (waiting == null) {
            return List.of();
        }
        waiting.values().removeIf(w -> registry.monitor(w.monitor()).isPresent());
        return new ArrayList<>(waiting.values());
    }
}

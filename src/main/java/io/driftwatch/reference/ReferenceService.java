package io.driftwatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The reference lifecycle: run-time references are written to the compacted reference topic ({@link ReferenceLog})
 * and applied to the {@link MonitorRegistry} when read back from it, by every instance, in log order. A REST change
 * returns once this instance applied it; a rejected or failed change changes nothing.
 *
 * <p>Records: key {@code {"monitor":m}} (the monitor default) or {@code {"monitor":m,"model":x}}; value
 * {@code {"monitor","model","version","source","createdAt","reference":<histogram document>}} (see
 * {@link ReferenceDocument}), or a tombstone to fall back.
 */
@ApplicationScoped
public class ReferenceService {

    private static final Logger LOG = Logger.getLogger(ReferenceService.class);

    private final DriftwatchConfig.References config;
    private final MonitorRegistry registry;
    private final InstantSource clock;
    private final ObjectMapper json;
    private final ReferenceLog log;
    private final AtomicLong appliedRecords = new AtomicLong();
    private final AtomicLong invalidRecords = new AtomicLong();
    private final Map<String, Map<String, Series.ReferenceChange>> recentChanges = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Series.ReferenceChange>> eldest) {
            return size() > 64;
        }
    };
    private boolean started;

    ReferenceService(
            DriftwatchConfig config,
            MonitorRegistry registry,
            InstantSource clock,
            ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config.references();
        this.registry = registry;
        this.clock = clock;
        this.json = json;
        this.log = this.config.enabled()
                ? new ReferenceLog(bootstrap, this.config.topic(), this.config.replicationFactor())
                : null;
    }

    /** The outcome of a change: the reference now set (empty after a delete) and what each series' window did. */
    public record Change(
            String monitor,
            Optional<String> model,
            Optional<VersionedReference> reference,
            Map<String, Series.ReferenceChange> series) {}

    /** The change cannot be stored now (store disabled, broker away); nothing changed. */
    public static class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Reads the stored references before events are scored (idempotent; called by the ingest wiring and at start).
     * Waits at most {@code driftwatch.references.load-timeout}.
     */
    public synchronized void start() {
        if (started || log == null) {
            started = true;
            return;
        }
        started = true;
        try {
            if (!log.start(this::apply, config.loadTimeout())) {
                LOG.warnf(
                        "references: %s not read within %s (%s); scoring against configured references until it is",
                        config.topic(), config.loadTimeout(), log.problem());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (log != null) {
            log.close();
        }
    }

    /** Whether run-time references are enabled. */
    public boolean enabled() {
        return log != null;
    }

    /** 1 while the reference topic is followed, 0 while it cannot be read (or is disabled). */
    public boolean healthy() {
        return log != null && log.loaded() && log.problem() == null;
    }

    /** Reference records applied since start. */
    public long appliedRecords() {
        return appliedRecords.get();
    }

    /** Reference records that could not be applied (unknown monitor, unreadable, wrong kind). */
    public long invalidRecords() {
        return invalidRecords.get();
    }

    /** The kind of reference monitor {@code m} needs. */
    public static Kind kindOf(MonitorDefinition m) {
        return m.numeric() ? Kind.NUMERIC : Kind.CATEGORICAL;
    }

    /** Stores {@code reference} for {@code model} (or the monitor default) and applies it. */
    public Change put(MonitorDefinition monitor, Optional<String> model, Reference reference, String source) {
        VersionedReference versioned = VersionedReference.of(reference, source, clock.instant());
        ObjectNode value = json.createObjectNode();
        value.put("monitor", monitor.name());
        model.ifPresent(m -> value.put("model", m));
        value.put("version", versioned.version());
        value.put("source", source);
        value.put("createdAt", versioned.createdAt().toString());
        value.set("reference", ReferenceDocument.toJson(reference));
        return write(monitor, model, bytes(value));
    }

    /** Removes the run-time reference of {@code model} (or the monitor default), falling back. */
    public Change delete(MonitorDefinition monitor, Optional<String> model) {
        return write(monitor, model, null);
    }

    private Change write(MonitorDefinition monitor, Optional<String> model, byte[] value) {
        if (log == null) {
            throw new UnavailableException("run-time references are disabled (driftwatch.references.enabled=false)");
        }
        byte[] key = key(monitor.name(), model);
        try {
            var stored = log.write(key, value, config.writeTimeout());
            Map<String, Series.ReferenceChange> changes;
            synchronized (recentChanges) {
                changes = recentChanges.remove(stored.partition() + "@" + stored.offset());
            }
            int index = registry.indexOf(monitor.name());
            return new Change(
                    monitor.name(),
                    model,
                    registry.runtimeReference(index, model),
                    changes == null ? Map.of() : changes);
        } catch (TimeoutException | ExecutionException e) {
            throw new UnavailableException("the reference topic " + config.topic() + " did not take the change within "
                    + config.writeTimeout() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }

    private byte[] key(String monitor, Optional<String> model) {
        ObjectNode key = json.createObjectNode();
        key.put("monitor", monitor);
        model.ifPresent(m -> key.put("model", m));
        return bytes(key);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies one record of the reference topic (log thread). */
    void apply(ConsumerRecord<byte[], byte[]> record) {
        String where = config.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            JsonNode key = json.readTree(record.key());
            String monitor = key.path("monitor").asText(null);
            Optional<String> model = Optional.ofNullable(key.path("model").asText(null));
            int index = monitor == null ? -1 : registry.indexOf(monitor);
            if (index < 0) {
                invalidRecords.incrementAndGet();
                LOG.warnf("references: %s is for monitor %s, which is not configured here; ignored", where, monitor);
                return;
            }
            VersionedReference reference = null;
            if (record.value() != null) {
                reference = decode(
                        json.readTree(record.value()), registry.monitors().get(index));
            }
            Map<String, Series.ReferenceChange> changes = registry.setReference(index, model, reference);
            synchronized (recentChanges) {
                recentChanges.put(record.partition() + "@" + record.offset(), changes);
            }
            appliedRecords.incrementAndGet();
            LOG.infof(
                    "references: %s/%s %s (%s); windows: %s",
                    monitor,
                    model.orElse("*"),
                    reference == null ? "falls back to the configured reference" : "is now " + reference.version(),
                    reference == null ? where : reference.source() + ", " + where,
                    changes);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            invalidRecords.incrementAndGet();
            LOG.errorf("references: %s cannot be read (%s); ignored", where, e.getMessage());
        }
    }

    private VersionedReference decode(JsonNode value, MonitorDefinition monitor) throws IOException {
        Reference reference = ReferenceParser.parse(json.writeValueAsBytes(value.get("reference")), kindOf(monitor), 1);
        String version = value.path("version").asText();
        if (!version.equals(reference.version())) {
            throw new IllegalArgumentException(
                    "stored version " + version + " does not match its content (" + reference.version() + ")");
        }
        return new VersionedReference(
                reference,
                version,
                value.path("source").asText("unknown"),
                Instant.parse(value.path("createdAt").asText()));
    }
}

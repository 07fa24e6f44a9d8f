package io.driftwatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The records of the compacted reference topic, written and read in one place. They live as long as the topic, so
 * every value carries a schema version and every version ever written stays readable (golden files in the tests).
 *
 * <ul>
 *   <li>key: {@code {"monitor":m}} (the monitor default) or {@code {"monitor":m,"model":x}};
 *   <li>value, schema 1: {@code {"schema":1,"monitor","model","version","source","createdAt","reference":<histogram
 *       document>}} (see {@link ReferenceDocument}); schema 0 is the same without {@code "schema"} (written before
 *       the field existed); a tombstone (no value) removes the run-time reference.
 * </ul>
 *
 * <p>A record whose reference breaks the {@link ReferenceLimits} (written by another build or directly to the topic)
 * is unreadable: its bins are never built. Thread-safe.
 */
public final class ReferenceRecords {

    /** The schema version this build writes, and the newest it reads. */
    public static final int SCHEMA = 1;

    private final ObjectMapper json;
    private final ReferenceLimits limits;

    public ReferenceRecords(ObjectMapper json, ReferenceLimits limits) {
        this.json = json;
        this.limits = limits;
    }

    /** A decoded record: the scope it sets and the reference ({@code empty}: a tombstone, fall back). */
    public record Decoded(String monitor, Optional<String> model, Optional<VersionedReference> reference) {}

    /** A record that cannot be applied; the message says why. */
    public static final class UnreadableException extends Exception {
        UnreadableException(String message) {
            super(message);
        }
    }

    public byte[] key(String monitor, Optional<String> model) {
        ObjectNode key = json.createObjectNode();
        key.put("monitor", monitor);
        model.ifPresent(m -> key.put("model", m));
        return bytes(key);
    }

    public byte[] value(String monitor, Optional<String> model, VersionedReference reference) {
        ObjectNode value = json.createObjectNode();
        value.put("schema", SCHEMA);
        value.put("monitor", monitor);
        model.ifPresent(m -> value.put("model", m));
        value.put("version", reference.version());
        value.put("source", reference.source());
        value.put("createdAt", reference.createdAt().toString());
        value.set("reference", ReferenceDocument.toJson(reference.reference()));
        return bytes(value);
    }

    /**
     * The kind of the reference a record value holds: categorical when its document has categories, else numeric.
     *
     * @throws UnreadableException when the value is not a reference record
     */
    public Kind kindOf(byte[] value) throws UnreadableException {
        try {
            JsonNode document = json.readTree(value).get("reference");
            if (document == null || !document.isObject()) {
                throw new UnreadableException("the value has no \"reference\" object");
            }
            return document.has("categories") ? Kind.CATEGORICAL : Kind.NUMERIC;
        } catch (IOException e) {
            throw new UnreadableException(e.getMessage());
        }
    }

    /** The monitor a key names, or empty if the key is not a reference key. */
    public Optional<String> monitorOf(byte[] key) {
        try {
            return Optional.ofNullable(json.readTree(key).path("monitor").asText(null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Decodes one record.
     *
     * @param kindOf the kind of the monitor the key names
     * @throws UnreadableException naming what is wrong (unknown schema, unreadable JSON, content not matching its
     *     version, a reference of the wrong kind or beyond the limits)
     */
    public Decoded decode(byte[] key, byte[] value, Function<String, Kind> kindOf) throws UnreadableException {
        try {
            JsonNode k = json.readTree(key);
            String monitor = k.path("monitor").asText(null);
            if (monitor == null) {
                throw new UnreadableException("the key has no \"monitor\"");
            }
            Optional<String> model = Optional.ofNullable(k.path("model").asText(null));
            if (value == null) {
                return new Decoded(monitor, model, Optional.empty());
            }
            JsonNode v = json.readTree(value);
            int schema = v.path("schema").asInt(0);
            if (schema > SCHEMA) {
                throw new UnreadableException("schema " + schema + " was written by a newer Driftwatch; this one reads"
                        + " schemas 0 to " + SCHEMA);
            }
            JsonNode document = v.get("reference");
            if (document == null || !document.isObject()) {
                throw new UnreadableException("the value has no \"reference\" object");
            }
            Reference reference = ReferenceDocument.read(document, kindOf.apply(monitor), limits);
            String version = v.path("version").asText();
            if (!version.equals(reference.version())) {
                throw new UnreadableException(
                        "stored version " + version + " does not match its content (" + reference.version() + ")");
            }
            return new Decoded(
                    monitor,
                    model,
                    Optional.of(new VersionedReference(
                            reference,
                            version,
                            v.path("source").asText("unknown"),
                            Instant.parse(v.path("createdAt").asText()))));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new UnreadableException(e.getMessage());
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

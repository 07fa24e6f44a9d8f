package io.driftwatch.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.ReferencesConfig;
import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.Topics;
import io.driftwatch.monitor.FieldPattern;
import io.driftwatch.monitor.ModelNames;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorFactory;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.NotMonitoredException;
import io.driftwatch.monitor.Series;
import io.driftwatch.monitor.SeriesNotWholeException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * The reference lifecycle: a change (upload, bless the live window, fall back) is validated completely, written to the
 * compacted reference topic ({@link ReferenceLog}, records as in {@link ReferenceRecords}) and applied to the
 * {@link MonitorRegistry} when read back from it, by every instance, in log order. A change returns once this instance
 * applied it; a rejected or failed change changes nothing.
 */
@ApplicationScoped
public class ReferenceService {

    private static final Logger LOG = Logger.getLogger(ReferenceService.class);

    private final ReferencesConfig config;
    private final MonitorRegistry registry;
    private final InstantSource clock;
    private final ReferenceLimits limits;
    private final ReferenceRecords records;
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

    private final int topCategories;

    ReferenceService(
            DriftwatchConfig config,
            MonitorRegistry registry,
            InstantSource clock,
            ObjectMapper json,
            KafkaClients clients,
            InternalTopics internalTopics,
            Topics topics,
            KafkaProblems problems) {
        this.config = config.references();
        this.registry = registry;
        this.clock = clock;
        this.limits = MonitorFactory.limits(config);
        this.topCategories = ReferenceFiles.topCategories(config);
        this.records = new ReferenceRecords(json, limits);
        this.log = this.config.enabled()
                ? new ReferenceLog(
                        clients,
                        internalTopics,
                        problems,
                        topics.references(),
                        topics.referenceTransactionalIdPrefix(),
                        this.config.writeTimeout())
                : null;
    }

    /**
     * The outcome of a change: the reference now in force for the model (or the monitor default) — after a delete,
     * the one it fell back to — and what each series' window did.
     */
    public record Change(
            String monitor,
            Optional<String> model,
            Monitor.ReferenceChoice inForce,
            Map<String, Series.ReferenceChange> series) {}

    /**
     * A reference upload.
     *
     * @param contentType {@code application/json} (histogram or samples) or {@code text/csv} (samples)
     * @param binning {@code quantile} (default, {@code null}): samples get quantile bins; {@code current}: samples are
     *     counted in the bins of the reference they replace, so the live window is kept
     * @param column CSV only: the header name of the column to read ({@code null}: the only column)
     * @param body the document
     */
    public record Upload(String contentType, String binning, String column, byte[] body) {}

    /** The change cannot be stored now (store disabled, broker away); nothing changed, and nothing will. */
    public static class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * The change was committed, or its commit sent without confirmation, but this instance has not applied it within
     * {@code driftwatch.references.write-timeout}: it will (or may) still take effect.
     */
    public static class PendingException extends RuntimeException {
        PendingException(String message) {
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

    /**
     * The reference {@code model} is (or would be) scored against, or with an empty model the monitor default.
     *
     * @throws NotMonitoredException for an unknown monitor, or a model the monitor does not watch
     */
    public Monitor.ReferenceChoice referenceFor(String monitorName, Optional<String> model) {
        Monitor monitor = monitor(monitorName);
        model.ifPresent(m -> checkModel(monitor, m));
        return model.map(monitor::referenceFor).orElseGet(monitor::defaultReference);
    }

    /**
     * Stores an uploaded reference for {@code model} (or the monitor default) and applies it.
     *
     * @throws NotMonitoredException for an unknown monitor, or a model the monitor does not watch
     * @throws RejectedChangeException for a bad parameter or body format
     * @throws InvalidReferenceException for a body that is not a valid reference
     */
    public Change put(String monitorName, Optional<String> model, Upload upload) {
        Monitor monitor = monitor(monitorName);
        model.ifPresent(m -> checkModel(monitor, m));
        if (upload.body() == null || upload.body().length == 0) {
            throw new RejectedChangeException(
                    RejectedChangeException.Reason.INVALID, "the request has no body", "body");
        }
        BinScheme keep =
                switch (upload.binning() == null ? "quantile" : upload.binning()) {
                    case "quantile" -> null;
                    case "current" -> model.map(monitor::referenceFor)
                            .orElseGet(monitor::defaultReference)
                            .reference()
                            .reference()
                            .bins();
                    default -> throw new RejectedChangeException(
                            RejectedChangeException.Reason.INVALID,
                            "binning=" + upload.binning() + " is not one of quantile, current",
                            "binning");
                };
        Kind kind = monitor.definition().kind();
        int bins = monitor.definition().quantileBins();
        String type = upload.contentType() == null ? "" : upload.contentType().toLowerCase(Locale.ROOT);
        Reference reference;
        String source;
        if (type.startsWith("text/csv")) {
            reference = ReferenceParser.parseCsv(upload.body(), kind, bins, keep, upload.column(), limits);
            source = "upload:csv";
        } else if (type.startsWith("application/json")) {
            var parsed = ReferenceParser.parseDocument(upload.body(), kind, bins, keep, limits);
            reference = parsed.reference();
            source = "upload:" + parsed.format();
        } else {
            throw new RejectedChangeException(
                    RejectedChangeException.Reason.UNSUPPORTED_FORMAT,
                    "Content-Type " + (upload.contentType() == null ? "(none)" : upload.contentType())
                            + " is not application/json (histogram or samples) or text/csv (samples)",
                    "Content-Type");
        }
        return store(monitor, model, reference, source);
    }

    /**
     * The outcome of a training-file upload to a field pattern.
     *
     * @param monitor the pattern's name
     * @param model the model, or empty for the features' defaults
     * @param training what the file held, feature by feature
     * @param stored the features whose reference was stored, with what each series' window did
     * @param notStored the file's features that were not stored, and why
     */
    public record TrainingChange(
            String monitor,
            Optional<String> model,
            TrainingReferences.Result training,
            Map<String, Map<String, Series.ReferenceChange>> stored,
            Map<String, String> notStored) {}

    /** Whether {@code name} is a field pattern ({@code driftwatch.monitors.<name>.fields}). */
    public boolean isPattern(String name) {
        return registry.pattern(name).isPresent();
    }

    /**
     * Builds every feature's reference of field pattern {@code patternName} from one training file and stores them
     * in one transaction: all of them take effect, or none.
     *
     * @throws NotMonitoredException for an unknown pattern, or a model it does not watch
     * @throws InvalidReferenceException for a file with no header, no rows or no usable feature
     */
    public TrainingChange putTraining(String patternName, Optional<String> model, String contentType, byte[] body) {
        FieldPattern pattern =
                registry.pattern(patternName).orElseThrow(() -> NotMonitoredException.monitor(patternName));
        Map<String, Monitor> members = registry.members(pattern);
        model.ifPresent(m -> {
            checkModelName(m); // also when the pattern has no feature yet
            members.values().forEach(monitor -> checkModel(monitor, m));
        });
        if (body == null || body.length == 0) {
            throw new RejectedChangeException(
                    RejectedChangeException.Reason.INVALID, "the request has no body", "body");
        }
        TrainingReferences.Format format;
        try {
            format = TrainingReferences.format(contentType);
        } catch (InvalidReferenceException e) {
            throw new RejectedChangeException(
                    RejectedChangeException.Reason.UNSUPPORTED_FORMAT, e.getMessage(), "Content-Type");
        }
        // a feature keeps its kind: the monitor's, whatever this file's column looks like
        Map<String, Kind> kinds = new TreeMap<>(pattern.kinds());
        members.forEach(
                (member, monitor) -> kinds.put(member, monitor.definition().kind()));
        TrainingReferences.Result result = TrainingReferences.build(
                new ByteArrayInputStream(body),
                format,
                new TrainingReferences.Spec(
                        pattern.pointer(), pattern::problem, kinds, pattern.quantileBins(), topCategories, limits));
        Map<String, String> notStored = new TreeMap<>(result.ignored());
        List<Map.Entry<byte[], byte[]>> writes = new ArrayList<>();
        List<String> order = new ArrayList<>();
        Instant now = clock.instant();
        String source = "upload:training-" + (format == TrainingReferences.Format.CSV ? "csv" : "jsonl");
        result.features().forEach((member, f) -> {
            Monitor monitor = members.get(member);
            if (monitor == null && model.isPresent()) {
                notStored.put(
                        member,
                        "not a feature of " + patternName + " yet: upload a training file with it for every model first"
                                + " (PUT /api/monitors/" + patternName + "/reference)");
            } else if (f.reference() == null) {
                notStored.put(member, f.problem());
            } else {
                VersionedReference versioned = VersionedReference.of(f.reference(), source, now);
                // a new feature becomes a monitor when its record is applied, on every instance
                String name = pattern.monitorName(member);
                writes.add(
                        new AbstractMap.SimpleEntry<>(records.key(name, model), records.value(name, model, versioned)));
                order.add(member);
            }
        });
        if (writes.isEmpty()) {
            throw new InvalidReferenceException(
                    "features", "no feature of " + patternName + " could be built from the file: " + notStored);
        }
        Map<String, Map<String, Series.ReferenceChange>> applied = storeAll(order, writes);
        return new TrainingChange(patternName, model, result, applied, notStored);
    }

    /**
     * Blesses the model's current live window as its reference: same bins, so the window is kept.
     *
     * @throws RejectedChangeException (conflict) when the window holds fewer than {@code min-samples} events
     */
    public Change fromWindow(String monitorName, String model) {
        Monitor monitor = monitor(monitorName);
        checkModel(monitor, model);
        Series s = monitor.series(model).orElseThrow(() -> NotMonitoredException.series(monitorName, model));
        if (!registry.whole(s)) {
            throw new SeriesNotWholeException(s); // never bless part of a window
        }
        Series.View view = s.view();
        if (!view.report().sufficient()) {
            throw new RejectedChangeException(
                    RejectedChangeException.Reason.CONFLICT,
                    "the window of " + monitorName + "/" + model + " has "
                            + view.window().total()
                            + " events, fewer than min-samples ("
                            + monitor.definition().analyzer().minSamples() + ")",
                    null);
        }
        return write(
                monitor, Optional.of(model), records.value(monitor.name(), Optional.of(model), blessed(view, model)));
    }

    /** The window of {@code view} as a reference of {@code model}: its own bins, so the window is kept. */
    private VersionedReference blessed(Series.View view, String model) {
        String source = "from-window:" + model + "@"
                + Instant.ofEpochMilli(view.window().startMillis()) + "/"
                + Instant.ofEpochMilli(view.window().endMillis());
        return VersionedReference.of(
                Reference.of(view.reference().reference().bins(), view.window().counts()), source, clock.instant());
    }

    /**
     * What blessing every feature's window of a model did.
     *
     * @param blessed the features whose window is now their reference for the model, with what the window did
     * @param skipped the features that were not, and why
     */
    public record Blessing(
            String monitor,
            String model,
            Map<String, Map<String, Series.ReferenceChange>> blessed,
            Map<String, String> skipped) {}

    /**
     * Blesses the current window of every feature of field pattern {@code patternName} for {@code model}, in one
     * transaction: those whose window is whole and holds min-samples events; the others are named with why.
     *
     * @throws RejectedChangeException (conflict) when no feature's window can be blessed
     */
    public Blessing fromWindows(String patternName, String model) {
        FieldPattern pattern =
                registry.pattern(patternName).orElseThrow(() -> NotMonitoredException.monitor(patternName));
        checkModelName(model);
        Map<String, String> skipped = new TreeMap<>();
        List<Map.Entry<byte[], byte[]>> writes = new ArrayList<>();
        List<String> order = new ArrayList<>();
        registry.members(pattern).forEach((member, monitor) -> {
            Series s = monitor.seriesOrNull(model);
            if (s == null) {
                skipped.put(member, "no events of model " + model);
            } else if (!registry.whole(s)) {
                skipped.put(member, "its window is not whole on this instance yet (rebuilding or handed over)");
            } else {
                Series.View view = s.view();
                if (!view.report().sufficient()) {
                    skipped.put(
                            member,
                            view.window().total() + " events, fewer than min-samples ("
                                    + monitor.definition().analyzer().minSamples() + ")");
                } else {
                    writes.add(new AbstractMap.SimpleEntry<>(
                            records.key(monitor.name(), Optional.of(model)),
                            records.value(monitor.name(), Optional.of(model), blessed(view, model))));
                    order.add(member);
                }
            }
        });
        if (writes.isEmpty()) {
            throw new RejectedChangeException(
                    RejectedChangeException.Reason.CONFLICT,
                    "no feature of " + patternName + " has a window of model " + model + " to bless: " + skipped,
                    null);
        }
        Map<String, Map<String, Series.ReferenceChange>> blessed = storeAll(order, writes);
        return new Blessing(patternName, model, blessed, skipped);
    }

    /** Removes the run-time reference of {@code model} (or the monitor default), falling back. */
    public Change delete(String monitorName, Optional<String> model) {
        Monitor monitor = monitor(monitorName);
        model.ifPresent(m -> checkModel(monitor, m));
        return write(monitor, model, null);
    }

    private Change store(Monitor monitor, Optional<String> model, Reference reference, String source) {
        VersionedReference versioned = VersionedReference.of(reference, source, clock.instant());
        return write(monitor, model, records.value(monitor.name(), model, versioned));
    }

    private Monitor monitor(String name) {
        return registry.monitor(name).orElseThrow(() -> NotMonitoredException.monitor(name));
    }

    /** A valid model name (400 naming {@code model} if not). */
    private static void checkModelName(String model) {
        ModelNames.problem(model).ifPresent(problem -> {
            throw new RejectedChangeException(RejectedChangeException.Reason.INVALID, problem, "model");
        });
    }

    /** A valid model name that {@code monitor} watches. */
    private static void checkModel(Monitor monitor, String model) {
        checkModelName(model);
        if (!monitor.definition().appliesTo(model)) {
            throw new NotMonitoredException(
                    "model",
                    "monitor " + monitor.name() + " only monitors model "
                            + monitor.definition().model().orElseThrow());
        }
    }

    private Change write(Monitor monitor, Optional<String> model, byte[] value) {
        Map<String, Series.ReferenceChange> changes = storeAll(
                        List.of(monitor.name()),
                        List.of(new AbstractMap.SimpleEntry<>(records.key(monitor.name(), model), value)))
                .get(monitor.name());
        return new Change(
                monitor.name(), model, model.map(monitor::referenceFor).orElseGet(monitor::defaultReference), changes);
    }

    /**
     * Stores {@code writes} (the records of the monitors or features named in {@code order}; a {@code null} value is a
     * tombstone) in one transaction and returns what each one's series' windows did when this instance applied them.
     */
    private Map<String, Map<String, Series.ReferenceChange>> storeAll(
            List<String> order, List<Map.Entry<byte[], byte[]>> writes) {
        List<RecordMetadata> stored = writeAll(
                writes,
                writes.stream()
                        .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().length)
                        .max()
                        .orElse(0));
        Map<String, Map<String, Series.ReferenceChange>> applied = new TreeMap<>();
        synchronized (recentChanges) {
            for (int i = 0; i < order.size(); i++) {
                Map<String, Series.ReferenceChange> changes = recentChanges.remove(
                        stored.get(i).partition() + "@" + stored.get(i).offset());
                applied.put(order.get(i), changes == null ? Map.of() : changes);
            }
        }
        return applied;
    }

    /** Stores the records in one transaction, turning the log's failures into what the API answers. */
    private List<RecordMetadata> writeAll(List<Map.Entry<byte[], byte[]>> keyValues, long bytes) {
        if (log == null) {
            throw new UnavailableException("run-time references are disabled (driftwatch.references.enabled=false)");
        }
        try {
            return log.writeAll(keyValues, config.writeTimeout());
        } catch (ReferenceLog.NotStoredException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new RejectedChangeException(
                        RejectedChangeException.Reason.TOO_LARGE,
                        "the reference is stored as a record of " + bytes
                                + " bytes, more than the reference topic " + config.topic() + " accepts ("
                                + e.getMessage() + "); nothing changed",
                        "body");
            }
            throw new UnavailableException("the reference topic " + config.topic() + " did not take the change ("
                    + e.getMessage() + "); nothing changed, and nothing will: retry when the broker is back");
        } catch (ReferenceLog.OutcomeUnknownException e) {
            throw new PendingException("the change was sent to " + config.topic() + " but the broker did not confirm"
                    + " its commit (" + e.getMessage() + "): it may still take effect; GET the reference to see which"
                    + " one is in force");
        } catch (ReferenceLog.NotYetAppliedException e) {
            throw new PendingException("the change is stored (" + e.getMessage() + ") and will take effect when this"
                    + " instance reads it, which it did not within " + config.writeTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }

    /**
     * A record for feature {@code <pattern>.<member>} that is not monitored yet (a training file uploaded at run time,
     * here or on another instance, had it): the feature becomes a monitor, with the record's reference and kind. Only
     * a feature's default reference adds it; a model's own reference needs the default first.
     */
    private Optional<Monitor> newFeature(ConsumerRecord<byte[], byte[]> record, String where) {
        String name = records.monitorOf(record.key()).orElse("");
        int dot = name.indexOf('.');
        Optional<FieldPattern> pattern = dot < 0 ? Optional.empty() : registry.pattern(name.substring(0, dot));
        if (pattern.isEmpty() || record.value() == null) {
            return Optional.empty();
        }
        try {
            Kind kind = records.kindOf(record.value());
            ReferenceRecords.Decoded decoded = records.decode(record.key(), record.value(), n -> kind);
            if (decoded.model().isPresent() || decoded.reference().isEmpty()) {
                return Optional.empty();
            }
            Monitor added = registry.addFeature(
                    pattern.get(),
                    name.substring(dot + 1),
                    kind,
                    decoded.reference().get());
            LOG.infof(
                    "references: %s adds feature %s (%s)",
                    where, added.name(), kind.name().toLowerCase(Locale.ROOT));
            return Optional.of(added);
        } catch (ReferenceRecords.UnreadableException | IllegalArgumentException e) {
            LOG.warnf("references: %s would add feature %s but cannot (%s)", where, name, e.getMessage());
            return Optional.empty();
        }
    }

    /** Applies one record of the reference topic (log thread). */
    void apply(ConsumerRecord<byte[], byte[]> record) {
        String where = config.topic() + "-" + record.partition() + "@" + record.offset();
        Optional<Monitor> known = records.monitorOf(record.key()).flatMap(registry::monitor);
        Optional<Monitor> monitor = known.isPresent() ? known : newFeature(record, where);
        if (monitor.isEmpty()) {
            invalidRecords.incrementAndGet();
            LOG.warnf(
                    "references: %s is for monitor %s, which is not configured here; ignored",
                    where, records.monitorOf(record.key()).orElse("(none)"));
            return;
        }
        ReferenceRecords.Decoded decoded;
        try {
            decoded = records.decode(record.key(), record.value(), name -> monitor.get()
                    .definition()
                    .kind());
        } catch (ReferenceRecords.UnreadableException e) {
            invalidRecords.incrementAndGet();
            LOG.errorf("references: %s cannot be read (%s); ignored", where, e.getMessage());
            return;
        }
        VersionedReference reference = decoded.reference().orElse(null);
        Map<String, Series.ReferenceChange> changes = registry.setReference(monitor.get(), decoded.model(), reference);
        synchronized (recentChanges) {
            recentChanges.put(record.partition() + "@" + record.offset(), changes);
        }
        appliedRecords.incrementAndGet();
        LOG.infof(
                "references: %s/%s %s (%s); windows: %s",
                decoded.monitor(),
                decoded.model().orElse("*"),
                reference == null ? "falls back to the configured reference" : "is now " + reference.version(),
                reference == null ? where : reference.source() + ", " + where,
                changes);
    }
}

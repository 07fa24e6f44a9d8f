package io.driftwatch.ingest;

import io.driftwatch.ingest.json.EventParser;
import io.driftwatch.ingest.json.EventTimes;
import io.driftwatch.ingest.json.JsonProblem;
import io.driftwatch.ingest.json.ParsedFields;
import io.driftwatch.monitor.ModelNames;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.panes.PaneDelta;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Stage 1: turns raw event bytes into pane deltas — parse once, validate the field of every monitor that applies,
 * then count the event in the delta histogram of each of its series' pane ({@link PaneAccumulator}). A missing or bad
 * field costs only its own series: it is counted in {@link FieldProblems} and the event still feeds the model's other
 * series ({@link Outcome#PARTIAL}); an event with no usable field, or one that is not an event at all (not JSON, bad
 * time, bad model, ...), is rejected whole with its reason. Stage 2 adds the published deltas to the series' windows
 * ({@code owner.PaneApplier}).
 *
 * <p>Thread-safe: the outcome counters are {@link LongAdder}s and the series limit ({@link SeriesAdmission}) takes a
 * lock; each calling thread uses its own {@link Scratch}.
 */
public final class EventIngestor {

    /** Slots 0 and 1 of the parser are the model and the time; monitor {@code i} uses slot {@code i + 2}. */
    private static final int MODEL_SLOT = 0;

    private static final int TIME_SLOT = 1;
    private static final int FIRST_MONITOR_SLOT = 2;

    private final SeriesAdmission admission;
    private final String modelField;
    private final String timeField;
    /** The monitors in force; replaced whole when a feature is added at run time. */
    private volatile Plan plan;

    private final InstantSource clock;
    private final String defaultModel;
    private final long maxSkewMillis;
    private final int maxBytes;
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final RejectionLog rejectionLog = new RejectionLog();
    private final FieldProblems fieldProblems;
    private final UnseenValues unseenValues;
    private final NewFeatures newFeatures;

    /**
     * @param modelField JSON Pointer of the model name
     * @param timeField JSON Pointer of the event time
     * @param defaultModel model of events without one
     * @param maxSkewMillis events further than this ahead of {@code clock} are rejected
     * @param maxBytes larger records are rejected unparsed
     */
    public EventIngestor(
            MonitorRegistry registry,
            InstantSource clock,
            String modelField,
            String timeField,
            String defaultModel,
            long maxSkewMillis,
            int maxBytes) {
        this.modelField = modelField;
        this.timeField = timeField;
        registry.onNewMonitor(this::add); // before the monitors are read: a feature added meanwhile is not missed
        this.plan = new Plan(registry.monitors(), modelField, timeField);
        this.admission = new SeriesAdmission(registry.maxSeries(), registry.evictAfterMillis());
        this.clock = clock;
        this.defaultModel = defaultModel;
        this.maxSkewMillis = maxSkewMillis;
        this.maxBytes = maxBytes;
        this.fieldProblems = new FieldProblems(3 * registry.maxSeries());
        this.unseenValues = new UnseenValues(registry.maxSeries());
        this.newFeatures = new NewFeatures(registry);
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    /**
     * The monitors stage 1 counts for, in the order they were added (a monitor's index never changes, so an ingest
     * thread's delta histograms stay valid across a change), with the parser of their fields. Immutable.
     */
    private static final class Plan {
        final List<Monitor> monitors;
        final String[] names;
        final long[] paneMillis;
        final MonitorDefinition[] definitions;
        final EventParser parser;

        Plan(List<Monitor> monitors, String modelField, String timeField) {
            this.monitors = List.copyOf(monitors);
            this.names = monitors.stream().map(Monitor::name).toArray(String[]::new);
            this.paneMillis = monitors.stream()
                    .mapToLong(m -> m.definition().paneMillis())
                    .toArray();
            this.definitions = monitors.stream().map(Monitor::definition).toArray(MonitorDefinition[]::new);
            List<String> pointers = new ArrayList<>();
            pointers.add(modelField);
            pointers.add(timeField);
            monitors.forEach(m -> pointers.add(m.definition().field()));
            // a number's text is a category label for a categorical monitor; numeric monitors and the time need the
            // value
            this.parser = new EventParser(
                    pointers, slot -> slot >= FIRST_MONITOR_SLOT && !definitions[slot - FIRST_MONITOR_SLOT].numeric());
        }
    }

    /** A monitor added at run time (a feature of a field pattern): counted from the next event of each thread on. */
    private synchronized void add(Monitor monitor) {
        if (plan == null || plan.monitors.contains(monitor)) {
            return; // still constructing (the plan will read it), or read already
        }
        List<Monitor> next = new ArrayList<>(plan.monitors);
        next.add(monitor);
        plan = new Plan(next, modelField, timeField);
    }

    /**
     * Lets series not seen for {@code driftwatch.evict-after} leave the series limit (see {@link SeriesAdmission});
     * call between polls, while no ingest runs.
     */
    public int evictIdleSeries() {
        return admission.evictIdle(clock.millis());
    }

    /** A new {@link Scratch}: keep one per ingest thread, and {@link #drain} it every flush. */
    public Scratch newScratch() {
        return new Scratch();
    }

    /**
     * Hands the pane deltas counted in {@code scratch} since its last drain to {@code out} and empties it. Call while no
     * thread ingests into it.
     */
    public void drain(Scratch scratch, Consumer<PaneDelta> out) {
        scratch.panes.drain(out);
    }

    /**
     * Reads the clock once for the events {@code scratch} ingests next (one poll's partitions: milliseconds), instead of
     * once per event, until {@link #unpinClock}. The clock only bounds how far ahead of it an event may be.
     */
    public void pinClock(Scratch scratch) {
        scratch.pinnedNow = clock.millis();
    }

    /** Back to reading the clock for every event. */
    public void unpinClock(Scratch scratch) {
        scratch.pinnedNow = Long.MIN_VALUE;
    }

    /** The per-series counts of missing and bad field values. */
    public FieldProblems fieldProblems() {
        return fieldProblems;
    }

    /** The values of categorical monitors that fell in the unseen bin, per series. */
    public UnseenValues unseenValues() {
        return unseenValues;
    }

    /** The features of field patterns seen in events with no reference yet. */
    public NewFeatures newFeatures() {
        return newFeatures;
    }

    /** How many events had {@code outcome} since start. */
    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /**
     * Ingests one event.
     *
     * @param value the record value (JSON)
     * @param recordTimestampMillis the Kafka record timestamp, used when the event has no time field
     * @return what happened to it
     */
    public Outcome ingest(Scratch scratch, byte[] value, long recordTimestampMillis) {
        Outcome outcome = apply(scratch, value, recordTimestampMillis);
        outcomes[outcome.ordinal()].increment();
        if ((outcome == Outcome.ACCEPTED || outcome == Outcome.PARTIAL || outcome == Outcome.IGNORED)
                && ++scratch.sampleCountdown >= NewFeatures.SAMPLE_EVERY) {
            scratch.sampleCountdown = 0;
            newFeatures.look(value, scratch.lastValidModel, clock.millis());
        }
        if (outcome != Outcome.ACCEPTED && outcome != Outcome.IGNORED) {
            rejectionLog.rejected(outcome, scratch.detail, value);
        }
        return outcome;
    }

    private Outcome apply(Scratch b, byte[] value, long recordTimestampMillis) {
        b.detail = null;
        Plan p = plan;
        if (b.plan != p) {
            b.adopt(p);
        }
        List<Monitor> monitors = p.monitors;
        MonitorDefinition[] definitions = p.definitions;
        String[] monitorNames = p.names;
        if (value == null || value.length == 0) {
            return Outcome.EMPTY;
        }
        if (value.length > maxBytes) {
            b.detail = value.length + " bytes, limit " + maxBytes;
            return Outcome.OVERSIZED;
        }
        ParsedFields f = b.fields;
        JsonProblem problem = p.parser.parse(value, f);
        if (problem != null) {
            return problem == JsonProblem.MALFORMED ? Outcome.MALFORMED_JSON : Outcome.NOT_AN_OBJECT;
        }
        String model =
                switch (f.type(MODEL_SLOT)) {
                    case ParsedFields.ABSENT, ParsedFields.NULL -> defaultModel;
                    case ParsedFields.STRING -> f.text(MODEL_SLOT);
                    default -> null;
                };
        if (model == null || !model.equals(b.lastValidModel)) { // a poll has few models: check a name once in a row
            String modelProblem = ModelNames.problem(model).orElse(null);
            if (modelProblem != null) {
                b.detail = modelProblem;
                return Outcome.INVALID_MODEL;
            }
            b.lastValidModel = model;
        }
        long time = eventTime(f, recordTimestampMillis);
        if (time == Long.MIN_VALUE) {
            b.detail = "time field: "
                    + (f.type(TIME_SLOT) == ParsedFields.NUMBER
                            ? Double.toString(f.number(TIME_SLOT))
                            : f.text(TIME_SLOT));
            return Outcome.BAD_TIMESTAMP;
        }
        long now = b.pinnedNow != Long.MIN_VALUE ? b.pinnedNow : clock.millis();
        if (time > now + maxSkewMillis) {
            b.detail =
                    "event time " + Instant.ofEpochMilli(time) + " is ahead of the clock " + Instant.ofEpochMilli(now);
            return Outcome.FUTURE_TIMESTAMP;
        }
        int applicable = 0;
        FieldProblems.Problem first = null;
        for (int i = 0; i < monitors.size(); i++) {
            MonitorDefinition m = definitions[i];
            b.applies[i] = false;
            if (!m.appliesTo(model)) {
                continue;
            }
            int slot = FIRST_MONITOR_SLOT + i;
            FieldProblems.Problem bad = fieldProblem(m, f, slot);
            if (bad == null) {
                b.applies[i] = true;
                applicable++;
            } else if (bad != FieldProblems.Problem.MISSING || !m.optional()) {
                fieldProblems.count(monitorNames[i], model, bad);
                // the event's reason: a value that is there but bad says more than a field that is absent
                if (first == null || (first == FieldProblems.Problem.MISSING && bad != FieldProblems.Problem.MISSING)) {
                    first = bad;
                    b.detail = detail(m, bad, f, slot);
                }
            }
        }
        if (applicable == 0) {
            return first == null ? Outcome.IGNORED : first.outcome();
        }
        PaneAccumulator panes = b.panes;
        int missing = 0;
        for (int i = 0; i < monitors.size(); i++) {
            b.entries[i] = b.applies[i] ? panes.entry(i, model) : null;
            if (b.applies[i] && b.entries[i] == null) {
                missing++;
            }
        }
        if (missing > 0) {
            // all or nothing: never count an event in some of its series and reject it for the others
            int over = admission.admit(b.applies, model, now);
            if (over > 0) {
                b.detail = "model " + model + " needs " + over + " new series";
                return Outcome.SERIES_LIMIT;
            }
            for (int i = 0; i < monitors.size(); i++) {
                if (b.applies[i] && b.entries[i] == null) {
                    b.entries[i] = panes.open(
                            i,
                            model,
                            monitors.get(i)
                                    .referenceFor(model)
                                    .reference()
                                    .reference()
                                    .bins());
                }
            }
        }
        for (int i = 0; i < monitors.size(); i++) {
            PaneAccumulator.Entry e = b.entries[i];
            if (e != null) {
                int slot = FIRST_MONITOR_SLOT + i;
                if (definitions[i].numeric()) {
                    e.addNumber(time, f.number(slot));
                } else if (e.addLabel(time, f.text(slot))) {
                    unseenValues.record(monitorNames[i], model, f.text(slot));
                }
            }
        }
        return first == null ? Outcome.ACCEPTED : Outcome.PARTIAL;
    }

    /** What is wrong with monitor {@code m}'s value in {@code slot}, or {@code null} if it can be counted. */
    private static FieldProblems.Problem fieldProblem(MonitorDefinition m, ParsedFields f, int slot) {
        byte type = f.type(slot);
        if (type == ParsedFields.ABSENT || type == ParsedFields.NULL) {
            return FieldProblems.Problem.MISSING;
        }
        if (m.numeric()) {
            if (type != ParsedFields.NUMBER) {
                return FieldProblems.Problem.WRONG_TYPE;
            }
            return Double.isFinite(f.number(slot)) ? null : FieldProblems.Problem.NON_FINITE;
        }
        return type == ParsedFields.OTHER ? FieldProblems.Problem.WRONG_TYPE : null;
    }

    private static String detail(MonitorDefinition m, FieldProblems.Problem problem, ParsedFields f, int slot) {
        return switch (problem) {
            case MISSING -> "monitor " + m.name() + " needs " + m.field();
            case WRONG_TYPE -> m.field() + (m.numeric() ? " must be a number" : " must be a string, number or boolean");
            case NON_FINITE -> m.field() + " = " + f.number(slot);
        };
    }

    /** The event time in epoch millis, or {@code Long.MIN_VALUE} if it cannot be read. */
    private static long eventTime(ParsedFields f, long recordTimestampMillis) {
        switch (f.type(TIME_SLOT)) {
            case ParsedFields.ABSENT, ParsedFields.NULL:
                return recordTimestampMillis >= 0 ? recordTimestampMillis : Long.MIN_VALUE;
            case ParsedFields.NUMBER:
                double millis = f.number(TIME_SLOT);
                return Double.isFinite(millis) && millis >= 0 && millis < 1e16 ? (long) millis : Long.MIN_VALUE;
            case ParsedFields.STRING:
                return EventTimes.parse(f.text(TIME_SLOT));
            default:
                return Long.MIN_VALUE;
        }
    }

    /**
     * One ingest thread's own state: the parser's result holder, the delta histograms it counts into until the next
     * drain, and what was wrong with its last rejected event. Used by one thread at a time.
     */
    public final class Scratch {
        private Plan plan = EventIngestor.this.plan;
        private ParsedFields fields = plan.parser.newFields();
        private boolean[] applies = new boolean[plan.monitors.size()];
        private PaneAccumulator.Entry[] entries = new PaneAccumulator.Entry[plan.monitors.size()];
        private final PaneAccumulator panes = new PaneAccumulator(plan.names, plan.paneMillis);
        private String detail;
        private String lastValidModel;
        /** Events since the last one {@link NewFeatures} looked at. */
        private int sampleCountdown = NewFeatures.SAMPLE_EVERY - 1;

        private long pinnedNow = Long.MIN_VALUE;

        /** Takes the monitors added since this thread's last event (on the thread that uses this scratch). */
        private void adopt(Plan next) {
            plan = next;
            fields = next.parser.newFields();
            applies = java.util.Arrays.copyOf(applies, next.monitors.size());
            entries = java.util.Arrays.copyOf(entries, next.monitors.size());
            panes.extend(next.names, next.paneMillis);
        }

        /** What was wrong with the last rejected event, or {@code null}. */
        public String detail() {
            return detail;
        }
    }
}

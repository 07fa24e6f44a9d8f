package io.driftwatch.ingest;

/**
 * What happened to one input record: the closed set of {@code outcome}/{@code reason} tag values of
 * {@code drift_events_total}. A missing or bad field costs only its own series ({@link FieldProblems}): an event is
 * rejected for a field problem only when no monitor that applies to it could count it; its reason is the first bad
 * value's problem ({@code wrong-type}, {@code non-finite}), or {@code missing-field} when every such field is absent.
 */
public enum Outcome {
    /** Fed every monitor that applies to it. */
    ACCEPTED("accepted", "none"),
    /**
     * Fed some of the monitors that apply to it; the others' fields were missing or bad (counted per series in
     * {@link FieldProblems}).
     */
    PARTIAL("accepted", "partial"),
    /** No monitor applies to the event's model (model filters). */
    IGNORED("ignored", "no-monitor"),
    /** The record value is empty (null or zero bytes). */
    EMPTY("rejected", "empty"),
    /** The record value is larger than the configured limit. */
    OVERSIZED("rejected", "oversized"),
    /** Not parseable as JSON (truncated, invalid syntax, trailing garbage). */
    MALFORMED_JSON("rejected", "malformed-json"),
    /** Valid JSON, but not a JSON object. */
    NOT_AN_OBJECT("rejected", "not-an-object"),
    /** The time field is neither ISO-8601 text nor epoch milliseconds. */
    BAD_TIMESTAMP("rejected", "bad-timestamp"),
    /** The event time is further ahead of the wall clock than the allowed skew. */
    FUTURE_TIMESTAMP("rejected", "future-timestamp"),
    /** The model field is not a short string. */
    INVALID_MODEL("rejected", "invalid-model"),
    /** A required monitored field is absent or null (and no other applicable field could be counted). */
    MISSING_FIELD("rejected", "missing-field"),
    /** A monitored field has the wrong JSON type (text for a numeric monitor, an object, ...); no other counted. */
    WRONG_TYPE("rejected", "wrong-type"),
    /** A numeric monitored field is NaN, Infinity, or too large to be a finite double; no other counted. */
    NON_FINITE("rejected", "non-finite"),
    /** The event would create a series beyond {@code driftwatch.max-series}. */
    SERIES_LIMIT("rejected", "series-limit");

    private final String outcome;
    private final String reason;

    Outcome(String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    /** Whether the event was rejected (as opposed to accepted or ignored). */
    public boolean isRejected() {
        return outcome.equals("rejected");
    }

    /** The {@code outcome} tag: accepted, ignored or rejected. */
    public String outcomeTag() {
        return outcome;
    }

    /** The {@code reason} tag. */
    public String reasonTag() {
        return reason;
    }
}

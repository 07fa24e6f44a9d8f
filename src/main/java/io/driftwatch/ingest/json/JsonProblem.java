package io.driftwatch.ingest.json;

/** Why an event's bytes are not an event: what {@link EventParser#parse} reports for a document it cannot read. */
public enum JsonProblem {
    /** Not parseable as JSON (truncated, invalid syntax, trailing garbage). */
    MALFORMED,
    /** Valid JSON, but not a JSON object. */
    NOT_AN_OBJECT
}

package io.driftwatch.reference;

/** A reference change refused before anything was stored; the message says why and {@link #field()} where. */
public class RejectedChangeException extends RuntimeException {

    /** Why the change was refused. */
    public enum Reason {
        /** A request parameter or the model name is not valid. */
        INVALID,
        /** The request is valid, but the state does not allow it (e.g. a window too thin to bless). */
        CONFLICT,
        /** The body is in a format no reference can be read from. */
        UNSUPPORTED_FORMAT,
        /** The reference is too large to be stored (the reference topic's record size limit). */
        TOO_LARGE
    }

    private final Reason reason;
    private final String field;

    public RejectedChangeException(Reason reason, String message, String field) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The offending parameter, header or field, or {@code null}. */
    public String field() {
        return field;
    }
}

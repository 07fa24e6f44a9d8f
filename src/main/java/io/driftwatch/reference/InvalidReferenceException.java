package io.driftwatch.reference;

import java.util.Optional;

/**
 * A reference document that cannot be used; the message names the field, the value and what was expected, and
 * {@link #field()} names the offending field (e.g. {@code counts[3]}, {@code edges}, {@code line 17}) when there is one.
 */
public class InvalidReferenceException extends IllegalArgumentException {

    private final String field;

    public InvalidReferenceException(String message) {
        this(null, message);
    }

    public InvalidReferenceException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, if the problem is in one field. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The same problem with {@code prefix} in front of the message (e.g. the file it came from). */
    public InvalidReferenceException within(String prefix) {
        return new InvalidReferenceException(field, prefix + ": " + getMessage());
    }
}

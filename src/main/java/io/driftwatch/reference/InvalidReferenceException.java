package io.driftwatch.reference;

/** A reference document that cannot be used; the message names the field, the value and what was expected. */
public class InvalidReferenceException extends IllegalArgumentException {

    public InvalidReferenceException(String message) {
        super(message);
    }
}

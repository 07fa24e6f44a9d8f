package io.driftwatch.core.alert;

/** Alert severities, each with its own state machine; critical normally has the higher threshold. */
public enum Severity {
    WARNING("warning"),
    CRITICAL("critical");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The {@code severity} label value. */
    public String label() {
        return label;
    }
}

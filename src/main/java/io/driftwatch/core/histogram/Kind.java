package io.driftwatch.core.histogram;

/** What a monitored value is, and so how it is binned: by edges ({@link NumericBins}) or by category. */
public enum Kind {
    /** Numbers, binned by edges ({@link NumericBins}). */
    NUMERIC,
    /** Labels (strings, numbers or booleans taken as text), one bin per category ({@link CategoricalBins}). */
    CATEGORICAL;

    /** The configuration and API spelling: {@code numeric} or {@code categorical}. */
    public String label() {
        return this == NUMERIC ? "numeric" : "categorical";
    }
}

package io.driftwatch.core.alert;

import io.driftwatch.core.DriftReport;

/** The statistic an alert rule watches. */
public enum Statistic {
    /** {@code D(live || reference)}, nats. */
    KL("kl"),
    /** {@code D(reference || live)}, nats. */
    KL_REVERSE("kl-reverse"),
    /** Jensen–Shannon divergence, nats. */
    JS("js"),
    /** Population Stability Index. */
    PSI("psi"),
    /** Bias-corrected {@code D(live || reference)}, nats. */
    KL_CORRECTED("kl-corrected");

    private final String key;

    Statistic(String key) {
        this.key = key;
    }

    /** The configuration and message name ({@code kl}, {@code kl-reverse}, ...). */
    public String key() {
        return key;
    }

    /** This statistic's value in {@code report} (NaN when the report has insufficient data). */
    public double of(DriftReport report) {
        return switch (this) {
            case KL -> report.klForward();
            case KL_REVERSE -> report.klReverse();
            case JS -> report.divergence().jsNats();
            case PSI -> report.divergence().psi();
            case KL_CORRECTED -> report.klCorrected();
        };
    }

    /** Parses a configuration name. */
    public static Statistic fromKey(String key) {
        for (Statistic s : values()) {
            if (s.key.equalsIgnoreCase(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown statistic \"" + key + "\"; expected kl, kl-reverse, js, psi or" + " kl-corrected");
    }
}

package io.driftwatch.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The catalogue of statistics Driftwatch computes for a window against its reference: the one list that metrics
 * ({@code /q/metrics}), the API ({@code /api/monitors}, {@code /api/statistics}), alert rules and the page iterate.
 *
 * <p>Each entry reads its value straight from the {@link DriftReport} field computed by the core method named in its
 * javadoc, so a metric is one hop from the code that computes it. Divergences are in nats unless the unit says
 * otherwise. Every value is NaN when the report has insufficient data ("insufficient data", never 0).
 *
 * <p>Immutable and thread-safe.
 */
public enum Statistic {
    /**
     * {@code drift_kl_divergence}: {@code D(live || reference)}, nats; computed by
     * {@link io.driftwatch.core.divergence.Divergences#kl} in {@link io.driftwatch.core.divergence.DivergenceReport}.
     */
    KL(
            "kl",
            "kl",
            "KL(live‖ref)",
            "drift.kl.divergence",
            "nats",
            "KL divergence D(live||reference), nats",
            true,
            r -> r.divergence().klForward()),
    /** {@code drift_kl_divergence_reverse}: {@code D(reference || live)}, nats; {@code Divergences#kl}. */
    KL_REVERSE(
            "kl-reverse",
            "klReverse",
            "KL(ref‖live)",
            "drift.kl.divergence.reverse",
            "nats",
            "KL divergence D(reference||live), nats",
            true,
            r -> r.divergence().klReverse()),
    /** {@code drift_kl_noise_floor}: {@link io.driftwatch.core.significance.NoiseFloor#kl} times Williams' q. */
    NOISE_FLOOR(
            "noise-floor",
            "noiseFloor",
            "noise floor",
            "drift.kl.noise.floor",
            "nats",
            "KL a no-drift window of this size exceeds with probability alpha",
            false,
            DriftReport::noiseFloor),
    /** {@code drift_p_value}: {@link io.driftwatch.core.significance.GTests#twoSample}, Williams-corrected. */
    P_VALUE(
            "p-value",
            "pValue",
            "p-value",
            "drift.p.value",
            "probability",
            "p-value of the two-sample G-test (Williams-corrected)",
            false,
            r -> r.test().pValue()),
    /** {@code drift_js_divergence}: {@link io.driftwatch.core.divergence.Divergences#jensenShannon}, nats. */
    JS("js", "js", "JS", "drift.js.divergence", "nats", "Jensen-Shannon divergence, nats", true, r -> r.divergence()
            .jsNats()),
    /** Jensen–Shannon divergence in bits, {@code [0, 1]}: {@link io.driftwatch.core.divergence.DivergenceReport#jsBits}. */
    JS_BITS(
            "js-bits",
            "jsBits",
            "JS (bits)",
            null,
            "bits",
            "Jensen-Shannon divergence, bits",
            false,
            r -> r.divergence().jsBits()),
    /** {@code drift_psi}: {@link io.driftwatch.core.divergence.Divergences#psi}. */
    PSI("psi", "psi", "PSI", "drift.psi", "nats", "Population Stability Index", true, r -> r.divergence()
            .psi()),
    /** {@code drift_hellinger_distance}: {@link io.driftwatch.core.divergence.Divergences#hellinger}. */
    HELLINGER(
            "hellinger",
            "hellinger",
            "Hellinger",
            "drift.hellinger.distance",
            "distance in [0, 1]",
            "Hellinger distance",
            false,
            r -> r.divergence().hellinger()),
    /** {@code drift_kl_divergence_corrected}: {@link io.driftwatch.core.significance.NoiseFloor#biasCorrectedKl}. */
    KL_CORRECTED(
            "kl-corrected",
            "klCorrected",
            "KL corrected",
            "drift.kl.divergence.corrected",
            "nats",
            "Bias-corrected KL D(live||reference), nats, floored at 0",
            true,
            DriftReport::klCorrected),
    /** Total variation distance: {@link io.driftwatch.core.divergence.Divergences#totalVariation}. */
    TOTAL_VARIATION(
            "total-variation",
            "totalVariation",
            "total variation",
            null,
            "distance in [0, 1]",
            "Total variation distance",
            false,
            r -> r.divergence().totalVariation()),
    /** Cross-entropy {@code H(live, reference)}: {@link io.driftwatch.core.divergence.Divergences#crossEntropy}. */
    CROSS_ENTROPY(
            "cross-entropy",
            "crossEntropy",
            "cross-entropy",
            null,
            "nats",
            "Cross-entropy H(live, reference), nats",
            false,
            r -> r.divergence().crossEntropy()),
    /** The G statistic {@code 2N·D(p̂||q)} (two-sample form): {@link io.driftwatch.core.significance.GTests}. */
    G("g", "g", "G", null, "statistic", "G statistic of the two-sample G-test", false, r -> r.test()
            .statistic()),
    /** Williams' correction factor q of the G-test: {@link io.driftwatch.core.significance.GTests}. */
    WILLIAMS_Q(
            "williams-q",
            "williamsQ",
            "Williams q",
            null,
            "factor",
            "Williams' correction q of the G-test",
            false,
            r -> r.test().williamsQ());

    private final String key;
    private final String jsonName;
    private final String label;
    private final String metricName;
    private final String unit;
    private final String description;
    private final boolean alertable;
    private final ToDoubleFunction<DriftReport> reader;

    Statistic(
            String key,
            String jsonName,
            String label,
            String metricName,
            String unit,
            String description,
            boolean alertable,
            ToDoubleFunction<DriftReport> reader) {
        this.key = key;
        this.jsonName = jsonName;
        this.label = label;
        this.metricName = metricName;
        this.unit = unit;
        this.description = description;
        this.alertable = alertable;
        this.reader = reader;
    }

    /** The configuration and alert-message name ({@code kl}, {@code kl-reverse}, ...). */
    public String key() {
        return key;
    }

    /** The field name in API responses ({@code kl}, {@code klReverse}, ...). */
    public String jsonName() {
        return jsonName;
    }

    /** A short human label for the page ({@code KL(live‖ref)}). */
    public String label() {
        return label;
    }

    /**
     * The Micrometer name of its gauge ({@code drift.kl.divergence}, exported as {@code drift_kl_divergence}), or
     * empty when the statistic is only in the API.
     */
    public Optional<String> metricName() {
        return Optional.ofNullable(metricName);
    }

    /** The unit ({@code nats}, {@code bits}, ...). */
    public String unit() {
        return unit;
    }

    /** One line saying what it is (the metric's HELP text). */
    public String description() {
        return description;
    }

    /** Whether an alert rule may watch it ({@code driftwatch.alerts.rule.statistic}). */
    public boolean alertable() {
        return alertable;
    }

    /** This statistic's value in {@code report}; NaN when the report has insufficient data. */
    public double of(DriftReport report) {
        return reader.applyAsDouble(report);
    }

    /** The statistics published as gauges, in catalogue order. */
    public static List<Statistic> published() {
        return Arrays.stream(values()).filter(s -> s.metricName != null).toList();
    }

    /**
     * Parses an alert rule's statistic name.
     *
     * @throws IllegalArgumentException naming the value and the names an alert rule accepts
     */
    public static Statistic fromKey(String key) {
        for (Statistic s : values()) {
            if (s.alertable && s.key.equalsIgnoreCase(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown statistic \"" + key + "\"; expected one of "
                + String.join(
                        ", ",
                        Arrays.stream(values())
                                .filter(Statistic::alertable)
                                .map(Statistic::key)
                                .toList()));
    }
}

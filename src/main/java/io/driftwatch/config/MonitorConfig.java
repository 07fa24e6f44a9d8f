package io.driftwatch.config;

import io.driftwatch.core.histogram.Kind;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One monitored field, or with {@link #fields()} every member of an object. */
public interface MonitorConfig {

    /** JSON Pointer (RFC 6901) of the monitored value in each event, e.g. {@code /score}. This or {@link #fields()}. */
    Optional<String> field();

    /**
     * Every member of an object, e.g. {@code /features/*}: each member is a monitor {@code <name>.<member>}, its kind
     * and reference built from the training file in {@link #reference()}. This or {@link #field()}.
     */
    Optional<String> fields();

    /** With {@link #fields()}: only these members (default: all). */
    Optional<List<String>> include();

    /** With {@link #fields()}: never these members. */
    Optional<List<String>> exclude();

    /**
     * With {@link #fields()}: declared kinds ({@code kinds.<member>=categorical}); the other members get the kind of
     * their whole training column (numeric when every value is a number and there are two distinct ones).
     */
    Map<String, Kind> kinds();

    /** {@code numeric} (binned by edges) or {@code categorical} (one bin per category). Required with {@link #field()}. */
    Optional<Kind> kind();

    /**
     * Path of the reference file (see docs/references.md for its formats). Required. With {@link #fields()}: a training
     * file, {@code .csv} with a header naming the members or {@code .jsonl} of events.
     */
    Optional<String> reference();

    /** Length of the sliding window, a multiple of {@link #pane()}. Default {@code driftwatch.monitor-defaults.window}. */
    Optional<Duration> window();

    /**
     * Length of one pane: the window advances in steps of one pane. Default {@code driftwatch.monitor-defaults.pane}.
     */
    Optional<Duration> pane();

    /**
     * Number of quantile bins when the reference is given as numeric samples. Default
     * {@code driftwatch.monitor-defaults.bins}.
     */
    Optional<Integer> bins();

    /** Only events whose {@code model} equals this are monitored; absent: every model, one series each. */
    Optional<String> model();

    /**
     * Windows with fewer live events report "insufficient data" (NaN). Default
     * {@code driftwatch.monitor-defaults.min-samples}.
     */
    @WithName("min-samples")
    Optional<Long> minSamples();

    /**
     * Additive smoothing pseudo-count per bin, on both sides, {@code >= 0}. Default
     * {@code driftwatch.monitor-defaults.pseudo-count}.
     */
    @WithName("pseudo-count")
    Optional<Double> pseudoCount();

    /**
     * {@code false} (default): an event of the model without this field (or with {@code null}) is a data-quality
     * problem of this series ({@code drift_data_quality_events_total{problem="missing"}}); the event still feeds the
     * model's other monitors. {@code true}: such an event simply does not feed this monitor, and is not counted.
     */
    @WithDefault("false")
    boolean optional();

    /**
     * Per-model overrides ({@code driftwatch.monitors.<name>.models.<model>.reference}): the reference a model's
     * series uses instead of the monitor's {@link #reference()}.
     */
    Map<String, ModelOverride> models();

    /** This monitor's alert rule; unset keys fall back to {@code driftwatch.alerts.rule.*}. */
    AlertRuleConfig alert();

    /** What one model overrides in a monitor. */
    interface ModelOverride {

        /** Path of this model's reference file (same formats as the monitor's). Required. */
        String reference();
    }
}

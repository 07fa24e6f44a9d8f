package io.driftwatch.monitor;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.alert.AlertRule;
import io.driftwatch.core.histogram.Kind;
import java.util.Optional;

/**
 * What one monitor watches and how its windows are scored and alerted on; validated, immutable. Its references live in
 * the {@link Monitor}, since they change at run time.
 *
 * @param name monitor name (the {@code monitor} tag)
 * @param field JSON Pointer of the watched value
 * @param kind numeric (binned by edges) or categorical (one bin per category)
 * @param quantileBins how many quantile bins a reference given as numeric samples gets
 * @param paneMillis pane length
 * @param paneCount panes per window
 * @param model if present, only this model is monitored
 * @param optional whether events without the field are accepted (without feeding this monitor)
 * @param analyzer how windows are scored
 * @param alertRule when a series of this monitor alerts
 */
public record MonitorDefinition(
        String name,
        String field,
        Kind kind,
        int quantileBins,
        long paneMillis,
        int paneCount,
        Optional<String> model,
        boolean optional,
        DriftAnalyzer analyzer,
        AlertRule alertRule) {

    /** Quantile bins of a samples reference when not configured ({@code driftwatch.monitors.<name>.bins}). */
    public static final int DEFAULT_QUANTILE_BINS = 20;

    /** A definition with the default quantile bins and the built-in alert rule. */
    public MonitorDefinition(
            String name,
            String field,
            Kind kind,
            long paneMillis,
            int paneCount,
            Optional<String> model,
            boolean optional,
            DriftAnalyzer analyzer) {
        this(
                name,
                field,
                kind,
                DEFAULT_QUANTILE_BINS,
                paneMillis,
                paneCount,
                model,
                optional,
                analyzer,
                AlertRule.defaults(analyzer.minSamples()));
    }

    public boolean numeric() {
        return kind == Kind.NUMERIC;
    }

    public boolean appliesTo(String modelName) {
        return model.isEmpty() || model.get().equals(modelName);
    }
}

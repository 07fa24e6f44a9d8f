package io.driftwatch.monitor;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import java.util.Optional;

/**
 * One configured monitor, validated: what it watches, its reference and how its windows are scored. Immutable.
 *
 * @param name monitor name (the {@code monitor} tag)
 * @param field JSON Pointer of the watched value
 * @param reference the default reference for every model
 * @param paneMillis pane length
 * @param paneCount panes per window
 * @param model if present, only this model is monitored
 * @param optional whether events without the field are accepted (without feeding this monitor)
 * @param analyzer how windows are scored
 */
public record MonitorDefinition(
        String name,
        String field,
        Reference reference,
        long paneMillis,
        int paneCount,
        Optional<String> model,
        boolean optional,
        DriftAnalyzer analyzer) {

    public BinScheme bins() {
        return reference.bins();
    }

    public boolean numeric() {
        return reference.bins() instanceof NumericBins;
    }

    /** Bin of a numeric value; only for numeric monitors. */
    public int binOf(double value) {
        return ((NumericBins) reference.bins()).binOf(value);
    }

    /** Bin of a categorical value; only for categorical monitors. */
    public int binOf(String value) {
        return ((CategoricalBins) reference.bins()).binOf(value);
    }

    public boolean appliesTo(String modelName) {
        return model.isEmpty() || model.get().equals(modelName);
    }
}

package io.driftwatch.monitor;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import java.util.Map;
import java.util.Optional;

/**
 * One configured monitor, validated: what it watches, its reference and how its windows are scored. Immutable.
 *
 * @param name monitor name (the {@code monitor} tag)
 * @param field JSON Pointer of the watched value
 * @param reference the default reference for every model
 * @param modelReferences per-model references that replace {@code reference} for those models
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
        Map<String, Reference> modelReferences,
        long paneMillis,
        int paneCount,
        Optional<String> model,
        boolean optional,
        DriftAnalyzer analyzer) {

    public MonitorDefinition {
        modelReferences = Map.copyOf(modelReferences);
    }

    public boolean numeric() {
        return reference.bins() instanceof NumericBins;
    }

    public boolean appliesTo(String modelName) {
        return model.isEmpty() || model.get().equals(modelName);
    }
}

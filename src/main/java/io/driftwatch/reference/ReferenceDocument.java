package io.driftwatch.reference;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;

/**
 * Writes a reference as the histogram document {@link ReferenceParser} reads, so that any reference (also one built
 * from samples or from a live window) can be stored, downloaded and uploaded again unchanged:
 *
 * <ul>
 *   <li>numeric: {@code {"edges":[...],"counts":[...],"underflow":n,"overflow":n}}; an open-ended first or last bin
 *       (quantile bins) is written as the edge {@code "-Infinity"} / {@code "Infinity"} with no underflow / overflow
 *       count;
 *   <li>categorical: {@code {"categories":[...],"counts":[...],"unseen":n}}.
 * </ul>
 *
 * <p>{@code ReferenceParser.parse(toJson(r))} equals {@code r} and has the same {@link Reference#version()}.
 */
public final class ReferenceDocument {

    private ReferenceDocument() {}

    public static ObjectNode toJson(Reference reference) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        if (reference.bins() instanceof NumericBins numeric) {
            ArrayNode edges = doc.putArray("edges");
            for (double e : numeric.edges()) {
                if (e == Double.NEGATIVE_INFINITY) {
                    edges.add("-Infinity");
                } else if (e == Double.POSITIVE_INFINITY) {
                    edges.add("Infinity");
                } else {
                    edges.add(e);
                }
            }
            ArrayNode counts = doc.putArray("counts");
            for (int j = 0; j < numeric.interiorBins(); j++) {
                counts.add(reference.count(numeric.interiorBin(j)));
            }
            if (numeric.underflowBin() >= 0) {
                doc.put("underflow", reference.count(numeric.underflowBin()));
            }
            if (numeric.overflowBin() >= 0) {
                doc.put("overflow", reference.count(numeric.overflowBin()));
            }
        } else {
            CategoricalBins categorical = (CategoricalBins) reference.bins();
            ArrayNode categories = doc.putArray("categories");
            categorical.categories().forEach(categories::add);
            ArrayNode counts = doc.putArray("counts");
            for (int i = 0; i < categorical.categories().size(); i++) {
                counts.add(reference.count(i));
            }
            doc.put("unseen", reference.count(categorical.unseenBin()));
        }
        return doc;
    }
}

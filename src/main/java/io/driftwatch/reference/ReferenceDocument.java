package io.driftwatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The histogram document: how a reference is written ({@link #toJson}) and read back ({@link #read}), so that any
 * reference (also one built from samples or from a live window) can be stored, downloaded and uploaded again unchanged:
 *
 * <ul>
 *   <li>numeric: {@code {"edges":[...],"counts":[...],"underflow":n,"overflow":n}}; an open-ended first or last bin
 *       (quantile bins) is written as the edge {@code "-Infinity"} / {@code "Infinity"} with no underflow / overflow
 *       count;
 *   <li>categorical: {@code {"categories":[...],"counts":[...],"unseen":n}}.
 * </ul>
 *
 * <p>{@code read(toJson(r))} equals {@code r} and has the same {@link Reference#version()}. Reading errors are
 * {@link InvalidReferenceException}s naming the field, the value and what was expected. Thread-safe.
 */
public final class ReferenceDocument {

    private ReferenceDocument() {}

    /**
     * Reads a histogram document ({@code "edges"} or {@code "categories"}) for a monitor of {@code kind}. The number of
     * edges or categories is checked against {@code limits} before anything is built.
     *
     * @throws InvalidReferenceException naming the offending field
     */
    public static Reference read(JsonNode root, Kind kind, ReferenceLimits limits) {
        if (root.has("edges")) {
            requireKind(kind, Kind.NUMERIC, "edges");
            JsonNode edges = root.get("edges");
            if (edges.isArray()) {
                limits.edgesProblem(edges.size()).ifPresent(problem -> {
                    throw new InvalidReferenceException("edges", "\"edges\": " + problem);
                });
            }
            return numericHistogram(root);
        }
        if (root.has("categories")) {
            requireKind(kind, Kind.CATEGORICAL, "categories");
            JsonNode categories = root.get("categories");
            if (categories.isArray()) {
                limits.categoriesProblem(categories.size()).ifPresent(problem -> {
                    throw new InvalidReferenceException("categories", "\"categories\": " + problem);
                });
            }
            return categoricalHistogram(root);
        }
        throw new InvalidReferenceException("expected a histogram with \"edges\" or \"categories\"");
    }

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

    private static void requireKind(Kind actual, Kind expected, String field) {
        if (actual != expected) {
            throw new InvalidReferenceException(
                    field,
                    "field \"" + field + "\" describes a " + expected.label() + " reference, but the monitor is "
                            + actual.label());
        }
    }

    private static Reference numericHistogram(JsonNode root) {
        double[] edges = edges(root.get("edges"));
        NumericBins scheme;
        try {
            scheme = NumericBins.ofEdges(edges);
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException("edges", "\"edges\": " + e.getMessage());
        }
        long[] interior = counts(root.get("counts"), "counts");
        if (interior.length != scheme.interiorBins()) {
            throw new InvalidReferenceException(
                    "counts",
                    "\"counts\" has " + interior.length + " entries but \"edges\" has " + edges.length
                            + " values, which define " + scheme.interiorBins() + " bins");
        }
        long[] all = new long[scheme.binCount()];
        for (int j = 0; j < interior.length; j++) {
            all[scheme.interiorBin(j)] = interior[j];
        }
        outerCount(root, "underflow", scheme.underflowBin(), all, "the first edge is -Infinity");
        outerCount(root, "overflow", scheme.overflowBin(), all, "the last edge is +Infinity");
        return checkedTotal(scheme, all);
    }

    /** Stores the optional underflow/overflow count; an open-ended scheme has no such bin, so only 0 is allowed. */
    private static void outerCount(JsonNode root, String field, int bin, long[] all, String openReason) {
        long count = optionalCount(root, field);
        if (bin >= 0) {
            all[bin] = count;
        } else if (count != 0) {
            throw new InvalidReferenceException(
                    field, "\"" + field + "\" = " + count + " but there is no " + field + " bin: " + openReason);
        }
    }

    /** Edges: numbers, where the first may be "-Infinity" and the last "Infinity" (open-ended outer bins). */
    private static double[] edges(JsonNode node) {
        if (node == null || !node.isArray() || node.size() < 2) {
            throw new InvalidReferenceException("edges", "\"edges\" must be an array of at least 2 numbers");
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            String text = v.isTextual() ? v.asText() : "";
            if (i == 0 && text.equals("-Infinity")) {
                values[i] = Double.NEGATIVE_INFINITY;
            } else if (i == values.length - 1 && (text.equals("Infinity") || text.equals("+Infinity"))) {
                values[i] = Double.POSITIVE_INFINITY;
            } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
                values[i] = v.asDouble();
            } else {
                throw new InvalidReferenceException(
                        "edges[" + i + "]",
                        "edges[" + i + "] must be a finite number (only the first edge may be \"-Infinity\" and"
                                + " the last \"Infinity\"), got " + v);
            }
        }
        return values;
    }

    private static Reference categoricalHistogram(JsonNode root) {
        JsonNode node = root.get("categories");
        if (!node.isArray()) {
            throw new InvalidReferenceException(
                    "categories", "\"categories\" must be an array of strings, got " + node.getNodeType());
        }
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            if (!c.isTextual()) {
                throw new InvalidReferenceException(
                        "categories[" + i + "]", "categories[" + i + "] must be a string, got " + c);
            }
            categories.add(c.asText());
        }
        CategoricalBins scheme;
        try {
            scheme = CategoricalBins.of(categories);
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException("categories", "\"categories\": " + e.getMessage());
        }
        long[] known = counts(root.get("counts"), "counts");
        if (known.length != categories.size()) {
            throw new InvalidReferenceException(
                    "counts",
                    "\"counts\" has " + known.length + " entries but \"categories\" has " + categories.size());
        }
        long[] all = new long[scheme.binCount()];
        System.arraycopy(known, 0, all, 0, known.length);
        all[scheme.unseenBin()] = optionalCount(root, "unseen");
        return checkedTotal(scheme, all);
    }

    /** The reference, or an error naming {@code counts} when they sum to more than {@link Reference#MAX_TOTAL}. */
    private static Reference checkedTotal(BinScheme scheme, long[] all) {
        if (Reference.boundedSum(all) < 0) {
            throw new InvalidReferenceException("counts", Reference.TOO_MANY_EVENTS);
        }
        return Reference.of(scheme, all);
    }

    private static long[] counts(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new InvalidReferenceException(
                    field, "\"" + field + "\" must be an array of non-negative whole numbers");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = count(node.get(i), field + "[" + i + "]");
        }
        return values;
    }

    private static long optionalCount(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? 0 : count(node, field);
    }

    private static long count(JsonNode v, String what) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isNumber() && v.asDouble() >= 0 && v.asDouble() == Math.rint(v.asDouble()) && v.asDouble() < 9e15) {
            return (long) v.asDouble();
        }
        throw new InvalidReferenceException(
                what,
                what + " = " + v + " is not a non-negative whole number; give counts"
                        + " (how many reference events fell in the bin), not probabilities");
    }
}

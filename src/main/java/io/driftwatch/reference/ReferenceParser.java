package io.driftwatch.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig.Kind;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a reference distribution from JSON. Three formats:
 *
 * <ul>
 *   <li>numeric histogram {@code {"edges":[e0,...,ek],"counts":[c1,...,ck]}} with optional {@code "underflow"} and
 *       {@code "overflow"} counts (default 0);
 *   <li>categorical histogram {@code {"categories":["a",...],"counts":[...]}} (the unseen bin's count is 0 unless
 *       {@code "unseen"} is given);
 *   <li>raw samples {@code {"samples":[...]}}: numeric samples are binned at their quantiles ({@link QuantileBinning}),
 *       categorical samples (strings) are counted, categories ordered by decreasing count, then name.
 * </ul>
 *
 * <p>Every error is an {@link InvalidReferenceException} whose message names the field, the value and what was
 * expected. Thread-safe.
 */
public final class ReferenceParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceParser() {}

    /** Reads and parses a reference file; {@code source} is used in error messages. */
    public static Reference readFile(Path path, Kind kind, int bins) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidReferenceException("reference file " + path.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw new InvalidReferenceException("cannot read reference file " + path + ": " + e.getMessage());
        }
        try {
            return parse(bytes, kind, bins);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException("reference file " + path + ": " + e.getMessage());
        }
    }

    /** Parses a reference document for a monitor of {@code kind}, quantile-binning samples into {@code bins}. */
    public static Reference parse(byte[] json, Kind kind, int bins) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidReferenceException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidReferenceException("cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReferenceException("expected a JSON object with \"edges\", \"categories\" or \"samples\"");
        }
        try {
            if (root.has("samples")) {
                return kind == Kind.NUMERIC ? numericSamples(root.get("samples"), bins) : categoricalSamples(root);
            }
            if (root.has("edges")) {
                requireKind(kind, Kind.NUMERIC, "edges");
                return numericHistogram(root);
            }
            if (root.has("categories")) {
                requireKind(kind, Kind.CATEGORICAL, "categories");
                return categoricalHistogram(root);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException(e.getMessage());
        }
        throw new InvalidReferenceException(
                "expected one of the fields \"edges\" (numeric histogram), \"categories\" (categorical histogram) or"
                        + " \"samples\", found " + fieldNames(root));
    }

    private static void requireKind(Kind actual, Kind expected, String field) {
        if (actual != expected) {
            throw new InvalidReferenceException(
                    "field \"" + field + "\" describes a " + expected.name().toLowerCase()
                            + " reference, but the monitor is " + actual.name().toLowerCase());
        }
    }

    private static Reference numericHistogram(JsonNode root) {
        double[] edges = numbers(root.get("edges"), "edges");
        NumericBins scheme = NumericBins.ofEdges(edges);
        long[] interior = counts(root.get("counts"), "counts");
        if (interior.length != scheme.interiorBins()) {
            throw new InvalidReferenceException("\"counts\" has " + interior.length + " entries but \"edges\" has "
                    + edges.length + " values, which define " + scheme.interiorBins() + " bins");
        }
        long[] all = new long[scheme.binCount()];
        all[scheme.underflowBin()] = optionalCount(root, "underflow");
        System.arraycopy(interior, 0, all, 1, interior.length);
        all[scheme.overflowBin()] = optionalCount(root, "overflow");
        return Reference.of(scheme, all);
    }

    private static Reference categoricalHistogram(JsonNode root) {
        JsonNode node = root.get("categories");
        if (!node.isArray()) {
            throw new InvalidReferenceException(
                    "\"categories\" must be an array of strings, got " + node.getNodeType());
        }
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            if (!c.isTextual()) {
                throw new InvalidReferenceException("categories[" + i + "] must be a string, got " + c);
            }
            categories.add(c.asText());
        }
        CategoricalBins scheme = CategoricalBins.of(categories);
        long[] known = counts(root.get("counts"), "counts");
        if (known.length != categories.size()) {
            throw new InvalidReferenceException(
                    "\"counts\" has " + known.length + " entries but \"categories\" has " + categories.size());
        }
        long[] all = new long[scheme.binCount()];
        System.arraycopy(known, 0, all, 0, known.length);
        all[scheme.unseenBin()] = optionalCount(root, "unseen");
        return Reference.of(scheme, all);
    }

    private static Reference numericSamples(JsonNode node, int bins) {
        double[] samples = numbers(node, "samples");
        NumericBins scheme = QuantileBinning.edgesFromSamples(samples, bins);
        return Reference.of(scheme, QuantileBinning.count(scheme, samples));
    }

    private static Reference categoricalSamples(JsonNode root) {
        JsonNode node = root.get("samples");
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidReferenceException("\"samples\" must be a non-empty array");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isValueNode() || s.isNull()) {
                throw new InvalidReferenceException("samples[" + i + "] must be a string, number or boolean, got " + s);
            }
            counts.merge(s.asText(), 1L, Long::sum);
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        CategoricalBins scheme =
                CategoricalBins.of(entries.stream().map(Map.Entry::getKey).toList());
        long[] all = new long[scheme.binCount()];
        for (int i = 0; i < entries.size(); i++) {
            all[i] = entries.get(i).getValue();
        }
        return Reference.of(scheme, all);
    }

    private static double[] numbers(JsonNode node, String field) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new InvalidReferenceException("\"" + field + "\" must be a non-empty array of numbers");
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw new InvalidReferenceException(field + "[" + i + "] must be a number, got " + v);
            }
            values[i] = v.asDouble();
            if (!Double.isFinite(values[i])) {
                throw new InvalidReferenceException(field + "[" + i + "] must be finite, got " + v);
            }
        }
        return values;
    }

    private static long[] counts(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new InvalidReferenceException("\"" + field + "\" must be an array of non-negative whole numbers");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = count(node.get(i), field + "[" + i + "]");
        }
        return values;
    }

    private static long optionalCount(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? 0 : count(node, "\"" + field + "\"");
    }

    private static long count(JsonNode v, String what) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isNumber() && v.asDouble() >= 0 && v.asDouble() == Math.rint(v.asDouble()) && v.asDouble() < 9e15) {
            return (long) v.asDouble();
        }
        throw new InvalidReferenceException(what + " = " + v + " is not a non-negative whole number; give counts"
                + " (how many reference events fell in the bin), not probabilities");
    }

    private static String fieldNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            names.add('"' + it.next() + '"');
        }
        return names.isEmpty() ? "no fields" : String.join(", ", names);
    }
}

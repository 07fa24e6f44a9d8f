package io.driftwatch.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
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
 * Reads a reference distribution from an upload or a file: a histogram document (read by {@link ReferenceDocument},
 * which also writes it), raw samples in JSON, or samples in CSV ({@link CsvSamples}). Three JSON formats:
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
 * expected. A reference with more bins or categories than its {@link ReferenceLimits} allow is refused before its bins
 * are built (categorical samples stop being counted at the first category over the limit). Thread-safe.
 */
public final class ReferenceParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceParser() {}

    /** Reads and parses a reference file; errors name the file. */
    public static Reference readFile(Path path, Kind kind, int bins, ReferenceLimits limits) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidReferenceException("reference file " + path.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw new InvalidReferenceException("cannot read reference file " + path + ": " + e.getMessage());
        }
        try {
            return parseDocument(bytes, kind, bins, null, limits).reference();
        } catch (InvalidReferenceException e) {
            throw e.within("reference file " + path);
        }
    }

    /**
     * Parses a reference document for a monitor of {@code kind} within the default limits, quantile-binning samples
     * into {@code bins}.
     */
    public static Reference parse(byte[] json, Kind kind, int bins) {
        return parseDocument(json, kind, bins, null, ReferenceLimits.DEFAULT).reference();
    }

    /** A parsed reference and the format it was given in: {@code histogram} or {@code samples}. */
    public record Parsed(Reference reference, String format) {}

    /**
     * Parses a reference document for a monitor of {@code kind}, telling which format the document had.
     *
     * @param bins number of quantile bins for numeric samples
     * @param keep if not {@code null}, samples are counted into these bins instead (numeric samples are then not
     *     quantile-binned, categorical samples outside its categories count as unseen); histograms bring their own bins
     * @param limits the most bins and categories the reference may have
     */
    public static Parsed parseDocument(byte[] json, Kind kind, int bins, BinScheme keep, ReferenceLimits limits) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "");
            var at = e.getLocation();
            throw new InvalidReferenceException(
                    "body",
                    "not valid JSON"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + ": " + message);
        } catch (IOException e) {
            throw new InvalidReferenceException("cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReferenceException("expected a JSON object with \"edges\", \"categories\" or \"samples\"");
        }
        try {
            if (root.has("samples")) {
                return new Parsed(
                        kind == Kind.NUMERIC
                                ? fromNumbers(numbers(root.get("samples"), "samples"), bins, keep)
                                : fromLabels(labels(root.get("samples")), keep, limits),
                        "samples");
            }
            if (root.has("edges") || root.has("categories")) {
                return new Parsed(ReferenceDocument.read(root, kind, limits), "histogram");
            }
        } catch (InvalidReferenceException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException(e.getMessage());
        }
        throw new InvalidReferenceException(
                null,
                "expected one of the fields \"edges\" (numeric histogram), \"categories\" (categorical histogram) or"
                        + " \"samples\", found " + fieldNames(root));
    }

    /**
     * Parses a CSV file of samples (header line first, one sample per line; see {@link CsvSamples}).
     *
     * @param column the header name of the column to read, or {@code null} if the file has one column
     * @param keep as in {@link #parseDocument}
     * @param limits as in {@link #parseDocument}
     */
    public static Reference parseCsv(
            byte[] csv, Kind kind, int bins, BinScheme keep, String column, ReferenceLimits limits) {
        return kind == Kind.NUMERIC
                ? fromNumbers(CsvSamples.numbers(csv, column), bins, keep)
                : fromLabels(CsvSamples.column(csv, column), keep, limits);
    }

    /**
     * Builds a reference from numeric samples: quantile bins ({@link QuantileBinning}) unless {@code keep} is given.
     */
    static Reference fromNumbers(double[] samples, int bins, BinScheme keep) {
        NumericBins scheme;
        if (keep == null) {
            try {
                scheme = QuantileBinning.edgesFromSamples(samples, bins);
            } catch (IllegalArgumentException e) {
                throw new InvalidReferenceException("samples", "samples: " + e.getMessage());
            }
        } else if (keep instanceof NumericBins numeric) {
            scheme = numeric;
        } else {
            throw new InvalidReferenceException("samples", "numeric samples cannot fill categorical bins");
        }
        return Reference.of(scheme, QuantileBinning.count(scheme, samples));
    }

    /**
     * Builds a reference from categorical samples: one bin per distinct value, ordered by decreasing count, then
     * name; or counted into {@code keep}'s categories when given (values outside them count as unseen).
     *
     * @throws InvalidReferenceException (field {@code samples}) as soon as there are more distinct values than
     *     {@code limits} allow
     */
    static Reference fromLabels(List<String> samples, BinScheme keep, ReferenceLimits limits) {
        if (keep instanceof CategoricalBins categorical) {
            long[] all = new long[categorical.binCount()];
            samples.forEach(v -> all[categorical.binOf(v)]++);
            return Reference.of(categorical, all);
        }
        if (keep != null) {
            throw new InvalidReferenceException("samples", "categorical samples cannot fill numeric bins");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String v : samples) {
            if (counts.merge(v, 1L, Long::sum) == 1L && counts.size() > limits.maxCategories()) {
                throw new InvalidReferenceException(
                        "samples",
                        "the samples have more than " + limits.maxCategories() + " distinct values; at most "
                                + limits.maxCategories() + " categories are allowed ("
                                + ReferenceLimits.MAX_CATEGORIES_KEY + ")");
            }
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

    private static List<String> labels(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidReferenceException("samples", "\"samples\" must be a non-empty array");
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isValueNode() || s.isNull()) {
                throw new InvalidReferenceException(
                        "samples[" + i + "]", "samples[" + i + "] must be a string, number or boolean, got " + s);
            }
            values.add(s.asText());
        }
        return values;
    }

    private static double[] numbers(JsonNode node, String field) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new InvalidReferenceException(field, "\"" + field + "\" must be a non-empty array of numbers");
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw new InvalidReferenceException(
                        field + "[" + i + "]", field + "[" + i + "] must be a number, got " + v);
            }
            values[i] = v.asDouble();
            if (!Double.isFinite(values[i])) {
                throw new InvalidReferenceException(
                        field + "[" + i + "]", field + "[" + i + "] must be finite, got " + v);
            }
        }
        return values;
    }

    private static String fieldNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            names.add('"' + it.next() + '"');
        }
        return names.isEmpty() ? "no fields" : String.join(", ", names);
    }
}

package io.driftwatch.reference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

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

    /**
     * Reads a reference file: a JSON document as {@link #parseDocument} reads it, or — when its name ends in
     * {@code .csv} — samples in CSV as an upload's ({@link #parseCsv}): its only column, or, when it has several,
     * the column named {@code csvColumn}.
     *
     * @throws InvalidReferenceException naming the file and what is wrong with it
     */
    public static Reference readFile(Path path, Kind kind, int bins, ReferenceLimits limits, String csvColumn) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidReferenceException("reference file " + path.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw new InvalidReferenceException("cannot read reference file " + path + ": " + e.getMessage());
        }
        try {
            if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                String column = CsvSamples.header(bytes).size() == 1 ? null : csvColumn;
                return parseCsv(bytes, kind, bins, null, column, limits);
            }
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
     * Parses a reference document for a monitor of {@code kind}, telling which format the document had. The document
     * is read as a stream: samples go straight into numbers or label counts (never a tree node per sample), and the
     * histogram arrays are refused as soon as they are longer than {@code limits} allow, so a document costs little
     * more than what it describes.
     *
     * @param bins number of quantile bins for numeric samples
     * @param keep if not {@code null}, samples are counted into these bins instead (numeric samples are then not
     *     quantile-binned, categorical samples outside its categories count as unseen); histograms bring their own bins
     * @param limits the most bins and categories the reference may have
     */
    public static Parsed parseDocument(byte[] json, Kind kind, int bins, BinScheme keep, ReferenceLimits limits) {
        ObjectNode root = JSON.createObjectNode();
        List<String> fields = new ArrayList<>();
        Reference fromSamples = null;
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidReferenceException(
                        "expected a JSON object with \"edges\", \"categories\" or \"samples\"");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.add('"' + name + '"');
                switch (name) {
                    case "samples" -> fromSamples = kind == Kind.NUMERIC
                            ? fromNumbers(numbers(p, value), bins, keep)
                            : labels(p, value, new LabelCounts(keep, limits));
                    case "edges" -> root.set(
                            name, boundedArray(p, value, name, limits.maxBins() + 1L, limits::edgesProblem));
                    case "categories" -> root.set(
                            name, boundedArray(p, value, name, limits.maxCategories(), limits::categoriesProblem));
                    case "counts" -> {
                        long most = Math.max(limits.maxBins(), limits.maxCategories()) + 1L;
                        root.set(
                                name,
                                boundedArray(
                                        p,
                                        value,
                                        name,
                                        most,
                                        n -> Optional.of(n + " counts; a reference within"
                                                + " the limits has at most " + most + " ("
                                                + ReferenceLimits.MAX_BINS_KEY
                                                + ", " + ReferenceLimits.MAX_CATEGORIES_KEY + ")")));
                    }
                    case "underflow", "overflow", "unseen" -> root.set(name, p.readValueAsTree());
                    default -> p.skipChildren(); // unknown: only its name is kept, for the error message
                }
            }
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
        try {
            if (fromSamples != null) {
                return new Parsed(fromSamples, "samples");
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
                        + " \"samples\", found " + (fields.isEmpty() ? "no fields" : String.join(", ", fields)));
    }

    /**
     * The array at the parser as a tree of at most {@code max} elements; a longer one is counted to its end without
     * being kept and refused with {@code problem} of its length (naming the field). Any other value is returned as is
     * (the document reader says what is wrong with it).
     */
    private static JsonNode boundedArray(
            JsonParser p, JsonToken value, String field, long max, LongFunction<Optional<String>> problem)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return p.readValueAsTree();
        }
        ArrayNode array = JSON.createArrayNode();
        long n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (++n <= max) {
                array.add((JsonNode) p.readValueAsTree());
            } else {
                p.skipChildren();
            }
        }
        if (n > max) {
            long length = n;
            throw new InvalidReferenceException(
                    field, "\"" + field + "\": " + problem.apply(length).orElse(length + " entries"));
        }
        return array;
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
        if (kind == Kind.NUMERIC) {
            return fromNumbers(CsvSamples.numbers(csv, column), bins, keep);
        }
        LabelCounts counts = new LabelCounts(keep, limits);
        CsvSamples.values(csv, column, counts::add);
        return counts.reference();
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
     * Counts categorical samples: one bin per distinct value, ordered by decreasing count, then name; or into
     * {@code keep}'s categories when given (values outside them count as unseen). Refuses (field {@code samples}) the
     * first distinct value beyond the limit, before counting on.
     */
    static final class LabelCounts {
        /**
         * A categorical upload whose distinct values are this many or more, every one a number with a fraction or an
         * exponent, is a numeric column sent to the wrong monitor: refused, not turned into thousands of categories.
         * Integer labels (classes 0/1/2) and a few decimal categories stay valid.
         */
        static final int LOOKS_NUMERIC_CATEGORIES = 20;

        private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
                "[-+]?(\\d*\\.\\d+|\\d+\\.\\d*)([eE][-+]?\\d+)?|[-+]?\\d+[eE][-+]?\\d+");

        private final CategoricalBins keep;
        private final long[] kept;
        private final ReferenceLimits limits;
        private final Map<String, long[]> counts = new LinkedHashMap<>();
        private long samples;

        LabelCounts(BinScheme keep, ReferenceLimits limits) {
            if (keep != null && !(keep instanceof CategoricalBins)) {
                throw new InvalidReferenceException("samples", "categorical samples cannot fill numeric bins");
            }
            this.keep = (CategoricalBins) keep;
            this.kept = keep == null ? null : new long[keep.binCount()];
            this.limits = limits;
        }

        void add(String value) {
            samples++;
            if (keep != null) {
                kept[keep.binOf(value)]++;
                return;
            }
            long[] c = counts.get(value);
            if (c == null) {
                if (counts.size() >= limits.maxCategories()) {
                    checkNotNumeric(); // the likelier mistake, said first
                    throw new InvalidReferenceException(
                            "samples",
                            "the samples have more than " + limits.maxCategories() + " distinct values; at most "
                                    + limits.maxCategories() + " categories are allowed ("
                                    + ReferenceLimits.MAX_CATEGORIES_KEY + ")");
                }
                c = new long[1];
                counts.put(value, c);
            }
            c[0]++;
        }

        private void checkNotNumeric() {
            if (counts.size() >= LOOKS_NUMERIC_CATEGORIES
                    && counts.keySet().stream().allMatch(v -> DECIMAL.matcher(v).matches())) {
                throw new InvalidReferenceException(
                        "samples",
                        "the monitor is categorical, but all " + counts.size() + " distinct samples so far are"
                                + " decimal numbers (e.g. "
                                + counts.keySet().iterator().next() + "): upload the"
                                + " field's category labels, or watch this field with a numeric monitor");
            }
        }

        Reference reference() {
            if (samples == 0) {
                throw new InvalidReferenceException("samples", "\"samples\" must be a non-empty array");
            }
            if (keep != null) {
                if (kept[keep.unseenBin()] == samples) {
                    throw new InvalidReferenceException(
                            "samples",
                            "none of the " + samples + " samples is one of the monitor's "
                                    + keep.categories().size()
                                    + " categories (e.g. " + keep.categories().get(0) + "); with binning=current the"
                                    + " samples must be category labels");
                }
                return Reference.of(keep, kept);
            }
            checkNotNumeric();
            List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
            entries.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                    .thenComparing(Map.Entry::getKey));
            CategoricalBins scheme =
                    CategoricalBins.of(entries.stream().map(Map.Entry::getKey).toList());
            long[] all = new long[scheme.binCount()];
            for (int i = 0; i < entries.size(); i++) {
                all[i] = entries.get(i).getValue()[0];
            }
            return Reference.of(scheme, all);
        }
    }

    /** Streams categorical samples (strings, numbers as written, booleans) into {@code counts}. */
    private static Reference labels(JsonParser p, JsonToken value, LabelCounts counts) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new InvalidReferenceException("samples", "\"samples\" must be a non-empty array");
        }
        int i = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
            if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
                String got =
                        t == JsonToken.VALUE_NULL ? "null" : p.readValueAsTree().toString();
                throw new InvalidReferenceException(
                        "samples[" + i + "]", "samples[" + i + "] must be a string, number or boolean, got " + got);
            }
            counts.add(p.getText());
        }
        return counts.reference();
    }

    /** Streams numeric samples into an array of finite numbers. */
    private static double[] numbers(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new InvalidReferenceException("samples", "\"samples\" must be a non-empty array of numbers");
        }
        double[] out = new double[1024];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), n++) {
            String field = "samples[" + n + "]";
            if (!t.isNumeric()) {
                String got =
                        t.isScalarValue() ? p.getText() : p.readValueAsTree().toString();
                throw new InvalidReferenceException(field, field + " must be a number, got " + got);
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidReferenceException(field, field + " must be finite, got " + p.getText());
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n] = d;
        }
        if (n == 0) {
            throw new InvalidReferenceException("samples", "\"samples\" must be a non-empty array of numbers");
        }
        return Arrays.copyOf(out, n);
    }
}

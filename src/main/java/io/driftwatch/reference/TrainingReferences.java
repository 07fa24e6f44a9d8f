package io.driftwatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.monitor.FieldPattern;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every feature's reference from one training file, in one streaming pass over it and bounded memory: a CSV whose
 * header names the features, or JSON Lines of events in the topic's form (the features are the members of the object
 * at the pattern's pointer).
 *
 * <p>The pass writes each feature's values to a spool file of its own; then each feature is built alone from its
 * spool:
 *
 * <ul>
 *   <li><b>numeric</b> (declared, or every value of the column is a finite number and there are two distinct ones): the
 *       quantile bins of {@link io.driftwatch.core.histogram.QuantileBinning} over all values, exactly as for an upload
 *       of samples. Memory: 8 bytes per value of that one feature.
 *   <li><b>categorical</b> (declared, or any value is not a number): the {@code topCategories} most frequent values,
 *       counted exactly, and every other value counted in the unseen bin ("other"). Candidates come from a frequent-items
 *       summary of at most {@code 32 x topCategories} entries (every value more frequent than {@code 1/(16 x
 *       topCategories)} of the column is among them), then a second read of the spool counts them exactly, so a
 *       user-id-like column costs no more memory than a small one.
 * </ul>
 *
 * <p>A kind is never guessed from one value: it is declared, or it is what the whole column is. An empty cell (CSV), a
 * {@code null} or an absent member (JSON Lines) is a missing value of that feature, counted, not an error; a row that
 * cannot be read (wrong number of cells, not JSON) is rejected whole, counted by reason, and the rest goes on. Not
 * thread-safe; each call is independent.
 */
public final class TrainingReferences {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Most features one file may define; further columns are listed as ignored. */
    public static final int MAX_FEATURES = 1_000;

    private TrainingReferences() {}

    /** The file's form. */
    public enum Format {
        CSV,
        JSON_LINES
    }

    /**
     * Which features to build and how.
     *
     * @param pointer JSON Lines: JSON Pointer of the object whose members are the features (e.g. {@code /features})
     * @param excluded why a feature name is not kept (include / exclude lists), or empty if it is; the others are listed
     *     as ignored
     * @param kinds declared kinds; the other features get the kind of their whole column
     * @param quantileBins bins of a numeric feature
     * @param topCategories categories of a categorical feature before the rest is counted as "other"
     * @param limits the most bins and categories a reference may have
     */
    public record Spec(
            String pointer,
            Function<String, Optional<String>> excluded,
            Map<String, Kind> kinds,
            int quantileBins,
            int topCategories,
            ReferenceLimits limits) {}

    /** The spec of a field pattern's features. */
    public static Spec spec(FieldPattern pattern, int quantileBins, int topCategories, ReferenceLimits limits) {
        return new Spec(pattern.pointer(), pattern::problem, pattern.kinds(), quantileBins, topCategories, limits);
    }

    /**
     * The form of a training file, by its name ({@code .csv}; {@code .jsonl} or {@code .ndjson}) or by an upload's
     * Content-Type ({@code text/csv}; {@code application/x-ndjson}, {@code application/jsonl}).
     *
     * @throws InvalidReferenceException naming what was given and what is accepted
     */
    public static Format format(String nameOrType) {
        String s = nameOrType == null
                ? ""
                : nameOrType.toLowerCase(java.util.Locale.ROOT).strip();
        if (s.endsWith(".csv") || s.startsWith("text/csv")) {
            return Format.CSV;
        }
        if (s.endsWith(".jsonl")
                || s.endsWith(".ndjson")
                || s.startsWith("application/x-ndjson")
                || s.startsWith("application/jsonl")
                || s.startsWith("application/x-jsonlines")) {
            return Format.JSON_LINES;
        }
        throw new InvalidReferenceException(
                "format",
                "\"" + nameOrType + "\" is not a training file's form: a .csv file (text/csv, a header naming the"
                        + " features) or JSON Lines of events (.jsonl or .ndjson, application/x-ndjson)");
    }

    /**
     * One feature's outcome.
     *
     * @param kind its kind
     * @param declared whether the kind was declared (else taken from the column)
     * @param reference its reference, or {@code null} when none can be built ({@link #problem})
     * @param values rows with a usable value
     * @param missing rows without a value
     * @param wrongType values that do not fit a declared numeric kind (skipped)
     * @param other values counted in the "other" bin (categories beyond the top ones)
     * @param problem why there is no reference, or {@code null}
     */
    public record Feature(
            Kind kind,
            boolean declared,
            Reference reference,
            long values,
            long missing,
            long wrongType,
            long other,
            String problem) {}

    /**
     * @param rows data rows read (rejected ones included)
     * @param rejected rejected rows by reason
     * @param examples the first rejected row of each reason, with its line
     * @param features by name
     * @param ignored columns or members not built, with the reason
     */
    public record Result(
            long rows,
            Map<String, Long> rejected,
            Map<String, String> examples,
            Map<String, Feature> features,
            Map<String, String> ignored) {}

    /** {@link #build(InputStream, Format, Spec, Path)} with the spool files in {@code java.io.tmpdir}. */
    public static Result build(InputStream in, Format format, Spec spec) {
        return build(in, format, spec, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Reads {@code in} to its end and builds every accepted feature's reference.
     *
     * @param spoolDirectory where the per-feature spool files go (deleted before this returns)
     * @throws InvalidReferenceException when the file has no header, no rows, or no feature
     */
    public static Result build(InputStream in, Format format, Spec spec, Path spoolDirectory) {
        Path dir;
        try {
            dir = Files.createTempDirectory(spoolDirectory, "driftwatch-training-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool directory in " + spoolDirectory, e);
        }
        try (Pass pass = new Pass(spec, dir)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            if (format == Format.CSV) {
                pass.csv(new CsvRows(reader));
            } else {
                pass.jsonLines(reader);
            }
            return pass.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
                Files.deleteIfExists(it.next());
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is no reason to fail the upload
        }
    }

    /** The single pass over the file: rows in, values spooled per feature. */
    private static final class Pass implements AutoCloseable {
        private final Spec spec;
        private final Path dir;
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private final Map<String, String> ignored = new TreeMap<>();
        private final Map<String, Long> rejected = new TreeMap<>();
        private final Map<String, String> examples = new TreeMap<>();
        private long rows;
        private long rejectedRows;

        Pass(Spec spec, Path dir) {
            this.spec = spec;
            this.dir = dir;
        }

        void csv(CsvRows reader) throws IOException {
            List<String> header = reader.next();
            if (header == null) {
                throw new InvalidReferenceException(
                        "csv", "the training file is empty; expected a header line naming the features");
            }
            header = List.copyOf(header);
            Column[] byIndex = new Column[header.size()];
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).strip();
                if (columns.containsKey(name)) {
                    throw new InvalidReferenceException(
                            "line 1", "line 1: column \"" + name + "\" appears twice in the header");
                }
                byIndex[i] = column(name);
            }
            for (List<String> row = reader.next(); row != null; row = reader.next()) {
                rows++;
                if (row.size() != header.size()) {
                    reject(
                            "wrong number of fields",
                            "line " + reader.rowLine() + " has " + row.size() + " fields but the header has "
                                    + header.size());
                    continue;
                }
                for (int i = 0; i < byIndex.length; i++) {
                    if (byIndex[i] != null) {
                        String cell = row.get(i).strip();
                        if (!cell.isEmpty()) { // an empty cell is a missing value
                            byIndex[i].add(cell, CsvSamples.isNumber(cell));
                        }
                    }
                }
            }
        }

        void jsonLines(BufferedReader reader) throws IOException {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (IOException e) {
                    reject("not JSON", "line " + lineNumber + " is not JSON");
                    continue;
                }
                JsonNode object = event == null ? null : event.at(spec.pointer());
                if (object == null || !object.isObject()) {
                    reject(
                            "no " + spec.pointer() + " object",
                            "line " + lineNumber + " has no object at " + spec.pointer());
                    continue;
                }
                for (var it = object.fields(); it.hasNext(); ) {
                    var member = it.next();
                    Column c = columns.containsKey(member.getKey())
                            ? columns.get(member.getKey())
                            : column(member.getKey());
                    if (c == null) {
                        continue;
                    }
                    JsonNode v = member.getValue();
                    if (v.isNull()) {
                        continue; // a missing value
                    }
                    if (v.isNumber()) {
                        c.add(v.asText(), true);
                    } else if (v.isTextual() || v.isBoolean()) {
                        c.add(v.asText(), false);
                    } else {
                        c.add(null, false);
                    }
                }
            }
        }

        private void reject(String reason, String example) {
            rejectedRows++;
            rejected.merge(reason, 1L, Long::sum);
            examples.putIfAbsent(reason, example);
        }

        /** The column of feature {@code name}, or {@code null} (recorded as ignored) if it is not built. */
        private Column column(String name) throws IOException {
            String problem =
                    name.isEmpty() ? "no name" : spec.excluded().apply(name).orElse(null);
            if (problem == null && columns.size() >= MAX_FEATURES) {
                problem = "more than " + MAX_FEATURES + " features";
            }
            if (problem != null) {
                ignored.putIfAbsent(name, problem);
                columns.put(name, null);
                return null;
            }
            Column c = new Column(dir.resolve("f" + columns.size()));
            columns.put(name, c);
            return c;
        }

        Result finish() throws IOException {
            if (rows == 0) {
                throw new InvalidReferenceException("rows", "the training file has no data rows");
            }
            Map<String, Feature> features = new TreeMap<>();
            for (var e : columns.entrySet()) {
                Column c = e.getValue();
                if (c != null) {
                    c.close();
                    // every accepted row without a value (JSON Lines: also those without the member at all)
                    c.missing = rows - rejectedRows - c.values - c.unusable;
                    features.put(e.getKey(), c.build(spec, spec.kinds().get(e.getKey()), rows));
                }
            }
            if (features.isEmpty()) {
                throw new InvalidReferenceException(
                        "features",
                        "the training file defines no feature to monitor"
                                + (ignored.isEmpty() ? "" : " (ignored: " + ignored + ")"));
            }
            return new Result(rows, rejected, examples, features, ignored);
        }

        @Override
        public void close() throws IOException {
            for (Column c : columns.values()) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** One feature's spool and what the pass learned of it. */
    private static final class Column {
        private final Path spool;
        private final DataOutputStream out;
        private boolean closed;
        long missing;
        long values;
        long notNumbers;
        long unusable;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        Column(Path spool) throws IOException {
            this.spool = spool;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spool), 1 << 14));
        }

        /** @param text the value as written, or {@code null} for one that is neither a number, a string nor a boolean */
        void add(String text, boolean number) throws IOException {
            if (text == null) {
                unusable++;
                return;
            }
            values++;
            double d = number ? Double.parseDouble(text) : Double.NaN;
            if (Double.isFinite(d)) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            } else {
                notNumbers++;
            }
            out.writeUTF(text);
        }

        void close() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }

        Feature build(Spec spec, Kind declared, long rows) throws IOException {
            Kind kind = declared != null ? declared : notNumbers == 0 && min < max ? Kind.NUMERIC : Kind.CATEGORICAL;
            if (values == 0) {
                return new Feature(
                        kind, declared != null, null, 0, missing, unusable, 0, "no values in " + rows + " rows");
            }
            try {
                return kind == Kind.NUMERIC ? numeric(spec, declared != null) : categorical(spec, declared != null);
            } catch (InvalidReferenceException e) {
                return new Feature(kind, declared != null, null, values, missing, unusable, 0, e.getMessage());
            }
        }

        private Feature numeric(Spec spec, boolean declared) throws IOException {
            double[] numbers = new double[Math.toIntExact(values - notNumbers)];
            int n = 0;
            long wrong = unusable;
            try (DataInputStream in = read()) {
                for (long i = 0; i < values; i++) {
                    String text = in.readUTF();
                    double d = CsvSamples.isNumber(text) ? Double.parseDouble(text) : Double.NaN;
                    if (Double.isFinite(d)) {
                        numbers[n++] = d;
                    } else {
                        wrong++;
                    }
                }
            }
            double[] used = n == numbers.length ? numbers : java.util.Arrays.copyOf(numbers, n);
            if (n == 0) {
                return new Feature(
                        Kind.NUMERIC,
                        declared,
                        null,
                        0,
                        missing,
                        wrong,
                        0,
                        "declared numeric, but no value is a number");
            }
            Reference r = ReferenceParser.fromNumbers(
                    used, Math.min(spec.quantileBins(), spec.limits().maxBins()), null);
            return new Feature(Kind.NUMERIC, declared, r, n, missing, wrong, 0, null);
        }

        private Feature categorical(Spec spec, boolean declared) throws IOException {
            int top = Math.max(1, Math.min(spec.topCategories(), spec.limits().maxCategories()));
            int capacity = 32 * top;
            // pass A: candidates (a frequent-items summary: counts decremented in batches when it is full)
            Map<String, long[]> summary = new HashMap<>();
            try (DataInputStream in = read()) {
                for (long i = 0; i < values; i++) {
                    String v = in.readUTF();
                    long[] c = summary.get(v);
                    if (c != null) {
                        c[0]++;
                        continue;
                    }
                    if (summary.size() >= capacity) {
                        shrink(summary, capacity / 2);
                    }
                    summary.put(v, new long[] {1});
                }
            }
            // pass B: exact counts of the candidates
            Map<String, long[]> exact = new HashMap<>();
            summary.keySet().forEach(k -> exact.put(k, new long[1]));
            try (DataInputStream in = read()) {
                for (long i = 0; i < values; i++) {
                    long[] c = exact.get(in.readUTF());
                    if (c != null) {
                        c[0]++;
                    }
                }
            }
            List<Map.Entry<String, long[]>> ranked = new ArrayList<>(exact.entrySet());
            ranked.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                    .thenComparing(Map.Entry::getKey));
            List<String> categories = new ArrayList<>();
            long[] counts = new long[Math.min(top, ranked.size()) + 1];
            long kept = 0;
            for (int i = 0; i < counts.length - 1; i++) {
                categories.add(ranked.get(i).getKey());
                counts[i] = ranked.get(i).getValue()[0];
                kept += counts[i];
            }
            long other = values - kept;
            counts[counts.length - 1] = other;
            Reference r = Reference.of(CategoricalBins.of(categories), counts);
            return new Feature(Kind.CATEGORICAL, declared, r, values, missing, unusable, other, null);
        }

        /** Lowers every count by the same amount until at most {@code keep} entries have a count left. */
        private static void shrink(Map<String, long[]> summary, int keep) {
            long[] all = new long[summary.size()];
            int i = 0;
            for (long[] c : summary.values()) {
                all[i++] = c[0];
            }
            java.util.Arrays.sort(all);
            long cut = all[all.length - keep - 1];
            for (var it = summary.values().iterator(); it.hasNext(); ) {
                long[] c = it.next();
                c[0] -= cut;
                if (c[0] <= 0) {
                    it.remove();
                }
            }
        }

        private DataInputStream read() throws IOException {
            return new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16));
        }
    }
}

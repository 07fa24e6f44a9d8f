package io.driftwatch.reference;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one column of a CSV file of samples, row by row with {@link CsvRows} (RFC 4180; blank lines skipped). The
 * first row is always the header naming the columns; the column is chosen by name, or is the only column. Errors name
 * the line and column.
 *
 * <p>One pass, streaming: only the current row is held, so a file costs what the caller keeps of the column (8 bytes
 * per numeric sample). Thread-safe.
 */
final class CsvSamples {

    private CsvSamples() {}

    /** Hands every value of the named column (or the only column, when {@code column} is {@code null}) to {@code sink}. */
    static void values(byte[] csv, String column, Consumer<String> sink) {
        read(csv, column, false, (value, line) -> sink.accept(value));
    }

    /** The column's values as finite numbers; the header must not itself be a number (a forgotten header). */
    static double[] numbers(byte[] csv, String column) {
        double[][] out = {new double[Math.max(16, lines(csv))]};
        int[] n = {0};
        read(csv, column, true, (value, line) -> {
            double d = isNumber(value) ? Double.parseDouble(value.strip()) : Double.NaN;
            if (!Double.isFinite(d)) {
                String field = "line " + line;
                throw new InvalidReferenceException(field, field + ": \"" + value + "\" is not a finite number");
            }
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], out[0].length * 2);
            }
            out[0][n[0]++] = d;
        });
        return n[0] == out[0].length ? out[0] : Arrays.copyOf(out[0], n[0]);
    }

    /**
     * Whether {@code s} (surrounding blanks ignored) is a plain decimal number: {@code [+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?}.
     * No regular expression: a training file asks this of every cell.
     */
    static boolean isNumber(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        while (n > i && Character.isWhitespace(s.charAt(n - 1))) {
            n--;
        }
        i = afterSign(s, i, n);
        int integer = afterDigits(s, i, n);
        int digits = integer - i;
        i = integer;
        if (i < n && s.charAt(i) == '.') {
            int fraction = afterDigits(s, i + 1, n);
            digits += fraction - i - 1;
            i = fraction;
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int exponent = afterSign(s, i + 1, n);
            i = afterDigits(s, exponent, n);
            if (i == exponent) {
                return false;
            }
        }
        return i == n;
    }

    /** The index after an optional sign at {@code i}. */
    private static int afterSign(String s, int i, int n) {
        return i < n && (s.charAt(i) == '+' || s.charAt(i) == '-') ? i + 1 : i;
    }

    /** The index after the run of decimal digits at {@code i}. */
    private static int afterDigits(String s, int i, int n) {
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** An upper bound on the rows: the number of line ends plus one (sizes the numeric array once). */
    private static int lines(byte[] csv) {
        int n = 1;
        for (byte b : csv) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    @FunctionalInterface
    private interface CellSink {
        void accept(String value, int line);
    }

    /** The header's column names ({@code empty} for a file without a line). */
    static List<String> header(byte[] csv) {
        List<List<String>> header = new ArrayList<>(1);
        read(csv, null, false, null, header);
        return header.isEmpty() ? List.of() : header.get(0);
    }

    /** The single pass: header first, then the chosen cell of every data row. */
    private static void read(byte[] csv, String column, boolean numeric, CellSink sink) {
        read(csv, column, numeric, sink, null);
    }

    /** As above; with {@code headerOnly} set, adds the header to it and stops there. */
    private static void read(byte[] csv, String column, boolean numeric, CellSink sink, List<List<String>> headerOnly) {
        CsvRows rows = new CsvRows(new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8));
        List<String> header = null;
        int index = -1;
        int samples = 0;
        for (List<String> row = rows.next(); row != null; row = rows.next()) {
            int rowLine = rows.rowLine();
            if (header == null) {
                header = List.copyOf(row);
                if (headerOnly != null) {
                    headerOnly.add(header);
                    return;
                }
                index = columnIndex(header, column, numeric);
            } else {
                if (row.size() != header.size()) {
                    throw new InvalidReferenceException(
                            "line " + rowLine,
                            "line " + rowLine + " has " + row.size() + " fields but the header has " + header.size());
                }
                sink.accept(row.get(index), rowLine);
                samples++;
            }
        }
        if (header == null) {
            throw new InvalidReferenceException(
                    "csv", "the CSV is empty; expected a header line and one sample per line");
        }
        if (samples == 0) {
            throw new InvalidReferenceException("csv", "the CSV has a header but no samples");
        }
    }

    private static int columnIndex(List<String> header, String column, boolean numeric) {
        if (numeric && header.size() == 1 && isNumber(header.get(0))) {
            throw new InvalidReferenceException(
                    "line 1",
                    "line 1 is \"" + header.get(0) + "\", a value; the first line must be a header naming the"
                            + " column");
        }
        if (column != null) {
            int index = header.indexOf(column);
            if (index < 0) {
                throw new InvalidReferenceException(
                        "column", "column \"" + column + "\" is not in the header " + header);
            }
            return index;
        }
        if (header.size() == 1) {
            return 0;
        }
        throw new InvalidReferenceException(
                "column", "the CSV has " + header.size() + " columns " + header + "; choose one with ?column=name");
    }
}

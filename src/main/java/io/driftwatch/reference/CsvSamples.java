package io.driftwatch.reference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one column of a CSV file of samples (RFC 4180: comma separated, optional double quotes, {@code ""} for a
 * quote inside quotes, CRLF or LF line ends). The first row is always the header naming the columns; the column is
 * chosen by name, or is the only column. Blank lines are skipped. Errors name the line and column. Thread-safe.
 */
final class CsvSamples {

    private CsvSamples() {}

    /** One value of the chosen column and the line it is on (1-based). */
    record Cell(String value, int line) {}

    /** The named column's values (or the only column's, when {@code column} is {@code null}). */
    static List<String> column(byte[] csv, String column) {
        return cells(csv, column).stream().map(Cell::value).toList();
    }

    private static List<Cell> cells(byte[] csv, String column) {
        List<List<String>> rows = rows(new String(csv, StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            throw new InvalidReferenceException(
                    "csv", "the CSV is empty; expected a header line and one sample per line");
        }
        List<String> header = rows.get(0);
        int index;
        if (column != null) {
            index = header.indexOf(column);
            if (index < 0) {
                throw new InvalidReferenceException(
                        "column", "column \"" + column + "\" is not in the header " + header);
            }
        } else if (header.size() == 1) {
            index = 0;
        } else {
            throw new InvalidReferenceException(
                    "column", "the CSV has " + header.size() + " columns " + header + "; choose one with ?column=name");
        }
        List<Cell> values = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new InvalidReferenceException(
                        "line " + lineOf(row),
                        "line " + lineOf(row) + " has " + row.size() + " fields but the header has " + header.size());
            }
            values.add(new Cell(row.get(index), lineOf(row)));
        }
        if (values.isEmpty()) {
            throw new InvalidReferenceException("csv", "the CSV has a header but no samples");
        }
        return values;
    }

    /** The column's values as finite numbers; the header must not itself be a number (a forgotten header). */
    static double[] numbers(byte[] csv, String column) {
        List<List<String>> rows = rows(new String(csv, StandardCharsets.UTF_8));
        if (!rows.isEmpty() && rows.get(0).size() == 1 && isNumber(rows.get(0).get(0))) {
            throw new InvalidReferenceException(
                    "line 1",
                    "line 1 is \"" + rows.get(0).get(0) + "\", a value; the first line must be a header naming the"
                            + " column");
        }
        List<Cell> values = cells(csv, column);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Cell cell = values.get(i);
            double d = isNumber(cell.value()) ? Double.parseDouble(cell.value().strip()) : Double.NaN;
            if (!Double.isFinite(d)) {
                String field = "line " + cell.line();
                throw new InvalidReferenceException(field, field + ": \"" + cell.value() + "\" is not a finite number");
            }
            out[i] = d;
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return s.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }

    /** The line a row starts on. */
    private static int lineOf(List<String> row) {
        return ((Row) row).line;
    }

    private static final class Row extends ArrayList<String> {
        final int line;

        Row(int line) {
            this.line = line;
        }
    }

    private static List<List<String>> rows(String text) {
        List<List<String>> rows = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1; // byte order mark
        }
        while (i < n) {
            Row row = new Row(line);
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean lineEnded = false;
            while (i < n && !lineEnded) {
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i < n && text.charAt(i) == '\n') {
                        i++;
                    }
                    lineEnded = true;
                } else {
                    cell.append(c);
                }
            }
            if (quoted) {
                throw new InvalidReferenceException("line " + row.line, "line " + row.line + ": unterminated quote");
            }
            row.add(cell.toString());
            line++;
            if (!(row.size() == 1 && row.get(0).isBlank())) {
                rows.add(row);
            }
        }
        return rows;
    }
}

package io.driftwatch.reference;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV text row by row (RFC 4180: comma separated, optional double quotes, {@code ""} for a quote inside
 * quotes, CRLF or LF line ends; a leading byte order mark is skipped; a line holding one blank cell is skipped). Only
 * the current row is held. Not thread-safe.
 */
final class CsvRows {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final List<String> row = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private int pushedBack = -2;
    private int line = 1;
    private int rowLine;
    private boolean started;

    /** @param in the text (read in blocks of 64 K characters) */
    CsvRows(Reader in) {
        this.in = in;
    }

    /** The line the last row returned by {@link #next} started on (1-based). */
    int rowLine() {
        return rowLine;
    }

    /**
     * The next non-blank row, or {@code null} at the end. The list is reused by the next call.
     *
     * @throws InvalidReferenceException for an unterminated quote (naming its line)
     */
    List<String> next() {
        while (true) {
            int c = read();
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c < 0) {
                return null;
            }
            rowLine = line;
            row.clear();
            cell.setLength(0);
            boolean quoted = false;
            while (c >= 0) {
                if (quoted) {
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushedBack = d;
                        }
                    }
                    line++;
                    break;
                } else {
                    cell.append((char) c);
                }
                c = read();
            }
            if (quoted) {
                throw new InvalidReferenceException("line " + rowLine, "line " + rowLine + ": unterminated quote");
            }
            row.add(cell.toString());
            if (row.size() > 1 || !row.get(0).isBlank()) {
                return row;
            }
        }
    }

    private int read() {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (position == limit) {
            try {
                limit = in.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }
}

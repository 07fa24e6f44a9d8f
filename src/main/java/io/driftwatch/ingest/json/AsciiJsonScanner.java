package io.driftwatch.ingest.json;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link EventParser}: one pass over the bytes of an event in the form producers write — ASCII, no
 * escapes in strings, numbers as JSON writes them (any precision) — filling the same {@link ParsedFields} as Jackson's
 * streaming parser would, and validating the whole document as it goes (fields no pointer names are checked and
 * skipped, never materialised). Whatever is outside that form — a byte above 0x7F or a control character, a backslash,
 * a number Jackson would reject or read as a big integer ({@code 01}, {@code 1.}, {@code NaN}, an integer of more than
 * 18 digits, an exponent of more than three digits), nesting deeper than 32, a pointer into an array, anything but
 * white space after the object, or a document that is not an object — gives {@link #FALLBACK}, and {@link EventParser}
 * parses the event with Jackson instead. So both paths accept and reject exactly the same events with the same values
 * ({@code EventParserTest} checks it on random and broken documents); the fast one avoids Jackson's per-event parser
 * object, its symbol table lookups and, for values that repeat (model names, labels), a new {@code String} per value
 * ({@link ParsedFields#ascii}): it allocates nothing.
 *
 * <p>Numbers: an integer of at most 18 digits is read as a {@code long} and converted (as Jackson does); a decimal of at
 * most 15 significant digits with a decimal exponent of at most 22 either way is one multiplication or division of two
 * exactly representable doubles, hence correctly rounded (Clinger's fast path); any other decimal (e.g. the 17 digits
 * of a double written in full) goes to {@code NumberInput.parseDouble} with the fast parser, what Jackson's parser
 * calls for it — both correctly rounded, so the values are Jackson's.
 *
 * <p>Stateless apart from its immutable tree: thread-safe.
 */
final class AsciiJsonScanner {

    /** {@link #scan}: the event is outside the fast form; parse it with Jackson. */
    static final int FALLBACK = -1;

    /** {@link #scan}: parsed, every slot set. */
    static final int OK = 0;

    private static final int MAX_DEPTH = 32;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    /** A pointer tree node: names of the children as bytes, the slots that end here. */
    static final class Node {
        final byte[][] names;
        final Node[] children;
        final int[] slots;
        final boolean numberText;

        Node(byte[][] names, Node[] children, int[] slots, boolean numberText) {
            this.names = names;
            this.children = children;
            this.slots = slots;
            this.numberText = numberText;
        }

        Node child(byte[] json, int from, int length) {
            for (int i = 0; i < names.length; i++) {
                byte[] n = names[i];
                if (n.length == length && regionEquals(n, json, from)) {
                    return children[i];
                }
            }
            return null;
        }

        private static boolean regionEquals(byte[] name, byte[] json, int from) {
            for (int k = 0; k < name.length; k++) {
                if (name[k] != json[from + k]) {
                    return false;
                }
            }
            return true;
        }

        static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Node root;

    AsciiJsonScanner(Node root) {
        this.root = root;
    }

    /**
     * Scans {@code json} into {@code out} (cleared by the caller).
     *
     * @return {@link #OK} or {@link #FALLBACK} (then {@code out} holds partial values: clear it before reusing)
     */
    int scan(byte[] json, ParsedFields out) {
        int i = skipSpace(json, 0);
        if (i >= json.length || json[i] != '{') {
            return FALLBACK;
        }
        int end = value(json, i, root, out, 0);
        return end >= 0 && skipSpace(json, end) == json.length ? OK : FALLBACK;
    }

    private static int skipSpace(byte[] b, int i) {
        while (i < b.length) {
            byte x = b[i];
            if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** Reads the value starting at {@code i} (no leading space): the index just after it, or -1 to fall back. */
    private static int value(byte[] b, int i, Node node, ParsedFields out, int depth) {
        byte x = b[i];
        switch (x) {
            case '{':
                if (depth >= MAX_DEPTH) {
                    return -1;
                }
                mark(node, out, ParsedFields.OTHER, 0, null);
                return object(b, i, node != null && node.names.length > 0 ? node : null, out, depth + 1);
            case '[':
                if (depth >= MAX_DEPTH || (node != null && node.names.length > 0)) {
                    return -1; // a pointer into an array: Jackson's path handles the indexes
                }
                mark(node, out, ParsedFields.OTHER, 0, null);
                return array(b, i, out, depth + 1);
            case '"': {
                int end = stringEnd(b, i + 1);
                if (end < 0) {
                    return -1;
                }
                if (node != null && node.slots.length > 0) {
                    mark(node, out, ParsedFields.STRING, 0, out.ascii(b, i + 1, end - i - 1));
                }
                return end + 1;
            }
            case 't':
                return literal(b, i, node, out, TRUE, ParsedFields.BOOLEAN);
            case 'f':
                return literal(b, i, node, out, FALSE, ParsedFields.BOOLEAN);
            case 'n':
                return literal(b, i, node, out, NULL, ParsedFields.NULL);
            default:
                if (x == '-' || (x >= '0' && x <= '9')) {
                    return number(b, i, node, out);
                }
                return -1;
        }
    }

    /** The object whose '{' is at {@code i}: the index after its '}', or -1. */
    private static int object(byte[] b, int i, Node node, ParsedFields out, int depth) {
        i = skipSpace(b, i + 1);
        if (i < b.length && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= b.length || b[i] != '"') {
                return -1;
            }
            int end = stringEnd(b, i + 1);
            if (end < 0) {
                return -1;
            }
            Node child = node == null ? null : node.child(b, i + 1, end - i - 1);
            i = skipSpace(b, end + 1);
            if (i >= b.length || b[i] != ':') {
                return -1;
            }
            i = skipSpace(b, i + 1);
            if (i >= b.length) {
                return -1;
            }
            i = value(b, i, child, out, depth);
            if (i < 0) {
                return -1;
            }
            i = skipSpace(b, i);
            if (i >= b.length) {
                return -1;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = skipSpace(b, i + 1);
        }
    }

    /** The array whose '[' is at {@code i} (no pointer enters it): the index after its ']', or -1. */
    private static int array(byte[] b, int i, ParsedFields out, int depth) {
        i = skipSpace(b, i + 1);
        if (i < b.length && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            if (i >= b.length) {
                return -1;
            }
            i = value(b, i, null, out, depth);
            if (i < 0) {
                return -1;
            }
            i = skipSpace(b, i);
            if (i >= b.length) {
                return -1;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = skipSpace(b, i + 1);
        }
    }

    /** Index of the closing quote of a string whose content starts at {@code from}, or -1 outside the fast form. */
    private static int stringEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            byte x = b[i];
            if (x == '"') {
                return i;
            }
            if (x < 0x20 || x == '\\' || x == 0x7F) { // negative: a byte above 0x7F
                return -1;
            }
        }
        return -1;
    }

    private static int literal(byte[] b, int i, Node node, ParsedFields out, byte[] word, byte type) {
        int n = word.length;
        if (i + n > b.length) {
            return -1;
        }
        for (int k = 1; k < n; k++) {
            if (b[i + k] != word[k]) {
                return -1;
            }
        }
        if (i + n < b.length && !delimiter(b[i + n])) {
            return -1;
        }
        if (node != null && node.slots.length > 0) {
            mark(node, out, type, 0, type == ParsedFields.NULL ? null : (word == TRUE ? "true" : "false"));
        }
        return i + n;
    }

    private static boolean delimiter(byte x) {
        return x == ',' || x == '}' || x == ']' || x == ' ' || x == '\n' || x == '\r' || x == '\t';
    }

    /** The number starting at {@code start}: the index after it, or -1 outside the fast form. */
    private static int number(byte[] b, int start, Node node, ParsedFields out) {
        int i = start;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= b.length || b[i] < '0' || b[i] > '9') {
            return -1;
        }
        long mantissa = 0;
        int digits = 0; // significant digits, counted up to 19 (beyond, the mantissa is not used)
        if (b[i] == '0') {
            i++;
            if (i < b.length && b[i] >= '0' && b[i] <= '9') {
                return -1; // a leading zero
            }
        } else {
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                if (digits < 19) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                }
                digits++;
                i++;
            }
        }
        int intDigits = digits;
        boolean integer = true;
        int fractionDigits = 0;
        if (i < b.length && b[i] == '.') {
            integer = false;
            i++;
            int fracStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                if (digits > 0 || b[i] != '0') {
                    if (digits < 19) {
                        mantissa = mantissa * 10 + (b[i] - '0');
                        fractionDigits = i - fracStart + 1;
                    }
                    digits++;
                } else {
                    fractionDigits = i - fracStart + 1; // leading zeros of the fraction scale the mantissa
                }
                i++;
            }
            if (i == fracStart) {
                return -1;
            }
        }
        int exponent = 0;
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            integer = false;
            i++;
            boolean negativeExponent = false;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int expStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                exponent = exponent * 10 + (b[i] - '0');
                i++;
                if (i - expStart > 3) {
                    return -1;
                }
            }
            if (i == expStart) {
                return -1;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i < b.length && !delimiter(b[i])) {
            return -1;
        }
        double value;
        if (integer) {
            if (intDigits > 18) {
                return -1; // Jackson reads it as a BigInteger
            }
            value = negative && mantissa != 0 ? -(double) mantissa : (double) mantissa; // "-0" is Jackson's int 0
        } else {
            int scale = exponent - fractionDigits;
            if (digits <= 15 && scale >= -22 && scale <= 22) {
                double m = mantissa;
                value = scale >= 0 ? m * POWERS_OF_TEN[scale] : m / POWERS_OF_TEN[-scale];
                if (negative) {
                    value = -value;
                }
            } else {
                // what Jackson's parser does with a decimal's text (FastDoubleParser, correctly rounded)
                value = NumberInput.parseDouble(out.chars(b, start, i - start), 0, i - start, true);
            }
        }
        if (node != null && node.slots.length > 0) {
            mark(node, out, ParsedFields.NUMBER, value, node.numberText ? out.ascii(b, start, i - start) : null);
        }
        return i;
    }

    private static void mark(Node node, ParsedFields out, byte type, double number, String text) {
        if (node == null) {
            return;
        }
        for (int slot : node.slots) {
            out.set(slot, type, number, text);
        }
    }
}

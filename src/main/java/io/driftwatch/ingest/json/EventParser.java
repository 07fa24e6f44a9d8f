package io.driftwatch.ingest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts the values at a fixed set of JSON Pointers from an event in one pass, with no object binding: subtrees
 * that no pointer enters are checked and skipped, never materialised. Events in the form producers write (ASCII, no
 * escapes, plain numbers) are read by {@link AsciiJsonScanner}; every other event by Jackson's streaming parser, with
 * the same result for each event either path can read.
 *
 * <p>Each pointer gets a slot; {@link #parse} fills a {@link ParsedFields} with each slot's JSON type and value.
 * {@code NaN} and {@code Infinity} literals are accepted by the parser so that they can be reported as
 * {@code non-finite} rather than as malformed JSON.
 *
 * <p>Immutable after construction and thread-safe; a {@link ParsedFields} is per thread.
 */
public final class EventParser {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Jackson's bundled FastDoubleParser: correctly rounded like Double.parseDouble, several times faster
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final Node root = new Node();
    private final int slots;
    private final AsciiJsonScanner scanner;

    /**
     * @param pointers JSON Pointers; slot {@code i} is {@code pointers.get(i)}
     * @throws IllegalArgumentException naming a pointer that is not valid
     */
    public EventParser(List<String> pointers) {
        this(pointers, i -> true);
    }

    /**
     * @param pointers JSON Pointers; slot {@code i} is {@code pointers.get(i)}
     * @param numberText whether slot {@code i} needs a number's text as written ({@link ParsedFields#text} is
     *     {@code null} for numbers in the other slots)
     * @throws IllegalArgumentException naming a pointer that is not valid
     */
    public EventParser(List<String> pointers, java.util.function.IntPredicate numberText) {
        for (int i = 0; i < pointers.size(); i++) {
            Node node = root;
            for (String token : JsonPointer.tokens(pointers.get(i))) {
                node = node.children.computeIfAbsent(token, t -> new Node());
            }
            node.slots = append(node.slots, i);
            node.numberText |= numberText.test(i);
        }
        this.slots = pointers.size();
        this.scanner = new AsciiJsonScanner(fastTree(root));
    }

    private static AsciiJsonScanner.Node fastTree(Node node) {
        byte[][] names = new byte[node.children.size()][];
        AsciiJsonScanner.Node[] children = new AsciiJsonScanner.Node[names.length];
        int i = 0;
        for (Map.Entry<String, Node> e : node.children.entrySet()) {
            names[i] = AsciiJsonScanner.Node.utf8(e.getKey());
            children[i++] = fastTree(e.getValue());
        }
        return new AsciiJsonScanner.Node(names, children, node.slots, node.numberText);
    }

    /** A reusable result holder sized for this parser. */
    public ParsedFields newFields() {
        return new ParsedFields(slots);
    }

    /**
     * Parses {@code json} into {@code out}.
     *
     * @return {@code null} on success, else what is wrong with the document
     */
    public JsonProblem parse(byte[] json, ParsedFields out) {
        return scanFast(json, out) == AsciiJsonScanner.OK ? null : parseWithJackson(json, out);
    }

    /** The fast path alone: {@link AsciiJsonScanner#OK} or {@link AsciiJsonScanner#FALLBACK}. */
    int scanFast(byte[] json, ParsedFields out) {
        out.clear();
        return scanner.scan(json, out);
    }

    /** {@link #parse} by Jackson's streaming parser alone, for every form of JSON (the fast path's reference). */
    JsonProblem parseWithJackson(byte[] json, ParsedFields out) {
        out.clear();
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return JsonProblem.MALFORMED;
            }
            if (first != JsonToken.START_OBJECT) {
                return JsonProblem.NOT_AN_OBJECT;
            }
            value(p, root, out);
            if (p.nextToken() != null) {
                return JsonProblem.MALFORMED;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return JsonProblem.MALFORMED;
        }
    }

    /** Consumes the value whose first token is current, recording it in every slot of {@code node}. */
    private static void value(JsonParser p, Node node, ParsedFields out) throws IOException {
        JsonToken token = p.currentToken();
        if (node == null) {
            p.skipChildren();
            return;
        }
        if (token == JsonToken.START_OBJECT) {
            mark(node, out, ParsedFields.OTHER, 0, null);
            if (node.children.isEmpty()) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Node child = node.children.get(p.currentName());
                p.nextToken();
                value(p, child, out);
            }
        } else if (token == JsonToken.START_ARRAY) {
            mark(node, out, ParsedFields.OTHER, 0, null);
            if (node.children.isEmpty()) {
                p.skipChildren();
                return;
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, node.children.get(Integer.toString(index++)), out);
            }
        } else if (node.slots.length > 0) {
            switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> mark(
                        node, out, ParsedFields.NUMBER, p.getDoubleValue(), node.numberText ? p.getText() : null);
                case VALUE_STRING -> mark(node, out, ParsedFields.STRING, 0, p.getText());
                case VALUE_TRUE, VALUE_FALSE -> mark(node, out, ParsedFields.BOOLEAN, 0, p.getText());
                case VALUE_NULL -> mark(node, out, ParsedFields.NULL, 0, null);
                default -> mark(node, out, ParsedFields.OTHER, 0, null);
            }
        }
    }

    private static void mark(Node node, ParsedFields out, byte type, double number, String text) {
        for (int slot : node.slots) {
            out.set(slot, type, number, text);
        }
    }

    private static int[] append(int[] a, int v) {
        int[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        int[] slots = new int[0];
        boolean numberText;
    }
}

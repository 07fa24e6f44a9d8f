package io.driftwatch.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link AsciiJsonScanner}) against Jackson's: on random documents and on broken ones, every event the
 * fast path reads gives exactly Jackson's outcome and values, and it reads the form producers write.
 */
class EventParserTest {

    private static final List<String> POINTERS =
            List.of("/model", "/ts", "/score", "/label", "/features/a", "/features/b/c", "/arr/1", "/", "/score", "/x");
    private static final String[] NAMES = {"model", "ts", "score", "label", "features", "a", "b", "c", "arr", "", "x"};

    // slot 3 (label) and 5 keep a number's text, as a categorical monitor's slot does
    private final EventParser parser = new EventParser(POINTERS, slot -> slot == 3 || slot == 5);

    @Test
    void readsTheProducersFormWithoutJackson() {
        byte[] event = ("{\"id\":\"851f977347ed6db7\",\"model\":\"fraud\",\"v\":3,\"ts\":1732300000125,"
                        + "\"score\":0.0805,\"label\":\"ok\",\"amount\":6.63,\"features\":{\"a\":-1.5e-3,"
                        + "\"b\":{\"c\":true}},\"tags\":[1,\"x\",{\"y\":null},[]],\"x\":0.12345678901234567,"
                        + "\"features2\":{\"amount\":1.2345678901234567E-5}}")
                .getBytes(StandardCharsets.US_ASCII);
        ParsedFields fast = parser.newFields();
        assertThat(parser.scanFast(event, fast)).isEqualTo(AsciiJsonScanner.OK);
        assertThat(fast.text(0)).isEqualTo("fraud");
        assertThat(fast.number(1)).isEqualTo(1732300000125.0);
        assertThat(fast.number(2)).isEqualTo(0.0805);
        assertThat(fast.number(8)).isEqualTo(0.0805);
        assertThat(fast.text(3)).isEqualTo("ok");
        assertThat(fast.number(4)).isEqualTo(-1.5e-3);
        assertThat(fast.type(5)).isEqualTo(ParsedFields.BOOLEAN);
        assertThat(fast.text(5)).isEqualTo("true");
        assertThat(fast.type(6)).isEqualTo(ParsedFields.ABSENT);
        assertThat(fast.number(9)).as("a double written in full, 17 digits").isEqualTo(0.12345678901234567);
        assertSame(event);
    }

    @Test
    void fastPathAgreesWithJacksonOnRandomDocuments() {
        Random random = new Random(13);
        int fast = 0;
        for (int n = 0; n < 40_000; n++) {
            StringBuilder sb = new StringBuilder();
            object(random, sb, 0);
            if (assertSame(sb.toString().getBytes(StandardCharsets.UTF_8))) {
                fast++;
            }
        }
        assertThat(fast).as("documents the fast path read").isGreaterThan(10_000);
    }

    @Test
    void fastPathAgreesWithJacksonOnBrokenDocuments() {
        Random random = new Random(17);
        String junk = "{}[]\",:.-+eE0159tfnul \\\u00e9\u0001\t";
        for (int n = 0; n < 40_000; n++) {
            StringBuilder sb = new StringBuilder();
            object(random, sb, 0);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(4)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, junk.charAt(random.nextInt(junk.length())));
                    case 2 -> sb.setCharAt(at, junk.charAt(random.nextInt(junk.length())));
                    default -> sb.setLength(at);
                }
            }
            assertSame(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersAtTheEdgesOfTheFastFormAgreeWithJackson() {
        String[] numbers = {
            "0",
            "-0",
            "-0.0",
            "0.0",
            "1",
            "-1",
            "123456789012345678",
            "1234567890123456789",
            "0.1",
            "0.30000000000000004",
            "123456789012345",
            "1234567890123456",
            "1.23456789012345",
            "1.234567890123456",
            "9007199254740993",
            "1e22",
            "1e23",
            "1e-22",
            "1e-23",
            "1.5E+3",
            "2.5e-300",
            "1e400",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "1e+",
            "00.5",
            "0.000000000000000000001",
            "0.0000000000000000000000001",
            "4.9e-324",
            "1.7976931348623157e308",
            "NaN",
            "-Infinity",
            "+1",
            "0x10",
            "1_000"
        };
        for (String number : numbers) {
            assertSame(("{\"score\":" + number + ",\"label\":" + number + "}").getBytes(StandardCharsets.US_ASCII));
            assertSame(("{\"score\": " + number + " }").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Parses with both paths; returns whether the fast one read it. */
    private boolean assertSame(byte[] json) {
        ParsedFields jackson = parser.newFields();
        JsonProblem expected = parser.parseWithJackson(json, jackson);
        ParsedFields viaParse = parser.newFields();
        JsonProblem actual = parser.parse(json, viaParse);
        String doc = new String(json, StandardCharsets.UTF_8);
        assertThat(actual).as(doc).isEqualTo(expected);
        ParsedFields fast = parser.newFields();
        boolean read = parser.scanFast(json, fast) == AsciiJsonScanner.OK;
        if (read) {
            assertThat(expected)
                    .as("fast path read what Jackson rejects: " + doc)
                    .isNull();
        }
        for (int slot = 0; slot < POINTERS.size(); slot++) {
            assertSlot(doc, slot, viaParse, jackson);
            if (read) {
                assertSlot(doc, slot, fast, jackson);
            }
        }
        return read;
    }

    private static void assertSlot(String doc, int slot, ParsedFields actual, ParsedFields expected) {
        String what = doc + " slot " + slot;
        assertThat(actual.type(slot)).as(what).isEqualTo(expected.type(slot));
        if (expected.type(slot) == ParsedFields.NUMBER) {
            assertThat(Double.doubleToRawLongBits(actual.number(slot)))
                    .as(what + ": " + actual.number(slot) + " vs " + expected.number(slot))
                    .isEqualTo(Double.doubleToRawLongBits(expected.number(slot)));
        }
        assertThat(actual.text(slot)).as(what).isEqualTo(expected.text(slot));
    }

    private static void object(Random r, StringBuilder sb, int depth) {
        sb.append('{');
        space(r, sb);
        int fields = r.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                sb.append(',');
                space(r, sb);
            }
            sb.append('"').append(NAMES[r.nextInt(NAMES.length)]).append('"');
            space(r, sb);
            sb.append(':');
            space(r, sb);
            value(r, sb, depth);
            space(r, sb);
        }
        sb.append('}');
    }

    private static void value(Random r, StringBuilder sb, int depth) {
        int kind = r.nextInt(depth > 3 ? 6 : 8);
        switch (kind) {
            case 0, 1 -> number(r, sb);
            case 2 -> string(r, sb);
            case 3 -> sb.append(r.nextBoolean() ? "true" : "false");
            case 4 -> sb.append("null");
            case 5 -> sb.append(r.nextInt(20) == 0 ? "NaN" : "12");
            case 6 -> object(r, sb, depth + 1);
            default -> {
                sb.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    space(r, sb);
                    value(r, sb, depth + 1);
                }
                sb.append(']');
            }
        }
    }

    private static void number(Random r, StringBuilder sb) {
        switch (r.nextInt(6)) {
            case 0 -> sb.append(r.nextInt(2000) - 1000);
            case 1 -> sb.append(r.nextLong());
            case 2 -> sb.append(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 3 -> sb.append(String.format(java.util.Locale.ROOT, "%." + r.nextInt(18) + "f", r.nextGaussian()));
            case 4 -> sb.append(r.nextInt(100)).append('e').append(r.nextInt(50) - 25);
            default -> sb.append(r.nextBoolean() ? "-" : "")
                    .append(r.nextInt(10))
                    .append('.')
                    .append(Math.abs(r.nextLong()) % 1_000_000_000_000L);
        }
    }

    private static void string(Random r, StringBuilder sb) {
        sb.append('"');
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(40);
            if (c == 0) {
                sb.append("\\\"");
            } else if (c == 1) {
                sb.append("\\u00e9");
            } else if (c == 2) {
                sb.append('\u00e9');
            } else if (c == 3) {
                sb.append("\\n");
            } else {
                sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        if (r.nextInt(10) == 0) {
            sb.append("2026-11-23T10:00:00.125Z");
        }
        sb.append('"');
    }

    private static void space(Random r, StringBuilder sb) {
        if (r.nextInt(4) == 0) {
            sb.append(" \t\n\r".charAt(r.nextInt(4)));
        }
    }
}

package io.driftwatch.ingest;

import java.util.Arrays;

/**
 * The values an {@link EventParser} found, one slot per pointer: the JSON type, the number (for numbers) and the
 * text (strings and booleans as written, numbers too where the parser was asked to keep it). Mutable and reused
 * between events; not thread-safe.
 */
public final class ParsedFields {

    public static final byte ABSENT = 0;
    public static final byte NUMBER = 1;
    public static final byte STRING = 2;
    public static final byte BOOLEAN = 3;
    public static final byte NULL = 4;
    /** An object or array. */
    public static final byte OTHER = 5;

    private final byte[] types;
    private final double[] numbers;
    private final String[] texts;

    ParsedFields(int slots) {
        types = new byte[slots];
        numbers = new double[slots];
        texts = new String[slots];
    }

    void clear() {
        Arrays.fill(types, ABSENT);
        Arrays.fill(texts, null);
    }

    void set(int slot, byte type, double number, String text) {
        types[slot] = type;
        numbers[slot] = number;
        texts[slot] = text;
    }

    public byte type(int slot) {
        return types[slot];
    }

    public double number(int slot) {
        return numbers[slot];
    }

    public String text(int slot) {
        return texts[slot];
    }
}

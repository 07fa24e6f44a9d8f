package io.driftwatch.ingest.json;

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

    /** Strings of at most this many bytes are kept in {@link #ascii}'s cache. */
    private static final int CACHED_LENGTH = 64;

    private static final int CACHE_SLOTS = 64;

    private final byte[] types;
    private final double[] numbers;
    private final String[] texts;
    private final String[] cache = new String[CACHE_SLOTS];
    private char[] chars = new char[32];

    ParsedFields(int slots) {
        types = new byte[slots];
        numbers = new double[slots];
        texts = new String[slots];
    }

    /** The ASCII bytes at {@code from} as chars, in a scratch array reused between calls (valid until the next). */
    char[] chars(byte[] b, int from, int length) {
        if (chars.length < length) {
            chars = new char[Math.max(length, 2 * chars.length)];
        }
        for (int k = 0; k < length; k++) {
            chars[k] = (char) b[from + k];
        }
        return chars;
    }

    /**
     * The ASCII text of {@code length} bytes at {@code from}: a string seen recently is returned again instead of a
     * copy (model names and category labels repeat from event to event), a new one replaces the cache entry of its
     * hash. At most 64 strings of at most 64 bytes are kept.
     */
    @SuppressWarnings("deprecation") // ASCII: one byte per char, the cheapest String there is
    String ascii(byte[] b, int from, int length) {
        if (length > CACHED_LENGTH) {
            return new String(b, 0, from, length);
        }
        int h = 0;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (CACHE_SLOTS - 1);
        String cached = cache[slot];
        if (cached != null && cached.length() == length && cached.hashCode() == h) {
            boolean same = true;
            for (int k = 0; k < length; k++) {
                if (cached.charAt(k) != b[from + k]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return cached;
            }
        }
        String s = new String(b, 0, from, length);
        cache[slot] = s;
        return s;
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

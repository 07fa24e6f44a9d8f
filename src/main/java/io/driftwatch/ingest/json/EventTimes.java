package io.driftwatch.ingest.json;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Event times given as text: epoch milliseconds ({@code "1732300000125"}) or ISO-8601 with an offset
 * ({@code 2026-11-23T10:00:00.125+01:00}, {@code ...Z}), to epoch milliseconds.
 *
 * <p>The usual ISO form — {@code yyyy-MM-ddTHH:mm[:ss[.f{1,9}]]} then {@code Z} or {@code ±HH:MM[:SS]}, {@code T} and
 * {@code Z} in either case — is read directly from the characters, with the same validation as
 * {@link OffsetDateTime#parse} (months, days of the month including leap days, hours, minutes, seconds, offsets up to
 * ±18:00) and the same result (fractions beyond milliseconds truncated, as {@code toEpochMilli} does); anything else
 * goes to {@link OffsetDateTime#parse} itself, so both accept and reject exactly the same texts
 * ({@code EventTimesTest} checks it on random and broken texts). {@code OffsetDateTime.parse} cost about as much as the
 * rest of an event's ingest.
 */
public final class EventTimes {

    /** The value for a text that is not a time. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private EventTimes() {}

    /** Epoch milliseconds of {@code text}, or {@link #INVALID}. */
    public static long parse(String text) {
        int n = text.length();
        if (n > 0 && n <= 18 && allDigits(text)) {
            return Long.parseLong(text);
        }
        long fast = iso(text);
        if (fast != INVALID) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The usual ISO form read directly, or {@link #INVALID} when the text is not in it (not necessarily invalid). */
    static long iso(String s) {
        int n = s.length();
        if (n < 17 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':') {
            return INVALID;
        }
        char t = s.charAt(10);
        if (t != 'T' && t != 't') {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if ((year | month | day | hour | minute) < 0) {
            return INVALID;
        }
        int i = 16;
        int second = 0;
        int millis = 0;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0) {
                return INVALID;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    if (i - start < 3) {
                        millis = millis * 10 + (s.charAt(i) - '0');
                    }
                    i++;
                }
                int count = i - start;
                if (count < 1 || count > 9) {
                    return INVALID;
                }
                for (int k = count; k < 3; k++) {
                    millis *= 10;
                }
            }
        }
        if (i >= n) {
            return INVALID;
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if (z == 'Z' || z == 'z') {
            offsetSeconds = 0;
            i++;
        } else if (z == '+' || z == '-') {
            int oh = digits(s, i + 1, 2);
            if (oh < 0 || i + 3 >= n || s.charAt(i + 3) != ':') {
                return INVALID;
            }
            int om = digits(s, i + 4, 2);
            if (om < 0) {
                return INVALID;
            }
            int os = 0;
            i += 6;
            if (i < n && s.charAt(i) == ':') {
                os = digits(s, i + 1, 2);
                if (os < 0) {
                    return INVALID;
                }
                i += 3;
            }
            if (oh > 18 || om > 59 || os > 59 || (oh == 18 && (om > 0 || os > 0))) {
                return INVALID;
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60 + os);
        } else {
            return INVALID;
        }
        if (i != n) {
            return INVALID;
        }
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return INVALID;
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return INVALID;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000L + millis;
    }

    /** {@code count} decimal digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 (the proleptic Gregorian calendar, as {@code LocalDate.toEpochDay}). */
    static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
                total--;
            }
        }
        return total - 719_528L; // days from year 0 to 1970
    }
}

package io.driftwatch.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct ISO-8601 reader against {@link OffsetDateTime#parse}: the same texts accepted, the same instants. */
class EventTimesTest {

    /** What {@code OffsetDateTime.parse(text).toInstant().toEpochMilli()} says, or INVALID. */
    private static long reference(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return EventTimes.INVALID;
        }
    }

    @Test
    void randomTimesReadAsOffsetDateTimeReadsThem() {
        SplittableRandom random = new SplittableRandom(20261124);
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            // any instant of years 0001-9999, any offset of whole minutes or seconds within +-18:00
            long second = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int nanos = random.nextInt(1_000_000_000);
            int offset = random.nextInt(-18 * 3600, 18 * 3600 + 1);
            if (random.nextBoolean()) {
                offset -= offset % 60;
            }
            OffsetDateTime t =
                    OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nanos), ZoneOffset.ofTotalSeconds(offset));
            String text = format(t, random);
            if (t.getYear() < 1 || t.getYear() > 9999) {
                continue;
            }
            long expected = reference(text);
            assertThat(EventTimes.parse(text)).as(text).isEqualTo(expected);
            if (EventTimes.iso(text) != EventTimes.INVALID) {
                fast++;
            }
        }
        assertThat(fast).as("the direct reader took the usual forms").isGreaterThan(150_000);
    }

    /** A random way of writing {@code t}: seconds or not, 0-9 fraction digits, Z or the offset, either case. */
    private static String format(OffsetDateTime t, SplittableRandom random) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%04d-%02d-%02d%s%02d:%02d",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                random.nextInt(5) == 0 ? "t" : "T",
                t.getHour(),
                t.getMinute()));
        boolean seconds = t.getSecond() != 0 || t.getNano() != 0 || random.nextBoolean();
        if (seconds) {
            b.append(String.format(Locale.ROOT, ":%02d", t.getSecond()));
            int digits = random.nextInt(10);
            if (digits > 0) {
                String nanos = String.format(Locale.ROOT, "%09d", t.getNano());
                b.append('.').append(nanos, 0, digits);
            }
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0 && random.nextBoolean()) {
            b.append(random.nextBoolean() ? "Z" : "z");
        } else {
            int abs = Math.abs(offset);
            b.append(String.format(Locale.ROOT, "%s%02d:%02d", offset < 0 ? "-" : "+", abs / 3600, abs / 60 % 60));
            if (abs % 60 != 0 || random.nextInt(10) == 0) {
                b.append(String.format(Locale.ROOT, ":%02d", abs % 60));
            }
        }
        return b.toString();
    }

    @Test
    void brokenAndUnusualTextsAreJudgedAsOffsetDateTimeJudgesThem() {
        for (String text : List.of(
                "2024-02-29T12:00:00Z", // leap day
                "2023-02-29T12:00:00Z", // not a leap year
                "1900-02-29T00:00Z", // century, not a leap year
                "2000-02-29T00:00Z", // 400th year, a leap year
                "2026-04-31T00:00Z",
                "2026-13-01T00:00Z",
                "2026-00-10T00:00Z",
                "2026-11-24T24:00:00Z",
                "2026-11-24T23:60:00Z",
                "2026-11-24T23:59:60Z",
                "2026-11-24T10:00:00+18:00",
                "2026-11-24T10:00:00+18:01",
                "2026-11-24T10:00:00-18:00",
                "2026-11-24T10:00:00+0100",
                "2026-11-24T10:00:00+01",
                "2026-11-24T10:00:00-00:00",
                "2026-11-24T10:00:00.Z",
                "2026-11-24T10:00:00.1234567891Z",
                "2026-11-24T10:00:00,5Z",
                "2026-11-24 10:00:00Z",
                "2026-11-24T10:00:00",
                "2026-11-24T10:00Z ",
                "+12026-11-24T10:00:00Z",
                "0000-01-01T00:00:00Z",
                "2026-1-24T10:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00.0001Z",
                "1732300000125",
                "",
                "yesterday")) {
            boolean epochMillis = !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
            long expected = epochMillis ? Long.parseLong(text) : reference(text);
            assertThat(EventTimes.parse(text)).as(text).isEqualTo(expected);
        }
        assertThat(EventTimes.parse("1732300000125")).isEqualTo(1_732_300_000_125L);
    }
}

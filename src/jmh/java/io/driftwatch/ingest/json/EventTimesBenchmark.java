package io.driftwatch.ingest.json;

import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * An ISO-8601 event time to epoch millis: Driftwatch's direct reader against {@code OffsetDateTime.parse}.
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test -Djmh.args="-f 1 -wi 3 -i 5 EventTimes"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventTimesBenchmark {

    private final String[] texts = {
        "2026-11-24T10:15:30.125Z", "2026-11-24T11:15:30.125+01:00", "2026-11-24T05:15:30.125123-05:00"
    };
    private int next;

    @Benchmark
    public long direct() {
        return EventTimes.parse(texts[next++ % texts.length]);
    }

    @Benchmark
    public long offsetDateTimeParse() {
        return OffsetDateTime.parse(texts[next++ % texts.length]).toInstant().toEpochMilli();
    }
}

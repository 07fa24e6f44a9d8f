package io.driftwatch.ingest.json;


import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One event of the {@code compare.sh} job (model, time and three monitors' fields out of seven) through
 * {@link EventParser}: the ASCII fast path against Jackson's streaming parser, in one run.
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test -Djmh.args="-f 1 -wi 3 -i 5 EventParser"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventParserBenchmark {

    private static final int EVENTS = 1024;
    private final EventParser parser =
            new EventParser(List.of("/model", "/ts", "/score", "/amount", "/label"), slot -> slot == 4);
    private final ParsedFields fields = parser.newFields();
    private final byte[][] events = new byte[EVENTS][];
    private int next;

    public EventParserBenchmark() {
        SplittableRandom r = new SplittableRandom(42);
        long ts = 1732300000123L;
        for (int i = 0; i < EVENTS; i++) {
            ts += r.nextInt(3);
            events[i] = String.format(
                            java.util.Locale.ROOT,
                            "{\"id\":\"%016x\",\"model\":\"%s\",\"v\":3,\"ts\":%d,\"score\":%.4f,\"label\":\"%s\","
                                    + "\"amount\":%.2f}",
                            r.nextLong(),
                            r.nextBoolean() ? "fraud" : "churn",
                            ts,
                            r.nextDouble(),
                            r.nextInt(8) == 0 ? "fraud" : "ok",
                            Math.exp(3.8 + 1.1 * r.nextDouble()))
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Benchmark
    public JsonProblem fastPath() {
        return parser.parse(events[next++ & (EVENTS - 1)], fields);
    }

    @Benchmark
    public JsonProblem jackson() {
        return parser.parseWithJackson(events[next++ & (EVENTS - 1)], fields);
    }
}

package io.driftwatch.ingest;

import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.Topics;
import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ingest without a broker: 20 polls of 4 partitions x 2,500 records (the compare.sh job: 3 monitors, 2 models) through
 * {@link IngestWorkers} with 1 or 2 ingest threads. Reports ms per 200,000 records; records/s = 2e8 / score.
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test -Djmh.args="-f 1 -wi 5 -i 10 IngestThreads"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IngestThreadsBenchmark {

    private static final int POLLS = 20;
    private static final int PER_PARTITION = 2_500;

    @Param({"1", "2"})
    int threads;

    private final List<List<byte[]>> values = new ArrayList<>();
    private long now;
    private long base;
    private IngestWorkers consumer;

    @Setup(Level.Trial)
    public void records() {
        now = System.currentTimeMillis();
        SplittableRandom random = new SplittableRandom(42);
        String[] labels = {"ok", "review", "fraud"};
        for (int p = 0; p < 4; p++) {
            List<byte[]> list = new ArrayList<>();
            for (int i = 0; i < POLLS * PER_PARTITION; i++) {
                list.add(String.format(
                                Locale.ROOT,
                                "{\"id\":\"%016x\",\"model\":\"%s\",\"v\":3,\"ts\":%d,\"score\":%.4f,\"label\":\"%s\",\"amount\":%.2f}",
                                random.nextLong(),
                                random.nextBoolean() ? "fraud" : "churn",
                                now - random.nextInt(200_000),
                                random.nextDouble(),
                                labels[random.nextInt(3)],
                                random.nextDouble() * 100)
                        .getBytes(StandardCharsets.UTF_8));
            }
            values.add(list);
        }
    }

    @Setup(Level.Invocation)
    public void consumer() {
        if (consumer != null) {
            consumer.stop();
        }
        Reference score = Reference.of(NumericBins.ofEdges(0, 0.25, 0.5, 0.75, 1), new long[] {0, 25, 25, 25, 25, 0});
        Reference amount = Reference.of(NumericBins.ofEdges(0, 25, 50, 75, 100), new long[] {0, 25, 25, 25, 25, 0});
        Reference label = Reference.of(CategoricalBins.of(List.of("ok", "review", "fraud")), new long[] {70, 20, 10, 0});
        MonitorRegistry registry = new MonitorRegistry(
                List.of(
                        TestMonitors.monitor("score", "/score", score),
                        TestMonitors.monitor("amount", "/amount", amount),
                        TestMonitors.monitor("label", "/label", label)),
                100,
                InstantSource.system(),
                Duration.ofHours(2),
                Duration.ofSeconds(1));
        var config = TestConfig.driftwatch(Map.of("driftwatch.events.ingest-threads", Integer.toString(threads)));
        var ingestor = new EventIngestor(registry, InstantSource.system(), "/model", "/ts", "default", 300_000, 1 << 20);
        consumer = new IngestWorkers(ingestor, new DeadLetters(new Topics("predictions", "driftwatch", config), null, new KafkaProblems(InstantSource.system())), config);
        base = 0;
    }


    @Benchmark
    public void twoHundredThousandRecords() {
        for (int poll = 0; poll < POLLS; poll++) {
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> batch = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(PER_PARTITION);
                for (int i = 0; i < PER_PARTITION; i++) {
                    int k = poll * PER_PARTITION + i;
                    list.add(new ConsumerRecord<>("predictions", p, base + k, null, values.get(p).get(k)));
                }
                batch.put(new TopicPartition("predictions", p), list);
            }
            consumer.consume(new ConsumerRecords<>(batch, Map.of()));
        }
        consumer.drain(d -> {}); // what a flush takes: the deltas (stage 1 publishes them once a second)
    }

    @TearDown(Level.Trial)
    public void stop() {
        consumer.stop();
    }
}

package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.Topics;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.owner.PaneApplier;
import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Several ingest threads count exactly what one counts, and create no more series than the limit allows. */
class IngestWorkersTest {

    private static final long NOW = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    private static MonitorRegistry registry(int maxSeries) {
        return TestMonitors.scoreAndLabel(maxSeries, NOW);
    }

    /** 4 partitions of records over 12 models; every tenth record bad. */
    private static ConsumerRecords<byte[], byte[]> records(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            TopicPartition tp = new TopicPartition("predictions", p);
            List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                String json = i % 10 == 9
                        ? "{\"model\":\"m1\",\"score\":\"high\"}"
                        : String.format(
                                java.util.Locale.ROOT,
                                "{\"model\":\"m%d\",\"ts\":%d,\"score\":%.4f,\"label\":\"%s\"}",
                                random.nextInt(12),
                                NOW - random.nextInt(200_000),
                                random.nextDouble(),
                                random.nextBoolean() ? "ok" : "fraud");
                long offset = (seed - 1) * 3_000 + i; // later polls continue the partitions
                list.add(new ConsumerRecord<>("predictions", p, offset, null, json.getBytes(StandardCharsets.UTF_8)));
            }
            byPartition.put(tp, list);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    private static IngestWorkers consumer(MonitorRegistry registry, int threads) {
        var config = TestConfig.driftwatch(Map.of("driftwatch.events.ingest-threads", Integer.toString(threads)));
        var ingestor = new EventIngestor(
                registry, InstantSource.fixed(Instant.ofEpochMilli(NOW)), "/model", "/ts", "default", 300_000, 1000);
        return new IngestWorkers(
                ingestor,
                new DeadLetters(
                        new Topics("predictions", "driftwatch", config),
                        null,
                        new KafkaProblems(InstantSource.system())),
                config);
    }

    private static Map<String, List<Long>> counts(MonitorRegistry registry) {
        Map<String, List<Long>> out = new HashMap<>();
        registry.forEachSeries(s -> {
            List<Long> c = new ArrayList<>();
            for (long n : s.snapshot().counts()) {
                c.add(n);
            }
            out.put(s.monitor().name() + "/" + s.model(), c);
        });
        return out;
    }

    @Test
    void threeThreadsCountExactlyWhatOneCounts() {
        MonitorRegistry one = registry(100);
        MonitorRegistry three = registry(100);
        IngestWorkers single = consumer(one, 1);
        IngestWorkers parallel = consumer(three, 3);
        PaneApplier ownerOne = new PaneApplier(one);
        PaneApplier ownerThree = new PaneApplier(three);
        try {
            for (long seed = 1; seed <= 3; seed++) {
                single.consume(records(seed));
                parallel.consume(records(seed));
                single.drain(d -> ownerOne.apply(0, d, NOW));
                parallel.drain(d -> ownerThree.apply(0, d, NOW));
            }
            assertThat(counts(three)).hasSize(24).isEqualTo(counts(one));
            long total = 0;
            for (List<Long> c : counts(one).values()) {
                total += c.stream().mapToLong(Long::longValue).sum();
            }
            assertThat(total)
                    .as("2 monitors x 9 of 10 records x 12,000 x 3 polls")
                    .isEqualTo(2L * 10_800 * 3);
        } finally {
            single.stop();
            parallel.stop();
        }
    }

    @Test
    void parallelThreadsNeverCreateMoreSeriesThanTheLimitNorHalfAnEvent() {
        MonitorRegistry registry = registry(7); // 3 whole models of 2 series, then 1 left over
        IngestWorkers parallel = consumer(registry, 4);
        PaneApplier owner = new PaneApplier(registry);
        try {
            parallel.consume(records(7));
            parallel.drain(d -> owner.apply(0, d, NOW));
            assertThat(registry.seriesCount()).isEqualTo(6);
            Map<String, List<Long>> counts = counts(registry);
            for (String key : counts.keySet()) {
                String model = key.substring(key.indexOf('/') + 1);
                assertThat(counts).as("both series of " + model).containsKeys("score/" + model, "label/" + model);
            }
        } finally {
            parallel.stop();
        }
    }

    @Test
    void aNegativeThreadCountIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> IngestWorkers.threads(-1, 4)).hasMessageContaining("driftwatch.events.ingest-threads");
        assertThat(IngestWorkers.threads(0, 2)).isEqualTo(2);
        assertThat(IngestWorkers.threads(0, 64)).isEqualTo(8);
        assertThat(IngestWorkers.threads(3, 2)).isEqualTo(3);
    }
}

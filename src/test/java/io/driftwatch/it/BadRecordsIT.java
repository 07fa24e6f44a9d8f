package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * 10,000 bad records of ten kinds interleaved with 20,000 good ones: every bad record is counted under its reason and
 * copied to the dead-letter topic, and the windows equal those of a run that saw only the good records.
 */
class BadRecordsIT {

    private static final int GOOD = 20_000;
    private static final int BAD = 10_000;
    private static final int HUGE = 10; // 2 MB records among the bad ones

    @Test
    void badRecordsAreCountedByReasonAndLeaveTheWindowsAsACleanRunHasThem() throws Exception {
        String clean = KafkaSupport.createTopic("it-clean", 2);
        String dirty = KafkaSupport.createTopic("it-dirty", 2);
        String deadLetters = KafkaSupport.createTopic("it-dead", 1);
        Map<String, String> dirtyProps = TestMonitors.properties(dirty, dirty);
        dirtyProps.put("driftwatch.events.dead-letter-topic", deadLetters);
        TestMonitors.Generator forClean = new TestMonitors.Generator(99, "fraud");
        TestMonitors.Generator forDirty = new TestMonitors.Generator(99, "fraud");
        long now = Instant.now().toEpochMilli();
        Map<String, Integer> expected = new TreeMap<>();
        Map<String, String> score = TestMonitors.series("score", "fraud");

        try (AppProcess cleanApp = AppProcess.start("bad-records-clean", TestMonitors.properties(clean, clean));
                AppProcess dirtyApp = AppProcess.start("bad-records-dirty", dirtyProps);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            int bad = 0;
            for (int i = 0; i < GOOD; i++) {
                KafkaSupport.send(producer, clean, "k", forClean.next());
                KafkaSupport.send(producer, dirty, "k", forDirty.next());
                while (bad < (long) BAD * (i + 1) / GOOD) {
                    String[] record = badRecord(bad++, now);
                    expected.merge(record[0], 1, Integer::sum);
                    KafkaSupport.send(producer, dirty, "k", record[1].getBytes(StandardCharsets.UTF_8));
                }
            }
            producer.flush();
            long produced = System.nanoTime();

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        PromText m = dirtyApp.metrics();
                        assertThat(m.valueOr("drift_window_samples", score, 0)).isEqualTo(GOOD);
                        assertThat(m.rejectedByReason()).isEqualTo(expected);
                    });
            double seconds = (System.nanoTime() - produced) / 1e9;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cleanApp.metrics().valueOr("drift_window_samples", score, 0) == GOOD);

            PromText dirtyMetrics = dirtyApp.metrics();
            PromText cleanMetrics = cleanApp.metrics();
            for (String monitor : new String[] {"score", "label"}) {
                Map<String, String> series = TestMonitors.series(monitor, "fraud");
                for (String gauge : TestMonitors.GAUGES) {
                    assertThat(dirtyMetrics.value(gauge, series))
                            .as("%s%s", gauge, series)
                            .isEqualTo(cleanMetrics.value(gauge, series));
                }
            }
            assertThat(expected).hasSizeGreaterThanOrEqualTo(8);
            assertThat(expected.values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(BAD);
            assertThat(deadLetterReasons(deadLetters, BAD)).isEqualTo(expected);
            assertThat(dirtyApp.metrics().value("drift_dead_letters_total", Map.of("result", "failed")))
                    .isZero();
            System.out.printf(
                    "BadRecordsIT: %d records (%d bad, %d of them 2 MB) fully counted %.2f s after the last send%n",
                    GOOD + BAD, BAD, HUGE, seconds);
        }
    }

    /** The {@code k}-th bad record: {reason, value}. Ten kinds; {@value #HUGE} of them are 2 MB. */
    private static String[] badRecord(int k, long now) {
        if (k % (BAD / HUGE) == 0) {
            return new String[] {"oversized", "{\"model\":\"fraud\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"};
        }
        return switch (k % 9) {
            case 0 -> new String[] {"malformed-json", "{\"model\":\"fraud\",\"score\":0.3,\"la"};
            case 1 -> new String[] {"wrong-type", "{\"model\":\"fraud\",\"score\":\"0.3\",\"label\":{\"v\":1}}"};
            case 2 -> new String[] {"non-finite", "{\"model\":\"fraud\",\"score\":NaN}"};
            case 3 -> new String[] {"non-finite", "{\"model\":\"fraud\",\"score\":1e999,\"label\":null}"};
            case 4 -> new String[] {"missing-field", "{\"model\":\"fraud\"}"};
            case 5 -> new String[] {"empty", ""};
            case 6 -> new String[] {
                "future-timestamp",
                "{\"model\":\"fraud\",\"ts\":" + (now + 3_600_000) + ",\"score\":0.3,\"label\":\"ok\"}"
            };
            case 7 -> new String[] {
                "bad-timestamp", "{\"model\":\"fraud\",\"ts\":\"tomorrow\",\"score\":0.3,\"label\":\"ok\"}"
            };
            default -> new String[] {"not-an-object", "\"fraud\""};
        };
    }

    /** Reads {@code expected} records from the dead-letter topic and counts their reason headers. */
    private static Map<String, Integer> deadLetterReasons(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSupport.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> reasons = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int seen = 0;
            Map<String, Integer> truncated = new HashMap<>();
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String reason = new String(
                            r.headers().lastHeader("driftwatch-reason").value(), StandardCharsets.UTF_8);
                    reasons.merge(reason, 1, Integer::sum);
                    if (r.headers().lastHeader("driftwatch-original-size") != null) {
                        truncated.merge(reason, 1, Integer::sum);
                        assertThat(r.value()).hasSizeLessThanOrEqualTo(512 * 1024);
                    }
                    assertThat(r.headers().lastHeader("driftwatch-source")).isNotNull();
                    seen++;
                }
            }
            assertThat(truncated).isEqualTo(Map.of("oversized", HUGE));
        }
        assertThat(Arrays.asList(reasons.keySet().toArray())).isNotEmpty();
        return reasons;
    }
}

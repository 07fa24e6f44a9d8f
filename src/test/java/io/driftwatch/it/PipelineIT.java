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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * End to end against the real broker and the packaged app: a seeded stream of good and malformed events is produced
 * to a fresh topic; the KL on /q/metrics must equal the KL this test computes itself from the good events, and every
 * malformed event must be counted under its reason.
 */
class PipelineIT {

    private static final double[] SCORE_EDGES = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
    private static final long[] SCORE_REFERENCE = {0, 200, 300, 250, 150, 100, 0}; // underflow, 5 bins, overflow
    private static final List<String> LABELS = List.of("fraud", "ok");
    private static final long[] LABEL_REFERENCE = {300, 700, 0}; // fraud, ok, unseen
    private static final double PSEUDO_COUNT = 0.5;
    private static final int GOOD_EVENTS = 3000;

    @Test
    void klOnMetricsEqualsKlComputedFromTheProducedEventsAndBadEventsAreCountedByReason() throws Exception {
        String topic = KafkaSupport.createTopic("it-pipeline", 3);
        Map<String, String> props = TestMonitors.properties(topic, topic);

        long[] scoreCounts = new long[SCORE_REFERENCE.length];
        long[] labelCounts = new long[LABEL_REFERENCE.length];
        Map<String, Integer> expectedRejections = new TreeMap<>();
        Random random = new Random(20261123);
        long now = Instant.now().toEpochMilli();

        try (AppProcess app = AppProcess.start("pipeline", props);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            for (int i = 0; i < GOOD_EVENTS; i++) {
                double score = Math.pow(random.nextDouble(), 1.3) * 1.1 - 0.02; // some under- and overflow
                String label = random.nextInt(10) == 0 ? "chargeback" : random.nextInt(3) == 0 ? "fraud" : "ok";
                long ts = now - random.nextInt(60_000);
                String time = i % 2 == 0 ? Long.toString(ts) : "\"" + Instant.ofEpochMilli(ts) + "\"";
                send(
                        producer,
                        topic,
                        "{\"model\":\"fraud\",\"ts\":" + time + ",\"score\":" + score + ",\"label\":\"" + label
                                + "\"}");
                scoreCounts[scoreBin(score)]++;
                labelCounts[LABELS.contains(label) ? LABELS.indexOf(label) : LABELS.size()]++;
                if (i % 25 == 0) {
                    String reason = sendMalformed(producer, topic, i / 25, now);
                    expectedRejections.merge(reason, 1, Integer::sum);
                }
            }
            producer.flush();

            Map<String, String> score = Map.of("monitor", "score", "model", "fraud");
            Map<String, String> label = Map.of("monitor", "label", "model", "fraud");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        PromText m = app.metrics();
                        assertThat(m.valueOr("drift_window_samples", score, 0)).isEqualTo(GOOD_EVENTS);
                        assertThat(m.valueOr("drift_window_samples", label, 0)).isEqualTo(GOOD_EVENTS);
                        assertThat(m.rejectedByReason()).isEqualTo(expectedRejections);
                    });

            PromText m = app.metrics();
            assertThat(m.value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                    .isEqualTo(GOOD_EVENTS);
            assertRelativelyClose(m.value("drift_kl_divergence", score), kl(scoreCounts, SCORE_REFERENCE));
            assertRelativelyClose(m.value("drift_kl_divergence_reverse", score), kl(SCORE_REFERENCE, scoreCounts));
            assertRelativelyClose(m.value("drift_kl_divergence", label), kl(labelCounts, LABEL_REFERENCE));
            assertRelativelyClose(m.value("drift_kl_divergence_reverse", label), kl(LABEL_REFERENCE, labelCounts));
            assertThat(expectedRejections).hasSizeGreaterThanOrEqualTo(8);
        }
    }

    /** Sends the {@code k}-th malformed event (cycling through the kinds) and returns its expected reason. */
    private static String sendMalformed(KafkaProducer<byte[], byte[]> producer, String topic, int k, long now) {
        String[][] kinds = {
            {"malformed-json", "{\"model\":\"fraud\",\"score\":0.5,\"lab"},
            {"wrong-type", "{\"model\":\"fraud\",\"score\":\"0.5\",\"label\":{\"v\":1}}"},
            {"non-finite", "{\"model\":\"fraud\",\"score\":NaN}"},
            {"non-finite", "{\"model\":\"fraud\",\"score\":1e999,\"label\":null}"},
            {"missing-field", "{\"model\":\"fraud\"}"},
            {"empty", ""},
            {"not-an-object", "[0.5,\"ok\"]"},
            {"bad-timestamp", "{\"model\":\"fraud\",\"ts\":\"23/11/2026\",\"score\":0.5,\"label\":\"ok\"}"},
            {
                "future-timestamp",
                "{\"model\":\"fraud\",\"ts\":" + (now + 86_400_000L) + ",\"score\":0.5,\"label\":\"ok\"}"
            },
            {"wrong-type", "{\"model\":\"fraud\",\"score\":\"0.5\",\"label\":[\"ok\"]}"},
        };
        String[] kind = kinds[k % kinds.length];
        send(producer, topic, kind[1]);
        return kind[0];
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String json) {
        KafkaSupport.send(producer, topic, "fraud", json.getBytes(StandardCharsets.UTF_8));
    }

    /** The test's own binning: underflow 0, interior [e(i-1), e(i)) with the last one closed, overflow last. */
    private static int scoreBin(double v) {
        if (v < SCORE_EDGES[0]) {
            return 0;
        }
        for (int i = 1; i < SCORE_EDGES.length; i++) {
            if (v < SCORE_EDGES[i] || (i == SCORE_EDGES.length - 1 && v == SCORE_EDGES[i])) {
                return i;
            }
        }
        return SCORE_EDGES.length;
    }

    /** The test's own smoothed KL: p_i = (P_i + a) / (N + aB), q_i likewise, sum p ln(p/q). */
    private static double kl(long[] p, long[] q) {
        double np = 0;
        double nq = 0;
        for (int i = 0; i < p.length; i++) {
            np += p[i];
            nq += q[i];
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = (p[i] + PSEUDO_COUNT) / (np + PSEUDO_COUNT * p.length);
            double qi = (q[i] + PSEUDO_COUNT) / (nq + PSEUDO_COUNT * q.length);
            sum += pi * Math.log(pi / qi);
        }
        return sum;
    }

    private static void assertRelativelyClose(double actual, double expected) {
        assertThat(expected).isPositive();
        assertThat(Math.abs(actual - expected) / expected)
                .as("relative error of %s against %s", actual, expected)
                .isLessThan(1e-9);
    }
}

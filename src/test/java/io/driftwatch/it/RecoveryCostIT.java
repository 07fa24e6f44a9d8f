package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Recovery does not replay the raw window (issue 12): the same series with 10x more events in the window, each app
 * stopped and started again (a rolling restart); the restarted owner rebuilds from the pane topic, and the records it
 * replays do not grow with the events. (Restarts after {@code kill -9}: {@link RestartRebuildIT}, {@link ScaleOutIT}.)
 */
class RecoveryCostIT {

    record Recovery(long events, double seconds, double replayed) {}

    @Test
    void replayedRecordsDoNotGrowWithTheEventsInTheWindow() throws Exception {
        Recovery small = recover(3_000);
        Recovery large = recover(30_000);
        System.out.printf(
                Locale.ROOT,
                "RecoveryCostIT: %d events: rebuilt in %.1f s replaying %.0f pane records; %d events: %.1f s, %.0f"
                        + " records%n",
                small.events,
                small.seconds,
                small.replayed,
                large.events,
                large.seconds,
                large.replayed);
        assertThat(small.replayed).isPositive();
        assertThat(large.replayed)
                .as("pane records replayed for 10x the events")
                .isLessThan(5 * small.replayed)
                .isLessThan(large.events / 20.0);
    }

    private static Recovery recover(int events) throws Exception {
        String topic = KafkaSupport.createTopic("it-recovery-" + events, 4);
        Map<String, String> props = TestMonitors.properties(topic, topic);
        props.put("driftwatch.panes.instance-id", "recovery");
        TestMonitors.Generator generator = new TestMonitors.Generator(3, "fraud");
        Map<String, String> score = TestMonitors.series("score", "fraud");
        try (KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), generator.next())));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(); // the backlog is all on the broker before the app starts: a shortfall is the app's
            }
        }
        int port;
        try (AppProcess first = AppProcess.start("recovery-" + events, props)) {
            port = first.port();
            awaitAll(first, events, score);
        } // SIGTERM: stage 1 flushes and commits, both groups are left at once
        long start = System.nanoTime();
        try (AppProcess restarted = AppProcess.start("recovery-" + events, props, port)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        PromText m = restarted.metrics();
                        return m.value("drift_rebuild_in_progress", Map.of()) == 0
                                && m.valueOr("drift_window_samples", score, 0) == events;
                    });
            double seconds = (System.nanoTime() - start) / 1e9;
            PromText m = restarted.metrics();
            assertThat(m.value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                    .as("stage 1 continued at its committed offsets: nothing read again")
                    .isZero();
            return new Recovery(events, seconds, m.value("drift_rebuild_records_total", Map.of()));
        }
    }

    /** Until stage 1 accepted {@code events} and the window holds them; says where they went if it does not. */
    private static void awaitAll(AppProcess first, int events, Map<String, String> score) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            PromText m = first.metrics();
            assertThat(m.value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                    .as("accepted by stage 1")
                    .isEqualTo(events);
            assertThat(m.valueOr("drift_window_samples", score, 0))
                    .as(
                            "in the window; pane records %s, late %s, held %s",
                            m.find("drift_pane_records_total", Map.of()),
                            m.find("drift_late_events_total", Map.of()),
                            m.find("drift_early_events_total", Map.of()))
                    .isEqualTo(events);
        });
    }
}

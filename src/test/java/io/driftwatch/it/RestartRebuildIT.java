package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The log is the state: an app killed with SIGKILL in the middle of a stream and started again ends with exactly the
 * windows of a control app that never stopped (same topic, its own consumer group).
 */
class RestartRebuildIT {

    private static final int EVENTS = 6000;

    @Test
    void afterKillMinus9TheRebuiltWindowsEqualThoseOfARunThatNeverStopped() throws Exception {
        String topic = KafkaSupport.createTopic("it-restart", 3);
        Map<String, String> control = TestMonitors.properties(topic, topic + "-control");
        Map<String, String> subjectProps = TestMonitors.properties(topic, topic + "-subject");
        TestMonitors.Generator events = new TestMonitors.Generator(7, "fraud");
        Map<String, String> score = TestMonitors.series("score", "fraud");

        try (AppProcess reference = AppProcess.start("restart-control", control);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            AppProcess subject = AppProcess.start("restart-subject", subjectProps);
            for (int i = 0; i < EVENTS / 2; i++) {
                KafkaSupport.send(producer, topic, "k" + i, events.next());
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> subject.metrics().valueOr("drift_window_samples", score, 0) >= EVENTS / 4.0);
            int port = subject.port();
            subject.kill9();

            for (int i = EVENTS / 2; i < EVENTS; i++) {
                KafkaSupport.send(producer, topic, "k" + i, events.next());
            }
            producer.flush();
            try (AppProcess restarted = AppProcess.start("restart-subject", subjectProps, port)) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            assertThat(reference.metrics().valueOr("drift_window_samples", score, 0))
                                    .isEqualTo(EVENTS);
                            PromText m = restarted.metrics();
                            assertThat(m.valueOr("drift_window_samples", score, 0))
                                    .isEqualTo(EVENTS);
                            assertThat(m.value("drift_rebuild_in_progress", Map.of()))
                                    .isZero();
                        });
                PromText expected = reference.metrics();
                PromText actual = restarted.metrics();
                for (String monitor : new String[] {"score", "label"}) {
                    TestMonitors.assertSameStatistics(expected, actual, TestMonitors.series(monitor, "fraud"));
                }
                assertThat(Files.readString(restarted.log())).contains("replaying offsets");
            }
        }
    }
}

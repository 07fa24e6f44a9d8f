package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.LocalBroker;
import io.driftwatch.testing.TestMonitors;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The broker disappears for more than 20 s while the producer buffers events: readiness goes DOWN with a reason, the
 * app keeps running, and once the broker is back every event is counted exactly once.
 */
class BrokerOutageIT {

    private static final int BEFORE = 1000;
    private static final int DURING = 1500;

    @Test
    void readinessIsDownDuringAnOutageAndNoEventIsLostOrDoubleCounted() throws Exception {
        String topic = KafkaSupport.createTopic("it-outage", 2);
        TestMonitors.Generator events = new TestMonitors.Generator(11, "fraud");
        Map<String, String> score = TestMonitors.series("score", "fraud");
        Map<String, Object> patientProducer = Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        try (AppProcess app = AppProcess.start("outage", TestMonitors.properties(topic, topic));
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(patientProducer)) {
            for (int i = 0; i < BEFORE; i++) {
                KafkaSupport.send(producer, topic, "k" + i, events.next());
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.metrics().valueOr("drift_window_samples", score, 0) == BEFORE);
            assertThat(app.get("/q/health/ready").statusCode()).isEqualTo(200);

            LocalBroker.stop();
            long down = System.nanoTime();
            // the producer holds these until the broker is back (its sends block while the leader is unknown)
            Thread buffered = new Thread(() -> {
                for (int i = 0; i < DURING; i++) {
                    KafkaSupport.send(producer, topic, "k" + (BEFORE + i), events.next());
                }
            });
            buffered.start();
            try {
                // the messaging channels' own readiness checks may go DOWN first; Driftwatch's names the cause
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.get("/q/health/ready").body().contains("Kafka broker unreachable"));
                assertThat(app.get("/q/health/ready").statusCode()).isEqualTo(503);
                assertThat(app.get("/q/health/live").statusCode()).isEqualTo(200);
                long remaining = Duration.ofSeconds(21).toNanos() - (System.nanoTime() - down);
                if (remaining > 0) {
                    Thread.sleep(remaining / 1_000_000);
                }
                assertThat(app.get("/q/health/ready").statusCode()).isEqualTo(503);
            } finally {
                LocalBroker.startKeepingData();
            }
            buffered.join(Duration.ofSeconds(150).toMillis());
            assertThat(buffered.isAlive())
                    .as("producer still blocked after the broker came back")
                    .isFalse();
            producer.flush();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        assertThat(app.get("/q/health/ready").statusCode()).isEqualTo(200);
                        assertThat(app.metrics().valueOr("drift_window_samples", score, 0))
                                .isEqualTo(BEFORE + DURING);
                        assertThat(app.metrics()
                                        .value("drift_events_total", Map.of("outcome", "accepted", "reason", "none")))
                                .isEqualTo(BEFORE + DURING);
                    });
        }
    }
}

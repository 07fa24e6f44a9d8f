package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.kafka.Channels;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Alerts as JSON on a Kafka topic, keyed by {@code monitor/model}, through the reactive-messaging channel
 * {@value Channels#ALERTS} (idempotent producer, every replica acknowledges). {@link #deliver} returns once the broker
 * acknowledged the record and throws when it did not (its {@link DeliveryQueue} retries); it waits as long as the
 * producer may take ({@link KafkaRecipes#ALERT_SEND_GIVE_UP}), so a broker restart delays an alert and never sends it
 * twice. An authentication or authorization failure is reported to {@link KafkaProblems}.
 */
final class KafkaAlertSink implements AlertSink {

    private static final String CLIENT = "alert producer (channel " + Channels.ALERTS + ")";

    private final Emitter<ProducerRecord<byte[], byte[]>> channel;
    private final String topic;
    private final ObjectMapper json;
    private final KafkaProblems problems;

    KafkaAlertSink(
            Emitter<ProducerRecord<byte[], byte[]>> channel, String topic, ObjectMapper json, KafkaProblems problems) {
        this.channel = channel;
        this.topic = topic;
        this.json = json;
        this.problems = problems;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void deliver(AlertMessage message) throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic, message.key().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(message));
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.send(Message.of(record)
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    done.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                }));
        try {
            done.get(KafkaRecipes.ALERT_SEND_GIVE_UP.toMillis(), TimeUnit.MILLISECONDS);
            problems.recovered(CLIENT);
        } catch (ExecutionException e) {
            problems.failed(CLIENT, e.getCause());
            throw e;
        }
    }

    @Override
    public void close() {
        // the channel's producer is closed by the messaging extension
    }
}

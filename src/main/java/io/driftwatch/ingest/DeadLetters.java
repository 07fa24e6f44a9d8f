package io.driftwatch.ingest;

import io.driftwatch.kafka.Channels;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import io.driftwatch.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends rejected records to the optional dead-letter topic ({@code driftwatch.events.dead-letter-topic}) through the
 * reactive-messaging channel {@value Channels#DEAD_LETTERS}, with the reason in headers. Sends are asynchronous and
 * never block or fail ingestion: when the channel's buffer (4,096 records) is full, or a send fails, the copy is
 * counted as failed; an authorization failure is reported to {@link KafkaProblems} (readiness names it).
 *
 * <p>Thread-safe: any ingest thread may send.
 */
@ApplicationScoped
public class DeadLetters {

    /** Values larger than this are truncated in the dead-letter copy (header {@code driftwatch-original-size}). */
    static final int MAX_VALUE_BYTES = KafkaRecipes.MAX_DEAD_LETTER_BYTES;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final String CLIENT = "dead-letter producer (channel " + Channels.DEAD_LETTERS + ")";

    private final String topic;
    private final Emitter<ProducerRecord<byte[], byte[]>> channel;
    private final KafkaProblems problems;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    DeadLetters(
            Topics topics,
            @Channel(Channels.DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    Emitter<ProducerRecord<byte[], byte[]>> channel,
            KafkaProblems problems) {
        this.topic = topics.deadLetters().orElse(null);
        this.channel = channel;
        this.problems = problems;
        if (topic != null) {
            LOG.infof("rejected records go to dead-letter topic %s", topic);
        }
    }

    public boolean enabled() {
        return topic != null;
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Sends a copy of {@code record} with the rejection reason; never throws. */
    public void send(ConsumerRecord<byte[], byte[]> record, Outcome outcome, String detail) {
        if (topic == null) {
            return;
        }
        try {
            byte[] value = record.value();
            RecordHeaders headers = new RecordHeaders();
            headers.add("driftwatch-reason", bytes(outcome.reasonTag()));
            if (detail != null) {
                headers.add("driftwatch-detail", bytes(detail));
            }
            headers.add("driftwatch-source", bytes(record.topic() + "/" + record.partition() + "/" + record.offset()));
            if (value != null && value.length > MAX_VALUE_BYTES) {
                headers.add("driftwatch-original-size", bytes(Integer.toString(value.length)));
                value = Arrays.copyOf(value, MAX_VALUE_BYTES);
            }
            ProducerRecord<byte[], byte[]> copy =
                    new ProducerRecord<>(topic, null, record.timestamp(), record.key(), value, headers);
            channel.send(Message.of(copy)
                    .withAck(() -> {
                        sent.increment();
                        problems.recovered(CLIENT);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        failed.increment();
                        if (!problems.failed(CLIENT, e)) {
                            LOG.debugf("dead-letter send failed: %s", e.getMessage());
                        }
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) { // the channel's buffer is full, or it is closing
            failed.increment();
            LOG.debugf("dead-letter send failed: %s", e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

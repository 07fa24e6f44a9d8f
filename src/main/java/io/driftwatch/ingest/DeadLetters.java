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
 * never fail ingestion. At most {@link #MAX_IN_FLIGHT} copies are in flight, below the channel's buffer (4,096
 * records). When that many are — a burst of bad records faster than the producer sends them — the ingest thread waits
 * for room, so a burst loses no dead letter; but once there has been no room for {@link Room#MAX_WAIT_NANOS 2 s} (the
 * topic cannot be written), copies are counted as failed without waiting until there is room again, so an outage of
 * the dead-letter topic never holds ingestion up for more than that.
 * A failed send is counted as failed; an authorization failure is reported to {@link KafkaProblems} (readiness names
 * it).
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
    private final Room room = new Room(System::nanoTime);
    /** Copies handed to the channel and not yet acknowledged or refused by the producer. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * At most this many copies in flight: below the channel's buffer of 4,096, so the buffer never overflows — an
     * overflow would fail the channel's stream for good, and every later copy with it.
     */
    static final int MAX_IN_FLIGHT = 4_000;

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
            Message<ProducerRecord<byte[], byte[]>> message = Message.of(copy)
                    .withAck(() -> {
                        inFlight.decrementAndGet();
                        sent.increment();
                        problems.recovered(CLIENT);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        inFlight.decrementAndGet();
                        failed.increment();
                        if (!problems.failed(CLIENT, e)) {
                            LOG.debugf("dead-letter send failed: %s", e.getMessage());
                        }
                        return CompletableFuture.completedFuture(null);
                    });
            if (!room.send(() -> trySend(message))) { // full for too long, or closing
                failed.increment();
            }
        } catch (RuntimeException e) {
            failed.increment();
            LOG.debugf("dead-letter send failed: %s", e.getMessage());
        }
    }

    /**
     * Hands {@code message} to the channel; false when {@link #MAX_IN_FLIGHT} copies are in flight (the producer is
     * behind, or cannot write).
     */
    private boolean trySend(Message<ProducerRecord<byte[], byte[]>> message) {
        if (channel.isCancelled()) {
            throw new IllegalStateException("the dead-letter channel is closed");
        }
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            return false;
        }
        inFlight.incrementAndGet();
        try {
            channel.send(message);
            return true;
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /**
     * Waits for room in a full buffer, within a bound: a send that finds it full is retried every millisecond until
     * it goes through, unless the buffer has been full for {@link #MAX_WAIT_NANOS} without a send getting through —
     * then sends fail at once until one gets through again. Thread-safe.
     */
    static final class Room {
        /** How long the buffer may stay full while senders wait: 2 s. */
        static final long MAX_WAIT_NANOS = 2_000_000_000L;

        private final java.util.function.LongSupplier nanoTime;
        /** When the buffer was first found full and has not had room since; 0 while it has room. */
        private final java.util.concurrent.atomic.AtomicLong fullSince = new java.util.concurrent.atomic.AtomicLong();

        Room(java.util.function.LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
        }

        /** Tries {@code send} until it returns true or the bound is spent; whether it went through. */
        boolean send(java.util.function.BooleanSupplier send) {
            while (true) {
                if (send.getAsBoolean()) {
                    fullSince.set(0);
                    return true;
                }
                long now = nanoTime.getAsLong();
                fullSince.compareAndSet(0, now);
                if (now - fullSince.get() >= MAX_WAIT_NANOS) {
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.driftwatch.ingest;

import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaRecipes;
import io.driftwatch.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends rejected records to the optional dead-letter topic ({@code driftwatch.events.dead-letter-topic}), with the
 * reason in headers. Sends are asynchronous and never block or fail ingestion: failures are counted and logged.
 */
@ApplicationScoped
public class DeadLetters {

    /** Values larger than this are truncated in the dead-letter copy (header {@code driftwatch-original-size}). */
    static final int MAX_VALUE_BYTES = 512 * 1024;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    DeadLetters(Topics topics, KafkaClients clients) {
        this.topic = topics.deadLetters().orElse(null);
        if (topic == null) {
            producer = null;
            return;
        }
        producer = clients.producer(KafkaRecipes.deadLetters(MAX_VALUE_BYTES));
        // fetch the topic's metadata now, off the ingest thread, so that the first rejected record does not wait for it
        Thread warmup = new Thread(
                () -> {
                    try {
                        producer.partitionsFor(topic);
                    } catch (RuntimeException e) {
                        LOG.warnf("dead-letter topic %s: %s", topic, e.getMessage());
                    }
                },
                "driftwatch-dead-letters-warmup");
        warmup.setDaemon(true);
        warmup.start();
        LOG.infof("rejected records go to dead-letter topic %s", topic);
    }

    public boolean enabled() {
        return producer != null;
    }

    public long sent() {
        return sent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Sends a copy of {@code record} with the rejection reason; never throws. */
    public void send(ConsumerRecord<byte[], byte[]> record, Outcome outcome, String detail) {
        if (producer == null) {
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
            producer.send(
                    new ProducerRecord<>(topic, null, record.timestamp(), record.key(), value, headers), (m, e) -> {
                        if (e == null) {
                            sent.increment();
                        } else {
                            failed.increment();
                            LOG.debugf("dead-letter send failed: %s", e.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            failed.increment();
            LOG.debugf("dead-letter send failed: %s", e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}

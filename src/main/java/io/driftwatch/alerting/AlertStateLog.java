package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.kafka.CompactedLog;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import io.driftwatch.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Firing alerts in a compacted Kafka topic, so that they survive restarts and handovers: the owner writes a series'
 * firing alert (key: its fingerprint, value: the firing message) before delivering it, and a tombstone when it
 * resolves. Every instance follows the topic from the beginning; an owner that takes a series over restores its firing
 * alerts from here — same {@code alertId}, no second firing notification.
 *
 * <p>{@link #caughtUp()} is false until the topic has been read to the end it had at start: the evaluator waits for it,
 * so that a restarted instance never re-fires an alert it had fired before. The topic is followed by a
 * {@link CompactedLog} (thread {@code driftwatch-alert-states}) and created by {@link InternalTopics}.
 *
 * <p>Thread-safety: the follower thread writes the map; the evaluator writes through the producer and reads the map
 * (concurrent map).
 */
@ApplicationScoped
public class AlertStateLog implements AlertStore {

    private static final Logger LOG = Logger.getLogger(AlertStateLog.class);
    private static final String WRITER = "alert-state producer";

    private final KafkaClients clients;
    private final KafkaProblems problems;
    private final InternalTopics internalTopics;
    private final String topic;
    private final ObjectMapper json;
    private final Map<String, AlertMessage> firing = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private CompactedLog follower;
    private KafkaProducer<byte[], byte[]> producer;

    AlertStateLog(
            KafkaClients clients,
            InternalTopics internalTopics,
            Topics topics,
            KafkaProblems problems,
            ObjectMapper json) {
        this.clients = clients;
        this.problems = problems;
        this.internalTopics = internalTopics;
        this.topic = topics.alertStates();
        this.json = json;
    }

    void start(@Observes @Priority(15) StartupEvent event) {
        producer = clients.producer(KafkaRecipes.alertStatesWriter());
        follower = new CompactedLog(
                "alert-states",
                topic,
                () -> clients.consumer(KafkaRecipes.alertStatesReader()),
                () -> internalTopics.ensure(Duration.ofSeconds(10)),
                this::apply,
                () -> LOG.infof("alert states: %d firing alerts read from %s", firing.size(), topic),
                problems);
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** Whether the topic has been read to the end it had at start (until then, restoring could miss an alert). */
    @Override
    public boolean caughtUp() {
        return follower != null && follower.loaded();
    }

    @Override
    public Optional<AlertMessage> firing(String fingerprint) {
        return Optional.ofNullable(firing.get(fingerprint));
    }

    /** Records that could not be read (skipped). */
    public long unreadable() {
        return unreadable.get();
    }

    /** Stores a firing alert; waits (at most 5 s) for the broker, so the state is kept before anyone is paged. */
    @Override
    public void fired(AlertMessage m) {
        firing.put(m.fingerprint(), m);
        write(m.fingerprint(), m);
    }

    /** Removes a resolved alert (a tombstone). */
    @Override
    public void resolved(String fingerprint) {
        firing.remove(fingerprint);
        write(fingerprint, null);
    }

    private void write(String fingerprint, AlertMessage m) {
        try {
            byte[] value = m == null ? null : json.writeValueAsBytes(m);
            producer.send(new ProducerRecord<>(topic, fingerprint.getBytes(StandardCharsets.UTF_8), value))
                    .get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            problems.failed(WRITER, cause);
            LOG.warnf(
                    "cannot store the alert state of %s in %s: %s; a restart or handover may re-send it",
                    fingerprint, topic, cause.toString());
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            unreadable.incrementAndGet();
            return;
        }
        String fingerprint = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            firing.remove(fingerprint);
            return;
        }
        try {
            firing.put(fingerprint, json.readValue(r.value(), AlertMessage.class));
        } catch (java.io.IOException e) {
            unreadable.incrementAndGet();
            LOG.warnf("alert states: skipping an unreadable record of %s: %s", fingerprint, e.getMessage());
        }
    }
}

package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.ingest.PaneTopics;
import io.driftwatch.ingest.PollLoops;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Firing alerts in a compacted Kafka topic, so that they survive restarts and handovers: the owner writes a series'
 * firing alert (key: its fingerprint, value: the firing message) before delivering it, and a tombstone when it
 * resolves. Every instance follows the topic from the beginning; an owner that takes a series over restores its firing
 * alerts from here — same {@code alertId}, no second firing notification.
 *
 * <p>{@link #caughtUp()} is false until the topic has been read to the end it had at start: the evaluator waits for it,
 * so that a restarted instance never re-fires an alert it had fired before.
 *
 * <p>Thread-safety: one follower thread writes the map; the evaluator writes through the producer and reads the map
 * (concurrent map).
 */
@ApplicationScoped
public class AlertStateLog implements AlertStore {

    private static final Logger LOG = Logger.getLogger(AlertStateLog.class);

    private final PaneTopics topics;
    private final ObjectMapper json;
    private final Map<String, AlertMessage> firing = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private Thread thread;

    AlertStateLog(PaneTopics topics, ObjectMapper json) {
        this.topics = topics;
        this.json = json;
    }

    void start(@Observes @Priority(15) StartupEvent event) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-alert-states");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-alert-states");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(this::follow, "driftwatch-alert-states");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        PollLoops.wakeAndJoin(consumer, thread, Duration.ofSeconds(5));
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** Whether the topic has been read to the end it had at start (until then, restoring could miss an alert). */
    @Override
    public boolean caughtUp() {
        return caughtUp;
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
            producer.send(new ProducerRecord<>(
                            topics.alertStateTopic(), fingerprint.getBytes(StandardCharsets.UTF_8), value))
                    .get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(
                    "cannot store the alert state of %s in %s: %s; a restart or handover may re-send it",
                    fingerprint, topics.alertStateTopic(), e.toString());
        }
    }

    private void follow() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        try {
            List<TopicPartition> partitions = awaitPartitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(30));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!caughtUp) {
                    boolean all = true;
                    for (TopicPartition tp : partitions) {
                        all &= c.position(tp) >= ends.getOrDefault(tp, 0L);
                    }
                    if (all) {
                        caughtUp = true;
                        LOG.infof(
                                "alert states: %d firing alerts read from %s", firing.size(), topics.alertStateTopic());
                    }
                }
            }
        } catch (WakeupException e) {
            // shutdown
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "alert states: following %s stopped", topics.alertStateTopic());
            }
        } finally {
            c.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> c) {
        while (running) {
            try {
                topics.ensure(Duration.ofSeconds(10));
                List<PartitionInfo> infos = c.partitionsFor(topics.alertStateTopic(), Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> out = new ArrayList<>();
                    infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                    return out;
                }
            } catch (io.driftwatch.monitor.InvalidConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.debugf("alert states wait for the broker: %s", e.toString());
            }
            if (!PollLoops.pause()) {
                throw new WakeupException();
            }
        }
        throw new WakeupException();
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

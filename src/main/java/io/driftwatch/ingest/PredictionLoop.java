package io.driftwatch.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Owns the poll loop of the prediction topic: one thread, one {@link KafkaConsumer}, each poll's records handed as they
 * are to {@link PredictionConsumer} — no message object per record, no tracing, no reactive dispatch between the
 * client and the ingestor (issue 13: that layer cost more than the ingest itself).
 *
 * <p>Configuration keeps its keys: {@code mp.messaging.incoming.predictions.topic} and {@code .group.id}, and any Kafka
 * consumer property under {@code kafka.} (all clients) or {@code mp.messaging.incoming.predictions.} (this one; it
 * wins), e.g. {@code security.protocol} or {@code max.poll.records}. Keys that are not consumer properties are ignored.
 *
 * <p>Guarantees kept from the channel it replaces: on every assignment the {@link WindowRebuilder} seeks to the replay
 * start (on this thread, inside {@code poll}); revoked partitions are forgotten; a batch that throws is logged and
 * skipped like a bad record, never stopping the loop; a broker outage only makes {@code poll} return nothing until it
 * is back (the Kafka client reconnects by itself, {@link BrokerReadiness} reports it). Offsets are auto-committed so
 * that external tools can show the group's progress; the windows never depend on them.
 */
@ApplicationScoped
public class PredictionLoop {

    /** The configuration prefix of the input (the name of the reactive-messaging channel it used to be). */
    public static final String PREFIX = "mp.messaging.incoming.predictions.";

    private static final Logger LOG = Logger.getLogger(PredictionLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final PredictionConsumer batches;
    private final WindowRebuilder rebuilder;
    private final MeterRegistry meters;
    private KafkaClientMetrics clientMetrics;
    private final String topic;
    private final Properties properties;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    PredictionLoop(Config config, PredictionConsumer batches, WindowRebuilder rebuilder, MeterRegistry meters) {
        this.batches = batches;
        this.rebuilder = rebuilder;
        this.meters = meters;
        this.topic = config.getOptionalValue(PREFIX + "topic", String.class).orElse("predictions");
        this.properties = consumerProperties(config);
    }

    /**
     * The consumer's properties: defaults, then Kafka consumer properties under {@code kafka.}, then under
     * {@link #PREFIX}. Deserializers are always byte arrays: values are parsed by Driftwatch.
     */
    static Properties consumerProperties(Config config) {
        Map<String, Object> p = new TreeMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "driftwatch");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-predictions");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
        Set<String> known = ConsumerConfig.configNames();
        for (String prefix : List.of("kafka.", PREFIX)) {
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(prefix) && known.contains(name.substring(prefix.length()))) {
                    config.getOptionalValue(name, String.class)
                            .ifPresent(v -> p.put(name.substring(prefix.length()), v));
                }
            }
        }
        p.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        p.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    void start(@Observes StartupEvent event) {
        // created here, so that a configuration the client refuses stops the start with the client's message
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        clientMetrics = new KafkaClientMetrics(consumer); // the client's own kafka_consumer_* metrics
        clientMetrics.bindTo(meters);
        running = true;
        thread = new Thread(this::run, "driftwatch-ingest");
        thread.start();
        LOG.infof(
                "consuming topic %s as group %s from %s",
                topic,
                properties.get(ConsumerConfig.GROUP_ID_CONFIG),
                properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (clientMetrics != null) {
            clientMetrics.close();
        }
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        try {
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebuilder.onPartitionsAssigned(c, partitions);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    rebuilder.onPartitionsRevoked(c, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    rebuilder.onPartitionsLost(c, partitions);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(POLL);
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    // e.g. authorization or an unknown topic: the client keeps its state; try again in a second
                    LOG.errorf("polling topic %s failed: %s; retrying in 1 s", topic, e.toString());
                    pause();
                    continue;
                }
                try {
                    batches.consume(records);
                } catch (RuntimeException e) {
                    // like a bad record: logged, and the stream goes on
                    LOG.errorf(e, "a batch of %d records failed; continuing with the next", records.count());
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "the prediction consumer stopped: %s", e.getMessage());
            }
        } finally {
            // bounded: with the broker gone, a default close would wait 30 s for the offset commit and the group;
            // the windows never depend on committed offsets
            c.close(Duration.ofSeconds(5));
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

package io.driftwatch.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The compacted topic that holds the run-time references: one record per key (monitor and model), the latest wins, a
 * tombstone removes. Every instance reads the whole topic at start and then follows it, so all instances converge on
 * the same references, and a change written by one is applied by all.
 *
 * <p>One thread ({@code driftwatch-references}) owns the consumer: it creates the topic if missing
 * ({@code cleanup.policy=compact}), reads it from the beginning (no consumer group), hands every record to the applier
 * in log order and retries every 2 s while the broker is away. {@link #write} is thread-safe and returns once the
 * record is stored and applied by this process.
 */
final class ReferenceLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReferenceLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_MILLIS = 2_000;

    private final String bootstrap;
    private final String topic;
    private final short replicationFactor;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Object progress = new Object();
    private volatile boolean running = true;
    private volatile String problem = "not started";
    private KafkaProducer<byte[], byte[]> producer;
    private Thread thread;

    ReferenceLog(String bootstrap, String topic, short replicationFactor) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Starts following the topic, handing every record to {@code applier} on the log thread.
     *
     * @return whether the whole topic was read within {@code timeout}
     */
    boolean start(Consumer<ConsumerRecord<byte[], byte[]>> applier, Duration timeout) throws InterruptedException {
        thread = new Thread(() -> follow(applier), "driftwatch-references");
        thread.setDaemon(true);
        thread.start();
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the topic has been read to its end once. */
    boolean loaded() {
        return loaded.getCount() == 0;
    }

    /** What keeps the log from being read, or {@code null} while it is followed normally. */
    String problem() {
        return problem;
    }

    /**
     * Writes one record ({@code value == null}: a tombstone) and waits until this process applied it.
     *
     * @throws TimeoutException if the broker did not store it, or it was not read back, within {@code timeout}
     * @throws ExecutionException if the broker refused it
     */
    RecordMetadata write(byte[] key, byte[] value, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RecordMetadata stored =
                producer().send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (progress) {
            while (applied.getOrDefault(stored.partition(), -1L) < stored.offset()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException("stored at " + stored + " but not read back: " + problem);
                }
                progress.wait(left);
            }
        }
        return stored;
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-references-writer");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void follow(Consumer<ConsumerRecord<byte[], byte[]>> applier) {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                ensureTopic();
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                for (TopicPartition tp : partitions) {
                    consumer.seek(tp, applied.getOrDefault(tp.partition(), -1L) + 1);
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                problem = null;
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        try {
                            applier.accept(record);
                        } catch (RuntimeException e) {
                            LOG.errorf(
                                    e,
                                    "reference record %s-%d@%d could not be applied",
                                    topic,
                                    record.partition(),
                                    record.offset());
                        }
                        synchronized (progress) {
                            applied.put(record.partition(), record.offset());
                            progress.notifyAll();
                        }
                    }
                    if (loaded.getCount() > 0
                            && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        LOG.infof("references: read %s to its end", topic);
                        loaded.countDown();
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                if (!running) {
                    return;
                }
                String now = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!now.equals(problem)) {
                    LOG.warnf("references: cannot read %s from %s (%s); retrying every 2 s", topic, bootstrap, now);
                }
                problem = now;
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-references-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(topic, i.partition())));
        return out;
    }

    /** Creates the topic (compacted, 1 partition) if missing; warns if an existing one is not compacted. */
    private void ensureTopic() throws ExecutionException, InterruptedException, TimeoutException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "driftwatch-references-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            if (!names.contains(topic)) {
                NewTopic t = new NewTopic(topic, Optional.of(1), Optional.of(replicationFactor))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(t)).all().get(10, TimeUnit.SECONDS);
                    LOG.infof("references: created topic %s (cleanup.policy=compact)", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            } else {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                var config = admin.describeConfigs(List.of(resource))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(resource);
                var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    LOG.warnf(
                            "references: topic %s has cleanup.policy=%s, not compact: old references may be deleted by"
                                    + " retention and then lost on restart",
                            topic, policy == null ? "?" : policy.value());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
        }
    }
}

package io.driftwatch.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
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
import org.apache.kafka.common.KafkaException;
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
 * in log order and retries every 2 s while the broker is away. It reads committed records only
 * ({@code isolation.level=read_committed}).
 *
 * <p>{@link #write} is thread-safe and returns once the record is committed and applied by this process. Every record
 * is written in its own Kafka transaction, so a write that fails or times out before its commit is never applied, by
 * any instance, even when the broker comes back later: its transaction is abandoned (the producer is closed at once,
 * and the next one, with the same {@code transactional.id}, fences and aborts it; the coordinator also aborts it after
 * {@code transaction.timeout.ms}). Only a commit that was sent but not confirmed leaves the outcome open
 * ({@link OutcomeUnknownException}).
 */
final class ReferenceLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReferenceLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_MILLIS = 2_000;

    private final String bootstrap;
    private final String topic;
    private final short replicationFactor;
    private final String transactionalId = "driftwatch-references-" + UUID.randomUUID();
    private final Duration transactionTimeout;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Object progress = new Object();
    private volatile boolean running = true;
    private volatile String problem = "not started";
    private KafkaProducer<byte[], byte[]> producer;
    private Thread thread;

    ReferenceLog(String bootstrap, String topic, short replicationFactor, Duration writeTimeout) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.replicationFactor = replicationFactor;
        this.transactionTimeout = writeTimeout.plusSeconds(5);
    }

    /** The record was not committed and never will be: nothing changed. */
    static final class NotStoredException extends Exception {
        NotStoredException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The commit was sent but not confirmed: the change may or may not be applied. */
    static final class OutcomeUnknownException extends Exception {
        OutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The record was committed but this process has not read it back in time: it will be applied. */
    static final class NotYetAppliedException extends Exception {
        NotYetAppliedException(String message) {
            super(message);
        }
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
     * Writes one record ({@code value == null}: a tombstone) in its own transaction and waits until this process
     * applied it.
     *
     * @throws NotStoredException if it was not committed (broker away, refused, too slow): it will never apply
     * @throws OutcomeUnknownException if the commit was not confirmed within {@code timeout}
     * @throws NotYetAppliedException if it was committed but not read back within {@code timeout}
     */
    RecordMetadata write(byte[] key, byte[] value, Duration timeout)
            throws NotStoredException, OutcomeUnknownException, NotYetAppliedException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RecordMetadata stored = commit(new ProducerRecord<>(topic, key, value), deadline);
        synchronized (progress) {
            while (applied.getOrDefault(stored.partition(), -1L) < stored.offset()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new NotYetAppliedException("committed at " + topic + "-" + stored.partition() + "@"
                            + stored.offset() + " but not read back yet"
                            + (problem == null ? "" : " (" + problem + ")"));
                }
                progress.wait(left);
            }
        }
        return stored;
    }

    /** Sends {@code record} in a transaction of its own and commits it; one transaction at a time. */
    private synchronized RecordMetadata commit(ProducerRecord<byte[], byte[]> record, long deadline)
            throws NotStoredException, OutcomeUnknownException, InterruptedException {
        RecordMetadata stored;
        try {
            KafkaProducer<byte[], byte[]> p = producer();
            p.beginTransaction();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            stored = p.send(record).get(left, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            abandon();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new NotStoredException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            abandon();
            throw new NotStoredException("the broker did not acknowledge the record in time", e);
        } catch (KafkaException e) { // includes the client's own timeouts (initTransactions, metadata)
            abandon();
            throw new NotStoredException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            abandon();
            throw e;
        }
        try {
            producer.commitTransaction();
            return stored;
        } catch (org.apache.kafka.common.errors.TimeoutException
                | org.apache.kafka.common.errors.InterruptException e) {
            abandon(); // the commit may still complete at the coordinator: the outcome is open
            throw new OutcomeUnknownException("the broker did not confirm the commit in time", e);
        } catch (KafkaException e) {
            abandon();
            throw new NotStoredException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the producer at once, dropping an open transaction: the next producer's {@code initTransactions} (same
     * transactional id) fences and aborts it, as does the coordinator after {@code transaction.timeout.ms}.
     */
    private synchronized void abandon() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing the reference writer");
            }
            producer = null;
        }
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
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
            KafkaProducer<byte[], byte[]> p =
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                p.initTransactions(); // fences and aborts a transaction an earlier producer of this process left open
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
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
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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
            // the loop sees `running` within one poll and closes its consumer normally; interrupting it instead made
            // every shutdown log "Failed to close fetcher ... InterruptedException"
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                thread.interrupt(); // stuck waiting for an absent broker
            }
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
        }
    }
}

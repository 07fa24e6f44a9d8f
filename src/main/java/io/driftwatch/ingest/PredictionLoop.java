package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Stage 1: owns the poll loop of the prediction topic — one thread, one {@link KafkaConsumer} in the input's consumer
 * group (partitions split between instances) — and publishes what it counted. Each poll's records go as they are to
 * {@link PredictionConsumer}, which counts them in delta histograms per (series, pane). Every
 * {@code driftwatch.panes.flush-interval}, on revoke and on shutdown the non-empty deltas go to the pane topic <b>in
 * one Kafka transaction with the consumed input offsets</b> (consume–transform–produce, fenced by the group's
 * generation): a crash or a failed transaction loses no event and counts none twice, because the input after the last
 * committed transaction is consumed again and the aborted deltas are never read ({@code read_committed} owners).
 *
 * <p>Where a partition starts: at the group's committed offset; a partition the group never committed starts at the
 * first record of {@code now - longest window - allowed lateness} (so a new deployment fills its windows without
 * reading the topic's whole history). Nothing else is replayed from the input: owners rebuild windows from the pane
 * topic ({@link PaneLoop}).
 *
 * <p>Configuration keeps its keys: {@code mp.messaging.incoming.predictions.topic} and {@code .group.id}, and any Kafka
 * consumer property under {@code kafka.} (all clients) or {@code mp.messaging.incoming.predictions.} (this one; it
 * wins). Auto-commit is always off (offsets are committed in the transactions). A batch that throws is logged and
 * skipped like a bad record; a broker outage makes polls return nothing and flushes fail, abort and rewind until it is
 * back.
 */
@ApplicationScoped
public class PredictionLoop {

    /** The configuration prefix of the input (the name of the reactive-messaging channel it used to be). */
    public static final String PREFIX = "mp.messaging.incoming.predictions.";

    private static final Logger LOG = Logger.getLogger(PredictionLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PredictionConsumer batches;
    private final PaneTopics topics;
    private final InputOffsets positions;
    private final MeterRegistry meters;
    private final InstantSource clock;
    private final String topic;
    private final Properties properties;
    private final Properties producerProperties;
    private final long flushNanos;
    private final long startSpanMillis;
    private final Map<TopicPartition, Long> pending = new HashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong deltas = new AtomicLong();
    private KafkaClientMetrics clientMetrics;
    private io.micrometer.core.instrument.Timer flushTimer;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Written by the publisher thread only, after its creation in {@link #awaitTopicsAndProducer}. */
    private volatile KafkaProducer<byte[], byte[]> producer;

    /** Commits the flushes' transactions, one at a time, while the polling thread goes on ingesting. */
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "driftwatch-panes-publisher");
        t.setDaemon(true);
        return t;
    });

    private Future<Boolean> inFlight;
    private boolean needsRewind;
    private long lastFlushNanos = System.nanoTime();
    private Thread thread;

    PredictionLoop(
            Config config,
            DriftwatchConfig driftwatch,
            PredictionConsumer batches,
            PaneTopics topics,
            InputOffsets positions,
            MeterRegistry meters,
            InstantSource clock) {
        this.batches = batches;
        this.topics = topics;
        this.positions = positions;
        this.meters = meters;
        this.clock = clock;
        this.topic = config.getOptionalValue(PREFIX + "topic", String.class).orElse("predictions");
        this.properties = consumerProperties(config);
        var panes = driftwatch.panes();
        this.flushNanos = panes.flushInterval().toNanos();
        this.startSpanMillis = PaneTopics.replaySpan(driftwatch).toMillis();
        String instance = panes.instanceId().orElse(UUID.randomUUID().toString());
        this.producerProperties =
                producerProperties(topics.bootstrap(), topics.paneTopic() + "-" + instance, panes.transactionTimeout());
    }

    /**
     * The consumer's properties: defaults, then Kafka consumer properties under {@code kafka.}, then under
     * {@link #PREFIX}. Deserializers are always byte arrays (values are parsed by Driftwatch) and auto-commit is off
     * (offsets go into the pane transactions); isolation is {@code read_committed}.
     */
    static Properties consumerProperties(Config config) {
        Map<String, Object> p = new TreeMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "driftwatch");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-predictions");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
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
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // committed() then waits for offsets of a transaction still completing, so a rewind after a failed commit
        // never lands before offsets that did commit (and a transactional input's aborted records are skipped)
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    static Properties producerProperties(String bootstrap, String transactionalId, Duration transactionTimeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-panes");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // a flush waits at most this long for a broker that is gone, then aborts and rewinds
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return p;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        // created here, so that a configuration the client refuses stops the start with the client's message
        consumer = new KafkaConsumer<>(
                properties,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        clientMetrics = new KafkaClientMetrics(consumer); // the client's own kafka_consumer_* metrics
        clientMetrics.bindTo(meters);
        FunctionCounter.builder("drift.pane.transactions", transactions, AtomicLong::get)
                .description("Stage 1's transactions of pane deltas and input offsets: committed, aborted (their input"
                        + " is consumed again)")
                .tags("result", "committed")
                .register(meters);
        FunctionCounter.builder("drift.pane.transactions", aborted, AtomicLong::get)
                .tags("result", "aborted")
                .register(meters);
        flushTimer = io.micrometer.core.instrument.Timer.builder("drift.pane.flush")
                .description("Stage 1's flushes: publishing the deltas and committing the input offsets in one"
                        + " transaction (ingest waits meanwhile)")
                .register(meters);
        FunctionCounter.builder("drift.pane.deltas.published", deltas, AtomicLong::get)
                .description("Pane deltas (one series, one pane) published by stage 1 in committed transactions")
                .register(meters);
        running = true;
        thread = new Thread(this::run, "driftwatch-ingest");
        thread.start();
        LOG.infof(
                "stage 1: consuming topic %s as group %s from %s; pane deltas to %s every %d ms (transactional id %s)",
                topic,
                properties.get(ConsumerConfig.GROUP_ID_CONFIG),
                properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                topics.paneTopic(),
                flushNanos / 1_000_000,
                producerProperties.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        PollLoops.wakeAndJoin(consumer, thread, Duration.ofSeconds(15));
        if (clientMetrics != null) {
            clientMetrics.close();
        }
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        try {
            awaitTopicsAndProducer();
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    seekToStart(c, partitions);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    flush(c, true); // while the partitions are still ours: their deltas and offsets, committed
                    partitions.forEach(positions::revoked);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // another instance has them already: what was counted since the last commit is theirs to count
                    LOG.warnf("input partitions %s lost; dropping what was counted since the last commit", partitions);
                    discard(c);
                    partitions.forEach(positions::revoked);
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
                if (!settle(c, false)) {
                    continue; // the last transaction failed: rewound, what was polled is read again
                }
                if (needsRewind) {
                    rewind(c);
                    continue; // what was polled came from the positions given up: read again after the seek
                }
                consume(records);
                if (System.nanoTime() - lastFlushNanos >= flushNanos) {
                    flush(c, false);
                }
            }
            flush(c, true);
        } catch (WakeupException e) {
            // shutdown while waiting for the broker
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "the prediction consumer stopped: %s", e.getMessage());
            }
        } finally {
            publisher.shutdown();
            try {
                publisher.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            // bounded: with the broker gone, a default close would wait 30 s for the group
            c.close(Duration.ofSeconds(5));
        }
    }

    private void consume(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            batches.consume(records);
        } catch (RuntimeException e) {
            // like a bad record: logged, and the stream goes on
            LOG.errorf(e, "a batch of %d records failed; continuing with the next", records.count());
        }
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            long next = list.get(list.size() - 1).offset() + 1;
            pending.put(tp, next);
            positions.advanced(tp, next);
        }
    }

    /**
     * Hands the deltas counted since the last flush and the input offsets they came from to the publisher, which
     * commits them in one transaction while this thread goes on ingesting into fresh accumulators (one transaction in
     * flight at most: a flush first waits for the previous one). A failed transaction is noticed after the next poll
     * or flush: everything counted since the last committed one is dropped and the input rewound to it.
     *
     * @param wait also wait for this flush's transaction (on revoke and shutdown)
     */
    private void flush(KafkaConsumer<byte[], byte[]> c, boolean wait) {
        lastFlushNanos = System.nanoTime();
        if (!settle(c, true)) {
            return; // the previous transaction failed: rewound, nothing left to publish
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        int partitions = topics.partitions();
        String paneTopic = topics.paneTopic();
        long now = clock.millis();
        batches.drain(d -> {
            byte[] key = PaneRecords.key(d.monitor(), d.model());
            out.add(new ProducerRecord<>(
                    paneTopic, PaneRecords.partition(key, partitions), now, key, PaneRecords.value(d)));
        });
        if (out.isEmpty() && pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        pending.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        pending.clear();
        ConsumerGroupMetadata group = c.groupMetadata(); // on this thread: the consumer is not thread-safe
        inFlight = publisher.submit(() -> publish(out, offsets, group));
        if (wait) {
            settle(c, true);
        }
    }

    /**
     * The outcome of the transaction in flight, if any: waits for it with {@code block}, else only looks. On failure
     * rewinds to the committed offsets and returns false.
     */
    private boolean settle(KafkaConsumer<byte[], byte[]> c, boolean block) {
        Future<Boolean> f = inFlight;
        if (f == null || (!block && !f.isDone())) {
            return true;
        }
        inFlight = null;
        boolean ok;
        try {
            ok = f.get();
        } catch (ExecutionException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok) {
            rewind(c);
        }
        return ok;
    }

    /** On the publisher thread: one transaction of deltas and input offsets; false when it failed (aborted). */
    private boolean publish(
            List<ProducerRecord<byte[], byte[]>> out,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        if (producer == null) { // the broker was gone when the last producer failed: try to make one now
            try {
                producer = newProducer();
            } catch (RuntimeException e) {
                aborted.incrementAndGet();
                LOG.warnf("cannot start the pane producer: %s; rewinding to the committed offsets", e.toString());
                return false;
            }
        }
        long started = System.nanoTime();
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            producer.commitTransaction();
            transactions.incrementAndGet();
            deltas.addAndGet(out.size());
            flushTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return true;
        } catch (RuntimeException e) {
            aborted.incrementAndGet();
            LOG.warnf(
                    "the transaction of %d pane deltas and the offsets of %s failed: %s; aborted, their input is"
                            + " consumed again",
                    out.size(), offsets.keySet(), e.toString());
            abortOrReplace(e);
            return false;
        }
    }

    private void abortOrReplace(RuntimeException cause) {
        boolean fatal = cause instanceof ProducerFencedException
                || cause instanceof OutOfOrderSequenceException
                || cause instanceof AuthorizationException
                || cause instanceof UnsupportedVersionException;
        if (!fatal) {
            try {
                producer.abortTransaction();
                return;
            } catch (KafkaException e) {
                LOG.debugf("abort failed too: %s", e.toString());
            }
        }
        producer.close(Duration.ZERO);
        producer = null; // a new producer's initTransactions aborts whatever the old one left open
    }

    /** Drops what was counted since the last commit and goes back to the committed offsets. */
    private void discard(KafkaConsumer<byte[], byte[]> c) {
        Future<Boolean> f = inFlight;
        inFlight = null;
        if (f != null) {
            try {
                f.get(); // whatever it did, the rewind below goes back to what the group has committed
            } catch (ExecutionException e) {
                // counted as aborted by publish
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        batches.drain(d -> {});
        pending.clear();
        needsRewind = true;
    }

    /** Seeks every assigned partition to its start ({@link #seekToStart}); false while the broker does not answer. */
    private boolean rewind(KafkaConsumer<byte[], byte[]> c) {
        batches.drain(d -> {}); // counted from positions that are given up
        pending.clear();
        Set<TopicPartition> assigned = new HashSet<>(c.assignment());
        LOG.infof("rewinding %s to the committed offsets", assigned);
        try {
            seek(c, assigned);
            needsRewind = false;
            return true;
        } catch (RuntimeException e) {
            needsRewind = true;
            LOG.warnf(
                    "rewind to the committed offsets of %s failed: %s; polled records are dropped until it"
                            + " succeeds",
                    assigned, e.toString());
            return false;
        }
    }

    private void seekToStart(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> assigned) {
        try {
            seek(c, assigned);
        } catch (RuntimeException e) {
            LOG.errorf("cannot look up the start of %s: %s; retrying after the next poll", assigned, e.toString());
            needsRewind = true;
        }
    }

    /** Seeks to the committed offsets; a partition without one to the first record of {@code now - span}. */
    private void seek(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions), TIMEOUT);
        Map<TopicPartition, Long> query = new HashMap<>();
        long from = clock.millis() - startSpanMillis;
        for (TopicPartition tp : partitions) {
            if (committed.get(tp) == null) {
                query.put(tp, from);
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> byTime = query.isEmpty() ? Map.of() : c.offsetsForTimes(query, TIMEOUT);
        Map<TopicPartition, Long> ends = query.isEmpty() ? Map.of() : c.endOffsets(query.keySet(), TIMEOUT);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            long offset;
            if (done != null) {
                offset = done.offset();
                LOG.infof("input partition %s: continuing at committed offset %d", tp, offset);
            } else {
                OffsetAndTimestamp t = byTime.get(tp);
                offset = t != null ? t.offset() : ends.getOrDefault(tp, 0L);
                LOG.infof(
                        "input partition %s: no committed offset; starting at %d (events since %s)",
                        tp, offset, Instant.ofEpochMilli(from));
            }
            c.seek(tp, offset);
            positions.assigned(tp, offset);
        }
    }

    private void awaitTopicsAndProducer() {
        PollLoops.untilReady("stage 1", () -> running, () -> {
            topics.ensure(Duration.ofSeconds(10));
            producer = newProducer();
        });
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            p.initTransactions(); // fences an earlier instance of the same id and aborts its open transaction
            return p;
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
    }

    private void pause() {
        if (!PollLoops.pause()) {
            running = false;
        }
    }
}

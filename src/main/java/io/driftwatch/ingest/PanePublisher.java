package io.driftwatch.ingest;

import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jboss.logging.Logger;

/**
 * Stage 1's publisher: commits each flush's pane deltas and the input offsets they came from in <b>one Kafka
 * transaction</b> (consume–transform–produce, fenced by the input group's generation), on its own thread
 * ({@code driftwatch-pane-publisher}) while the polling thread goes on ingesting. A failed transaction is aborted and
 * reported as {@code false}; the caller rewinds the input to the committed offsets.
 *
 * <p>The transactional producer is made by the publisher thread, and made again after a fatal error (fenced,
 * out-of-order sequence, authorization, unsupported version): a new producer's {@code initTransactions} aborts whatever
 * the old one left open.
 *
 * <p>Thread-safety: {@link #publish} may be called from one thread at a time (the polling thread), with at most one
 * transaction in flight; counters are readable anywhere.
 */
final class PanePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PanePublisher.class);

    private final KafkaClients clients;
    private final KafkaProblems problems;
    private final String name;
    private final String transactionalId;
    private final Duration transactionTimeout;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong deltas = new AtomicLong();
    private final List<LongConsumer> flushListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "driftwatch-pane-publisher");
        t.setDaemon(true);
        return t;
    });
    /** Set by {@link #close}: a commit being retried gives up. */
    private volatile boolean closing;
    /** Touched by the publisher thread only (and by {@link #close} after it stopped). */
    private KafkaProducer<byte[], byte[]> producer;

    PanePublisher(KafkaClients clients, String transactionalId, Duration transactionTimeout, KafkaProblems problems) {
        this.clients = clients;
        this.problems = problems;
        this.name = "transactional pane producer (transactional id " + transactionalId + ")";
        this.transactionalId = transactionalId;
        this.transactionTimeout = transactionTimeout;
    }

    String transactionalId() {
        return transactionalId;
    }

    /**
     * Makes the transactional producer now, on the publisher thread, and waits for it.
     *
     * @throws RuntimeException what making it threw (the broker is not there yet, say)
     */
    void connect() {
        Future<?> f = thread.submit(() -> {
            if (producer == null) {
                producer = newProducer();
            }
        });
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
    }

    /**
     * Starts one transaction of {@code records} and the {@code offsets} they came from, on the publisher thread.
     *
     * @return whether it committed ({@code false}: aborted, nothing of it is visible)
     */
    Future<Boolean> publish(
            List<ProducerRecord<byte[], byte[]>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        return thread.submit(() -> transaction(records, offsets, group));
    }

    /** Called with the duration in nanoseconds of every committed transaction. */
    void onCommitted(LongConsumer nanos) {
        flushListeners.add(nanos);
    }

    /** Transactions committed since start. */
    long committed() {
        return committed.get();
    }

    /** Transactions aborted since start (their input is consumed again). */
    long aborted() {
        return aborted.get();
    }

    /** Pane deltas published in committed transactions since start. */
    long deltas() {
        return deltas.get();
    }

    private boolean transaction(
            List<ProducerRecord<byte[], byte[]>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        if (producer == null) { // the broker was gone when the last producer failed: try to make one now
            try {
                producer = newProducer();
            } catch (RuntimeException e) {
                aborted.incrementAndGet();
                if (!problems.failed(name, e)) {
                    LOG.warnf("cannot start the pane producer: %s; rewinding to the committed offsets", e.toString());
                }
                return false;
            }
        }
        long started = System.nanoTime();
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            commit();
            committed.incrementAndGet();
            deltas.addAndGet(records.size());
            problems.recovered(name);
            long nanos = System.nanoTime() - started;
            flushListeners.forEach(l -> l.accept(nanos));
            return true;
        } catch (RuntimeException e) {
            aborted.incrementAndGet();
            if (!problems.failed(name, e)) {
                LOG.warnf(
                        "the transaction of %d pane deltas and the offsets of %s failed: %s; aborted, their input is"
                                + " consumed again",
                        records.size(), offsets.keySet(), e.toString());
            }
            abortOrReplace(e);
            return false;
        }
    }

    /**
     * How long a commit that keeps timing out is retried. Longer than any transaction timeout worth setting: once the
     * transaction timeout has passed, the coordinator has aborted the transaction and a retried commit reports that
     * (and the transaction is aborted here as any failed one), so the retries end with the broker's own decision.
     */
    static final Duration COMMIT_RETRIES = Duration.ofMinutes(2);

    /**
     * Commits the open transaction, retrying while the commit times out (a broker restarting): a commit that timed out
     * must be retried — every other call, abort included, fails until it is ({@code KafkaProducer#commitTransaction}) —
     * and the retry completes it, or reports that the coordinator aborted it. Gives up after {@link #COMMIT_RETRIES}
     * or when the publisher is closing.
     */
    private void commit() {
        long deadline = System.nanoTime() + COMMIT_RETRIES.toNanos();
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (closing || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                LOG.debugf("committing pane transaction timed out, retrying: %s", e.getMessage());
            }
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
            } catch (KafkaException | IllegalStateException e) { // IllegalState: a commit timed out for good
                LOG.debugf("abort failed too: %s", e.toString());
            }
        }
        producer.close(Duration.ZERO);
        producer = null; // a new producer's initTransactions aborts whatever the old one left open
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        KafkaProducer<byte[], byte[]> p = clients.producer(KafkaRecipes.panes(transactionalId, transactionTimeout));
        try {
            p.initTransactions(); // fences an earlier instance of the same id and aborts its open transaction
            return p;
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
    }

    /** Lets a transaction in flight finish (at most 15 s), then closes the producer. */
    @Override
    public void close() {
        closing = true;
        thread.shutdown();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}

package io.driftwatch.reference;

import io.driftwatch.kafka.CompactedLog;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * The compacted topic that holds the run-time references: one record per key (monitor and model), the latest wins, a
 * tombstone removes. Every instance reads the whole topic at start and then follows it ({@link CompactedLog}, thread
 * {@code driftwatch-references}, committed records only), so all instances converge on the same references, and a
 * change written by one is applied by all. The topic is created by {@link InternalTopics}.
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

    private final KafkaClients clients;
    private final InternalTopics internalTopics;
    private final String topic;
    private final String transactionalId;
    private final String writer;
    private final KafkaProblems problems;
    private final Duration transactionTimeout;
    private CompactedLog follower;
    private KafkaProducer<byte[], byte[]> producer;

    ReferenceLog(
            KafkaClients clients,
            InternalTopics internalTopics,
            KafkaProblems problems,
            String topic,
            String transactionalIdPrefix,
            Duration writeTimeout) {
        this.clients = clients;
        this.problems = problems;
        this.transactionalId = transactionalIdPrefix + UUID.randomUUID();
        this.writer = "transactional reference producer (transactional id " + transactionalId + ")";
        this.internalTopics = internalTopics;
        this.topic = topic;
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
        follower = new CompactedLog(
                "references",
                topic,
                () -> clients.consumer(KafkaRecipes.referencesReader()),
                () -> internalTopics.ensure(Duration.ofSeconds(10)),
                applier,
                this::startWriter,
                problems);
        follower.start();
        return follower.awaitLoaded(timeout);
    }

    /**
     * On the follower thread, once the topic has been read: the writer is made now (its transactional id registered),
     * so that a missing permission shows at start (readiness), not at the first change.
     */
    private void startWriter() {
        LOG.infof("references: read %s to its end", topic);
        try {
            synchronized (this) {
                producer();
            }
            problems.recovered(writer);
        } catch (RuntimeException e) {
            abandon();
            if (!problems.failed(writer, e)) {
                LOG.warnf("references: the writer cannot start yet (%s); a change will try again", e.toString());
            }
        }
    }

    /** Whether the topic has been read to its end once. */
    boolean loaded() {
        return follower != null && follower.loaded();
    }

    /** What keeps the log from being read, or {@code null} while it is followed normally. */
    String problem() {
        return follower == null ? "not started" : follower.problem();
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
        return writeAll(List.of(new SimpleEntry<>(key, value)), timeout).get(0);
    }

    /**
     * Writes the records (key, value) in one transaction — all of them take effect or none — and waits until this
     * process applied them; the metadata in the same order. Exceptions as for {@link #write}.
     */
    List<RecordMetadata> writeAll(List<Map.Entry<byte[], byte[]>> keyValues, Duration timeout)
            throws NotStoredException, OutcomeUnknownException, NotYetAppliedException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(keyValues.size());
        keyValues.forEach(kv -> records.add(new ProducerRecord<>(topic, kv.getKey(), kv.getValue())));
        List<RecordMetadata> stored = commit(records, deadline);
        for (RecordMetadata m : stored) {
            if (!follower.awaitApplied(m.partition(), m.offset(), deadline)) {
                String why = follower.problem();
                throw new NotYetAppliedException("committed at " + topic + "-" + m.partition() + "@" + m.offset()
                        + " but not read back yet" + (why == null ? "" : " (" + why + ")"));
            }
        }
        return stored;
    }

    /** Sends {@code records} in one transaction and commits it; one transaction at a time. */
    private synchronized List<RecordMetadata> commit(List<ProducerRecord<byte[], byte[]>> records, long deadline)
            throws NotStoredException, OutcomeUnknownException, InterruptedException {
        List<RecordMetadata> stored = new ArrayList<>(records.size());
        try {
            KafkaProducer<byte[], byte[]> p = producer();
            p.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            records.forEach(r -> sent.add(p.send(r)));
            for (Future<RecordMetadata> f : sent) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                stored.add(f.get(left, TimeUnit.MILLISECONDS));
            }
        } catch (ExecutionException e) {
            abandon();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            problems.failed(writer, cause);
            throw new NotStoredException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            abandon();
            throw new NotStoredException("the broker did not acknowledge the record in time", e);
        } catch (KafkaException e) { // includes the client's own timeouts (initTransactions, metadata)
            abandon();
            problems.failed(writer, e);
            throw new NotStoredException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            abandon();
            throw e;
        }
        try {
            producer.commitTransaction();
            problems.recovered(writer);
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
            KafkaProducer<byte[], byte[]> p =
                    clients.producer(KafkaRecipes.referencesWriter(transactionalId, transactionTimeout));
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

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
        }
    }
}

package io.driftwatch.ingest;

import io.driftwatch.panes.PaneRecords;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What stage 1 has consumed but not yet committed, and the flushes that commit it: every flush hands the deltas
 * counted since the last one and the input offsets they came from to the {@link PanePublisher}, which commits them in
 * one transaction while the polling thread goes on ingesting into fresh accumulators (one transaction in flight at
 * most: a flush first waits for the previous one). A failed transaction is noticed after the next poll or flush:
 * everything counted since the last committed one is dropped and the input rewound to it ({@link InputStart}), so a
 * crash or a failed transaction loses no event and counts none twice.
 *
 * <p>Not thread-safe: the polling thread only (the consumer is not thread-safe either).
 */
final class InputTransactions {

    private static final Logger LOG = Logger.getLogger(InputTransactions.class);

    private final IngestWorkers workers;
    private final PanePublisher publisher;
    private final InputStart start;
    private final InputOffsets positions;
    private final String paneTopic;
    private final IntSupplier panePartitions;
    private final InstantSource clock;
    private final Map<TopicPartition, Long> pending = new HashMap<>();
    private Future<Boolean> inFlight;
    private boolean needsRewind;

    InputTransactions(
            IngestWorkers workers,
            PanePublisher publisher,
            InputStart start,
            InputOffsets positions,
            String paneTopic,
            IntSupplier panePartitions,
            InstantSource clock) {
        this.workers = workers;
        this.publisher = publisher;
        this.start = start;
        this.positions = positions;
        this.paneTopic = paneTopic;
        this.panePartitions = panePartitions;
        this.clock = clock;
    }

    /** Notes the offsets after {@code records}, just handed to the ingest threads: the next flush commits them. */
    void consumed(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            long next = list.get(list.size() - 1).offset() + 1;
            pending.put(tp, next);
            positions.advanced(tp, next);
        }
    }

    /**
     * Hands the deltas counted since the last flush and the input offsets they came from to the publisher.
     *
     * @param wait also wait for this flush's transaction (on revoke and shutdown)
     */
    void flush(Consumer<byte[], byte[]> c, boolean wait) {
        if (!settle(c, true)) {
            return; // the previous transaction failed: rewound, nothing left to publish
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        int partitions = panePartitions.getAsInt();
        long now = clock.millis();
        workers.drain(d -> {
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
        inFlight = publisher.publish(out, offsets, group);
        if (wait) {
            settle(c, true);
        }
    }

    /**
     * The outcome of the transaction in flight, if any: waits for it with {@code block}, else only looks. On failure
     * rewinds to the committed offsets and returns false.
     */
    boolean settle(Consumer<byte[], byte[]> c, boolean block) {
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

    /**
     * Drops what was counted since the last commit (the partitions were lost: another instance counts it) and rewinds
     * after the next poll.
     */
    void discard() {
        Future<Boolean> f = inFlight;
        inFlight = null;
        if (f != null) {
            try {
                f.get(); // whatever it did, the rewind goes back to what the group has committed
            } catch (ExecutionException e) {
                // counted as aborted by the publisher
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.drain(d -> {});
        pending.clear();
        needsRewind = true;
    }

    /** Whether the positions must go back to the committed offsets before records are consumed again. */
    boolean needsRewind() {
        return needsRewind;
    }

    /** Seeks every assigned partition to its start ({@link InputStart}); a failure is retried after the next poll. */
    void rewind(Consumer<byte[], byte[]> c) {
        workers.drain(d -> {}); // counted from positions that are given up
        pending.clear();
        Set<TopicPartition> assigned = new HashSet<>(c.assignment());
        LOG.infof("rewinding %s to the committed offsets", assigned);
        try {
            start.seek(c, assigned);
            needsRewind = false;
        } catch (RuntimeException e) {
            needsRewind = true;
            LOG.warnf(
                    "rewind to the committed offsets of %s failed: %s; polled records are dropped until it"
                            + " succeeds",
                    assigned, e.toString());
        }
    }

    /** Forgets a partition that left this instance. */
    void revoked(TopicPartition tp) {
        positions.revoked(tp);
    }

    /** Seeks newly assigned partitions to their start; a failure is retried after the next poll. */
    void assigned(Consumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        try {
            start.seek(c, partitions);
        } catch (RuntimeException e) {
            LOG.errorf("cannot look up the start of %s: %s; retrying after the next poll", partitions, e.toString());
            needsRewind = true;
        }
    }
}

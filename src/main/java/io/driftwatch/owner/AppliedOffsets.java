package io.driftwatch.owner;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;

/**
 * The record of what this process has applied to its windows: per pane-topic partition it owns, the highest offset
 * applied, whether the partition is assigned, and the end offset it had at assignment (until which the windows are
 * being rebuilt). Records at or below the highest applied offset are skipped, so no delta is counted twice; a
 * partition handed to another owner is forgotten ({@link #forget}) and, if it comes back, rebuilt from the replay
 * start.
 *
 * <p>Thread-safety: written by the owner's polling thread only ({@link #shouldApply} per record, assignment changes in
 * its rebalance listener); read anywhere (lag, health, alerts): a concurrent map of per-partition progress with
 * volatile fields.
 */
@ApplicationScoped
public class AppliedOffsets {

    private final Map<TopicPartition, Progress> partitions = new ConcurrentHashMap<>();
    private volatile boolean assignmentReceived;
    private final LongAdder replayed = new LongAdder();

    /** Records applied to rebuild windows (below the end offset a partition had at its assignment), since start. */
    public long replayedRecords() {
        return replayed.sum();
    }

    /**
     * Whether the record at {@code offset} should be applied to the windows; records at or below the highest offset
     * already applied from that partition are skipped. Called once per record, in partition order.
     */
    public boolean shouldApply(TopicPartition tp, long offset) {
        Progress p = progress(tp);
        if (offset <= p.lastApplied) {
            return false;
        }
        p.lastApplied = offset;
        if (offset < p.rebuildUntil) {
            replayed.increment();
        }
        return true;
    }

    /** Marks {@code tp} assigned, to be rebuilt until {@code endOffset}; returns the next offset to apply. */
    long assigned(TopicPartition tp, long endOffset) {
        Progress p = progress(tp);
        p.rebuildUntil = endOffset;
        p.assigned = true;
        return p.lastApplied + 1;
    }

    /**
     * The consumer's position in {@code tp}: the offset after the last record it returned, or after transaction
     * markers that follow it (markers are never returned as records, so only the position shows that a partition of a
     * transactional topic has been read to its end).
     */
    void positionReached(TopicPartition tp, long position) {
        Progress p = partitions.get(tp);
        if (p != null && p.assigned && position > p.position) {
            p.position = position;
        }
    }

    /** The group coordinator has answered: partitions (possibly none) are assigned to this process. */
    void assignmentReceived() {
        assignmentReceived = true;
    }

    /** True until the consumer group has assigned this process its partitions for the first time. */
    public boolean awaitingAssignment() {
        return !assignmentReceived;
    }

    /**
     * Forgets a partition handed to another owner: its series left this process, so if it comes back it is rebuilt
     * from the replay start, not continued.
     */
    void forget(TopicPartition tp) {
        partitions.remove(tp);
    }

    /** Partitions currently assigned to this process. */
    public List<TopicPartition> assignedPartitions() {
        return partitions.entrySet().stream()
                .filter(e -> e.getValue().assigned)
                .map(Map.Entry::getKey)
                .toList();
    }

    public boolean isAssigned(TopicPartition tp) {
        Progress p = partitions.get(tp);
        return p != null && p.assigned;
    }

    /** The next offset of {@code tp} this process will apply. */
    public long nextOffset(TopicPartition tp) {
        Progress p = partitions.get(tp);
        return p == null ? 0 : p.next();
    }

    /** Whether {@code tp} is assigned here and replayed up to the end offset it had at assignment. */
    public boolean rebuilt(TopicPartition tp) {
        Progress p = partitions.get(tp);
        return p != null && p.assigned && p.next() >= p.rebuildUntil;
    }

    /** True while an assigned partition has not yet been replayed up to its end offset at assignment. */
    public boolean rebuilding() {
        for (Progress p : partitions.values()) {
            if (p.assigned && p.next() < p.rebuildUntil) {
                return true;
            }
        }
        return false;
    }

    private Progress progress(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, t -> new Progress());
    }

    private static final class Progress {
        volatile long lastApplied = -1;
        volatile long position;
        volatile long rebuildUntil;
        volatile boolean assigned;

        /** The next offset to read: after the last applied record, or past markers the position has passed. */
        long next() {
            return Math.max(lastApplied + 1, position);
        }
    }
}

package io.driftwatch.owner;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.Spans;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The pane topic is the state: an owner rebuilds its series' windows from the pane deltas, not from the raw input —
 * the cost is series x panes, independent of the event rate.
 *
 * <p>On every assignment of pane-topic partitions (start, restart, handover) each partition is sought to the first
 * delta published at or after {@code now - longest window - allowed lateness - flush interval}
 * ({@code offsetsForTimes}) and replayed into the windows, but never before the offsets this process already applied
 * ({@link AppliedOffsets}), so nothing is counted twice. Until each assigned partition is replayed to its end offset at
 * assignment, {@link AppliedOffsets#rebuilding()} is true.
 *
 * <p>Thread-safety: called by {@link OwnerLoop}'s rebalance listener, on its polling thread.
 */
@ApplicationScoped
public class WindowRebuilder {

    private static final Logger LOG = Logger.getLogger(WindowRebuilder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AppliedOffsets applied;
    private final InstantSource clock;
    private final long replaySpanMillis;

    WindowRebuilder(DriftwatchConfig config, InstantSource clock, AppliedOffsets applied) {
        this.applied = applied;
        this.clock = clock;
        this.replaySpanMillis = Spans.rebuild(config).toMillis();
    }

    void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        try {
            seekToReplayStart(consumer, assigned);
        } finally {
            applied.assignmentReceived(); // after the partitions are marked: the gauge never reads 0 in between
        }
    }

    private void seekToReplayStart(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        long from = clock.millis() - replaySpanMillis;
        Map<TopicPartition, Long> query = new HashMap<>();
        assigned.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> starts;
        Map<TopicPartition, Long> ends;
        try {
            // the end offsets first: a partition with no delta since `from` starts where it ended BEFORE that answer,
            // never at an end taken after it, which deltas committed in between would already have moved past them
            ends = consumer.endOffsets(assigned, TIMEOUT);
            starts = consumer.offsetsForTimes(query, TIMEOUT);
        } catch (org.apache.kafka.common.errors.WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            throw e; // stopping: the poll loop ends, nothing to rebuild
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "cannot look up replay offsets for %s; continuing from the start of the partition's retention",
                    assigned);
            return;
        }
        for (TopicPartition tp : assigned) {
            long end = ends.getOrDefault(tp, 0L);
            OffsetAndTimestamp start = starts.get(tp);
            long target = start != null ? start.offset() : end;
            long seekTo = Math.max(target, applied.assigned(tp, end));
            consumer.seek(tp, seekTo);
            LOG.infof(
                    "pane partition %s assigned: replaying offsets %d..%d (deltas since %s) into the windows",
                    tp, seekTo, end, Instant.ofEpochMilli(from));
        }
    }

    /** Forgets partitions revoked or lost: if one comes back, it is rebuilt from the replay start. */
    void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        revoked.forEach(applied::forget);
    }
}

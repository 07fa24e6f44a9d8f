package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The log is the state: windows are rebuilt from Kafka, not from committed offsets.
 *
 * <p>On every partition assignment (start, restart, rebalance) each partition is sought to the first offset whose
 * timestamp is at or after {@code now - longest window - allowed lateness} ({@code offsetsForTimes}), and replayed
 * into the windows. The highest offset this process has applied per partition is remembered, and records at or below
 * it are skipped, so a partition that is revoked and assigned back is never counted twice. While any assigned
 * partition is still below the end offset it had at assignment, {@link #rebuilding()} is true.
 *
 * <p>Thread-safety: the listener runs on the Kafka polling thread, {@link #shouldApply} on the processing thread;
 * state is in concurrent maps of per-partition progress with volatile fields.
 */
@ApplicationScoped
@Default
@Identifier(WindowRebuilder.NAME)
public class WindowRebuilder implements KafkaConsumerRebalanceListener {

    /** Name of the listener, for {@code mp.messaging.incoming.predictions.consumer-rebalance-listener.name}. */
    public static final String NAME = "driftwatch-window-rebuilder";

    private static final Logger LOG = Logger.getLogger(WindowRebuilder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<TopicPartition, Progress> partitions = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final long replaySpanMillis;

    WindowRebuilder(DriftwatchConfig config, InstantSource clock) {
        this.clock = clock;
        long longestWindow = config.monitors().values().stream()
                .mapToLong(m -> m.window().toMillis())
                .max()
                .orElse(0);
        this.replaySpanMillis =
                longestWindow + config.events().allowedLateness().toMillis();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        long from = clock.millis() - replaySpanMillis;
        Map<TopicPartition, Long> query = new HashMap<>();
        assigned.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> starts;
        Map<TopicPartition, Long> ends;
        try {
            starts = consumer.offsetsForTimes(query, TIMEOUT);
            ends = consumer.endOffsets(assigned, TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "cannot look up replay offsets for %s; continuing from the committed offsets, so windows may"
                            + " miss events until they refill",
                    assigned);
            return;
        }
        for (TopicPartition tp : assigned) {
            Progress p = partitions.computeIfAbsent(tp, t -> new Progress());
            long end = ends.getOrDefault(tp, 0L);
            OffsetAndTimestamp start = starts.get(tp);
            long target = start != null ? start.offset() : end;
            long seekTo = Math.max(target, p.lastApplied + 1);
            consumer.seek(tp, seekTo);
            p.rebuildUntil = end;
            p.assigned = true;
            LOG.infof(
                    "partition %s assigned: replaying offsets %d..%d (events since %s) into the windows",
                    tp, seekTo, end, Instant.ofEpochMilli(from));
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        revoked.forEach(tp -> {
            Progress p = partitions.get(tp);
            if (p != null) {
                p.assigned = false;
            }
        });
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        onPartitionsRevoked(consumer, lost);
    }

    /**
     * Whether the record at {@code offset} should be applied to the windows; records at or below the highest offset
     * already applied from that partition are skipped. Called once per record, in partition order.
     */
    public boolean shouldApply(TopicPartition tp, long offset) {
        Progress p = partitions.computeIfAbsent(tp, t -> new Progress());
        if (offset <= p.lastApplied) {
            return false;
        }
        p.lastApplied = offset;
        return true;
    }

    /** Partitions currently assigned to this process. */
    public java.util.List<TopicPartition> assignedPartitions() {
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
        return p == null ? 0 : p.lastApplied + 1;
    }

    /** True while an assigned partition has not yet been replayed up to its end offset at assignment. */
    public boolean rebuilding() {
        for (Progress p : partitions.values()) {
            if (p.assigned && p.lastApplied + 1 < p.rebuildUntil) {
                return true;
            }
        }
        return false;
    }

    private static final class Progress {
        volatile long lastApplied = -1;
        volatile long rebuildUntil;
        volatile boolean assigned;
    }
}

package io.driftwatch.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Stage 1's progress on the prediction topic: the input partitions assigned to this instance and the next offset it
 * will count in a pane delta (what the input's consumer lag is measured from).
 *
 * <p>Thread-safety: written by the stage-1 poll thread, read anywhere (concurrent map).
 */
@ApplicationScoped
public class InputOffsets {

    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();

    void assigned(TopicPartition tp, long nextOffset) {
        next.put(tp, nextOffset);
    }

    void advanced(TopicPartition tp, long nextOffset) {
        next.replace(tp, nextOffset);
    }

    void revoked(TopicPartition tp) {
        next.remove(tp);
    }

    public List<TopicPartition> assignedPartitions() {
        return List.copyOf(next.keySet());
    }

    public boolean isAssigned(TopicPartition tp) {
        return next.containsKey(tp);
    }

    /** The next offset of {@code tp} stage 1 will count, or 0 when not assigned. */
    public long nextOffset(TopicPartition tp) {
        return next.getOrDefault(tp, 0L);
    }
}

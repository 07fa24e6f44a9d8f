package io.driftwatch.health;

import io.driftwatch.ingest.InputOffsets;
import io.driftwatch.owner.AppliedOffsets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far this instance is behind each partition it is assigned: the end offset the broker last gave
 * ({@link KafkaProbe}) minus the next offset this instance will take — independent of committed offsets, so it shows
 * how far the windows are behind the log even while rebuilding. Thread-safe (reads only).
 */
@ApplicationScoped
public class ConsumerLag {

    private final KafkaProbe probe;
    private final InputOffsets input;
    private final AppliedOffsets applied;

    ConsumerLag(KafkaProbe probe, InputOffsets input, AppliedOffsets applied) {
        this.probe = probe;
        this.input = input;
        this.applied = applied;
    }

    /** Called once for every partition whose lag becomes known. */
    public void onNewPartition(Consumer<TopicPartition> listener) {
        probe.onNewPartition(listener);
    }

    /**
     * Records between the partition's end and the next offset this instance will take: of an input partition, not yet
     * counted in a pane delta (stage 1); of a pane-topic partition, not yet in the windows (stage 2). NaN when
     * unknown or not assigned.
     */
    public double lag(TopicPartition tp) {
        OptionalLong end = probe.endOffset(tp);
        if (end.isEmpty()) {
            return Double.NaN;
        }
        if (input.isAssigned(tp)) {
            return Math.max(0, end.getAsLong() - input.nextOffset(tp));
        }
        if (applied.isAssigned(tp)) {
            return Math.max(0, end.getAsLong() - applied.nextOffset(tp));
        }
        return Double.NaN;
    }
}

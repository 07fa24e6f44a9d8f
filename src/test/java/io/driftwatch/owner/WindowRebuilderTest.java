package io.driftwatch.owner;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TimeLookupConsumer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WindowRebuilderTest {

    private static final TopicPartition TP = new TopicPartition("panes", 0);

    /**
     * A pane partition with no delta since the replay start is answered "none" by offsetsForTimes; deltas committed
     * right after that answer must be replayed, not skipped by starting at an end offset taken later.
     */
    @Test
    void aPartitionWithoutDeltasSinceTheReplayStartStartsAtTheEndItHadBeforeTheAnswer() {
        // five deltas committed right after this answer
        TimeLookupConsumer consumer = new TimeLookupConsumer(t -> null, c -> c.updateEndOffsets(Map.of(TP, 5L)));
        consumer.assign(List.of(TP));
        consumer.updateEndOffsets(new HashMap<>(Map.of(TP, 2L)));
        AppliedOffsets applied = new AppliedOffsets();
        new WindowRebuilder(
                        TestConfig.driftwatch(Map.of()),
                        InstantSource.fixed(Instant.parse("2026-12-02T12:00:00Z")),
                        applied)
                .onPartitionsAssigned(consumer, List.of(TP));

        assertThat(consumer.position(TP)).as("the five new deltas are replayed").isEqualTo(2);
    }
}

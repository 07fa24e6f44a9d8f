package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.testing.TimeLookupConsumer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InputStartTest {

    private static final TopicPartition TP = new TopicPartition("in", 0);

    /**
     * A partition with no record since the start time is answered "none" by offsetsForTimes; records produced right
     * after that answer must not be skipped by starting at an end offset taken later (a new group that starts while
     * its topic is being written lost them so: ScaleOutIT, 43 of 4,000 records).
     */
    @Test
    void aPartitionWithoutRecordsSinceTheStartTimeStartsAtTheEndItHadBeforeTheAnswer() {
        // no record since the start time yet; 11 records arrive right after this answer
        TimeLookupConsumer consumer = new TimeLookupConsumer(t -> null, c -> c.updateEndOffsets(Map.of(TP, 11L)));
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(new HashMap<>(Map.of(TP, 0L)));
        InputOffsets offsets = new InputOffsets();
        new InputStart(InstantSource.fixed(Instant.parse("2026-12-02T12:00:00Z")), Duration.ofMinutes(5), offsets)
                .seek(consumer, Set.of(TP));

        assertThat(consumer.position(TP))
                .as("the 11 new records are read, not skipped")
                .isZero();
    }

    @Test
    void aPartitionWithRecordsSinceTheStartTimeStartsAtTheFirstOfThem() {
        TimeLookupConsumer consumer = new TimeLookupConsumer(t -> new OffsetAndTimestamp(7, t), c -> {});
        consumer.assign(List.of(TP));
        consumer.updateEndOffsets(new HashMap<>(Map.of(TP, 20L)));
        new InputStart(
                        InstantSource.fixed(Instant.parse("2026-12-02T12:00:00Z")),
                        Duration.ofMinutes(5),
                        new InputOffsets())
                .seek(consumer, Set.of(TP));

        assertThat(consumer.position(TP)).isEqualTo(7);
    }
}

package io.driftwatch.owner;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AppliedOffsetsTest {

    private final AppliedOffsets applied = new AppliedOffsets();
    private final TopicPartition p0 = new TopicPartition("predictions", 0);

    @Test
    void notReadyUntilTheFirstAssignmentThenRebuildingUntilTheEndOffset() {
        assertThat(applied.awaitingAssignment()).as("before the group answered").isTrue();
        assertThat(applied.rebuilding()).isFalse();

        assertThat(applied.assigned(p0, 3)).isZero();
        applied.assignmentReceived();
        assertThat(applied.awaitingAssignment()).isFalse();
        assertThat(applied.rebuilding()).isTrue();
        for (long offset = 0; offset < 3; offset++) {
            assertThat(applied.shouldApply(p0, offset)).isTrue();
        }
        assertThat(applied.rebuilding()).isFalse();
        assertThat(applied.shouldApply(p0, 2)).as("applied before: skipped").isFalse();
    }

    @Test
    void anEmptyAssignmentIsAnAnswerToo() {
        applied.assignmentReceived();
        assertThat(applied.awaitingAssignment()).isFalse();
        assertThat(applied.assignedPartitions()).isEmpty();
    }

    @Test
    void aTransactionMarkerAtTheEndIsReachedThroughThePositionNotARecord() {
        // records 0..2, then the commit marker at offset 3: the end offset is 4, the last record 2
        applied.assigned(p0, 4);
        applied.assignmentReceived();
        for (long offset = 0; offset < 3; offset++) {
            applied.shouldApply(p0, offset);
        }
        assertThat(applied.rebuilding())
                .as("offset 3 is a marker, never a record")
                .isTrue();
        assertThat(applied.replayedRecords()).isEqualTo(3);
        applied.positionReached(p0, 4);
        assertThat(applied.rebuilding()).isFalse();
        assertThat(applied.nextOffset(p0)).isEqualTo(4);
    }

    @Test
    void aHandedOverPartitionIsRebuiltFromTheStartWhenItComesBack() {
        applied.assigned(p0, 2);
        applied.shouldApply(p0, 0);
        applied.shouldApply(p0, 1);
        applied.forget(p0);
        assertThat(applied.isAssigned(p0)).isFalse();
        assertThat(applied.assigned(p0, 5))
                .as("next offset to apply: from the replay start again")
                .isZero();
        assertThat(applied.shouldApply(p0, 0)).isTrue();
    }
}

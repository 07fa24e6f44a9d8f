package io.driftwatch.ingest;

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
}

package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesAdmissionTest {

    private static final boolean[] BOTH = {true, true};

    @Test
    void anEventsNewSeriesAreLetInAllOrNone() {
        SeriesAdmission admission = new SeriesAdmission(3, 0);
        assertThat(admission.admit(BOTH, "a", 0)).isZero();
        assertThat(admission.admit(BOTH, "b", 0))
                .as("two more do not fit under 3")
                .isEqualTo(2);
        assertThat(admission.admit(new boolean[] {true, false}, "c", 0))
                .as("none of b's was let in: two are taken, one is free")
                .isZero();
        assertThat(admission.admit(new boolean[] {true, false}, "b", 0))
                .as("three are taken")
                .isEqualTo(1);
        assertThat(admission.admit(BOTH, "a", 0))
                .as("known series need no room")
                .isZero();
    }

    @Test
    void seriesNotSeenForEvictAfterLeaveTheLimit() {
        SeriesAdmission admission = new SeriesAdmission(2, 60_000);
        admission.admit(BOTH, "a", 0);
        assertThat(admission.evictIdle(30_000)).isZero();
        assertThat(admission.admit(BOTH, "b", 30_000)).isEqualTo(2);
        assertThat(admission.evictIdle(61_000)).isEqualTo(2);
        assertThat(admission.admit(BOTH, "b", 61_000)).isZero();
        assertThat(admission.evictIdle(65_000)).as("at most every 10 s").isZero();
    }

    @Test
    void aMonitorAddedLaterGetsItsSeriesUnderTheSameLimit() {
        SeriesAdmission admission = new SeriesAdmission(3, 0);
        assertThat(admission.admit(BOTH, "a", 0)).isZero();
        boolean[] three = {false, false, true};
        assertThat(admission.admit(three, "a", 0))
                .as("the third monitor's series of a")
                .isZero();
        assertThat(admission.admit(three, "b", 0))
                .as("the limit of 3 is reached")
                .isEqualTo(1);
    }
}

package io.driftwatch.monitor;

import static io.driftwatch.core.histogram.SlidingWindow.Placement.DROPPED;
import static io.driftwatch.core.histogram.SlidingWindow.Placement.HELD;
import static io.driftwatch.core.histogram.SlidingWindow.Placement.LATE;
import static io.driftwatch.core.histogram.SlidingWindow.Placement.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.testing.SeriesEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesTest {

    private static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
    private final long[] now = {T0};
    private final InstantSource clock = () -> Instant.ofEpochMilli(now[0]);
    private final MonitorDefinition monitor = new MonitorDefinition(
            "label",
            "/label",
            Kind.CATEGORICAL,
            10_000,
            6, // 60 s window of 10 s panes
            Optional.empty(),
            false,
            new DriftAnalyzer(0.5, 3, 0.01));
    private final Series series = new Series(
            monitor,
            "m",
            VersionedReference.of(
                    Reference.of(CategoricalBins.of(List.of("a", "b")), new long[] {50, 50, 0}),
                    "config",
                    Instant.EPOCH),
            clock,
            Duration.ofSeconds(30).toMillis(),
            Duration.ofSeconds(1).toMillis());

    @Test
    void scalesAreTheWholeWindowThenItsNewestSpans() {
        // 6 panes: spans of 1 and 2 panes; 5 events of "a" in each of 6 panes, then 5 of "b" in the newest
        now[0] = T0 + 55_000;
        for (int p = 0; p < 6; p++) {
            for (int i = 0; i < 5; i++) {
                SeriesEvents.addLabel(series, T0 + p * 10_000L, "a", now[0]);
            }
        }
        for (int i = 0; i < 5; i++) {
            SeriesEvents.addLabel(series, T0 + 5 * 10_000L, "b", now[0]);
        }
        List<io.driftwatch.core.DriftReport> scales = series.scales();
        assertThat(scales).hasSize(1 + io.driftwatch.core.alert.RecentSpans.of(6).length);
        assertThat(scales.get(0)).isEqualTo(series.report());
        assertThat(scales.get(0).liveSamples()).isEqualTo(35);
        assertThat(scales.get(1).liveSamples()).as("the newest pane").isEqualTo(10);
        assertThat(scales.get(2).liveSamples()).as("the newest 2 panes").isEqualTo(15);
        List<io.driftwatch.core.DriftReport> again = series.scales();
        assertThat(again.get(0))
                .as("the window's report: cached until the window changes")
                .isSameAs(scales.get(0));
        assertThat(again).as("the spans' reports: scored again, the same").isEqualTo(scales);
    }

    @Test
    void outOfOrderEventsLandInTheirPaneAndEventsOlderThanTheWindowAreCountedLate() {
        assertThat(SeriesEvents.add(series, T0, 0, now[0])).isEqualTo(WINDOW);
        assertThat(SeriesEvents.add(series, T0 - 45_000, 1, now[0]))
                .as("45 s old, inside the 60 s window")
                .isEqualTo(WINDOW);
        now[0] = T0 + 25_000;
        assertThat(SeriesEvents.add(series, T0 + 25_000, 0, now[0]))
                .as("ahead: opens new panes")
                .isEqualTo(WINDOW);
        // the window now ends at T0 + 30 s and starts at T0 - 30 s: the 45 s old event has expired
        assertThat(series.snapshot().counts()).containsExactly(2, 0, 0);
        assertThat(SeriesEvents.add(series, T0 - 31_000, 1, now[0]))
                .as("older than the window start")
                .isEqualTo(LATE);
        assertThat(series.lateEvents()).isEqualTo(1);
        assertThat(SeriesEvents.add(series, T0 - 30_000, 1, now[0]))
                .as("exactly at the window start")
                .isEqualTo(WINDOW);
    }

    @Test
    void anEventFromTheNearFutureIsHeldAndDoesNotMakeNormalTrafficLate() {
        // steady traffic at the wall clock, then one event stamped 4 minutes ahead (a producer with a fast clock)
        for (int i = 0; i < 100; i++) {
            assertThat(SeriesEvents.add(series, now[0], i % 2, now[0])).isEqualTo(WINDOW);
            now[0] += 100;
        }
        long end = series.windowEndMillis();
        assertThat(SeriesEvents.add(series, now[0] + 240_000, 0, now[0])).isEqualTo(HELD);
        assertThat(series.windowEndMillis()).as("the window end did not jump").isEqualTo(end);
        for (int i = 0; i < 100; i++) {
            assertThat(SeriesEvents.add(series, now[0], i % 2, now[0])).isEqualTo(WINDOW);
            now[0] += 100;
        }
        assertThat(series.lateEvents()).as("no normal event became late").isZero();
        assertThat(series.heldEvents()).isEqualTo(1);
        assertThat(series.snapshot().total()).isEqualTo(200);

        // when its time comes (clock + lead reaches its pane) it is in the window, as if it had arrived then
        now[0] = T0 + 20_000 + 240_000 - 1_000;
        assertThat(series.snapshot().total())
                .as("the 60 s window has moved on; the held event is now inside it")
                .isEqualTo(1);
        assertThat(series.snapshot().counts()).containsExactly(1, 0, 0);
    }

    @Test
    void aWindowsWorthOfFuturePanesIsHeldAndFurtherOnesAreDroppedAndCounted() {
        SeriesEvents.add(series, now[0], 0, now[0]);
        // six panes in the 60 s window: six future panes may be held
        for (int p = 1; p <= 6; p++) {
            assertThat(SeriesEvents.add(series, now[0] + 60_000 + p * 10_000L, 1, now[0]))
                    .isEqualTo(HELD);
        }
        assertThat(SeriesEvents.add(series, now[0] + 60_000 + 1 * 10_000L, 1, now[0]))
                .as("a pane already held")
                .isEqualTo(HELD);
        assertThat(SeriesEvents.add(series, now[0] + 60_000 + 7 * 10_000L, 1, now[0]))
                .isEqualTo(DROPPED);
        assertThat(series.heldEvents()).isEqualTo(7);
        assertThat(series.droppedEarlyEvents()).isEqualTo(1);
        assertThat(series.lateEvents()).isZero();
    }

    @Test
    void anIdleSeriesWindowFollowsTheWallClockAndReportsInsufficientData() {
        for (int i = 0; i < 5; i++) {
            SeriesEvents.add(series, T0, i % 2, now[0]);
        }
        assertThat(series.report().sufficient()).isTrue();
        now[0] += 29_000;
        assertThat(series.report().liveSamples()).as("not idle yet").isEqualTo(5);
        now[0] += 2_000;
        assertThat(series.report().liveSamples())
                .as("idle, but the window still covers T0")
                .isEqualTo(5);
        now[0] += 60_000;
        assertThat(series.report().liveSamples()).isZero();
        assertThat(series.report().sufficient()).isFalse();
        assertThat(series.report().klForward()).isNaN();
        assertThat(series.lastEventAgeSeconds()).isEqualTo(91.0);
    }
}

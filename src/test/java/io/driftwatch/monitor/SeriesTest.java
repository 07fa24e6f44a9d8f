package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.VersionedReference;
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
            Duration.ofSeconds(30).toMillis());

    @Test
    void outOfOrderEventsLandInTheirPaneAndEventsOlderThanTheWindowAreCountedLate() {
        assertThat(series.add(T0, 0, now[0])).isTrue();
        assertThat(series.add(T0 - 45_000, 1, now[0]))
                .as("45 s old, inside the 60 s window")
                .isTrue();
        assertThat(series.add(T0 + 25_000, 0, now[0]))
                .as("ahead: opens new panes")
                .isTrue();
        // the window now ends at T0 + 30 s and starts at T0 - 30 s: the 45 s old event has expired
        assertThat(series.snapshot().counts()).containsExactly(2, 0, 0);
        assertThat(series.add(T0 - 31_000, 1, now[0]))
                .as("older than the window start")
                .isFalse();
        assertThat(series.lateEvents()).isEqualTo(1);
        assertThat(series.add(T0 - 30_000, 1, now[0]))
                .as("exactly at the window start")
                .isTrue();
    }

    @Test
    void anIdleSeriesWindowFollowsTheWallClockAndReportsInsufficientData() {
        for (int i = 0; i < 5; i++) {
            series.add(T0, i % 2, now[0]);
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

package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.testing.SeriesEvents;
import io.driftwatch.testing.TestMonitors;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Series idle for driftwatch.evict-after are removed, counted out and announced; a model that sends again restarts. */
class EvictionTest {

    private static final long T0 = 1_700_000_000_000L;
    private final long[] now = {T0};
    private final Monitor label =
            TestMonitors.label(Reference.of(CategoricalBins.of(List.of("a", "b")), new long[] {50, 50, 0}), Map.of());
    private final MonitorRegistry registry = new MonitorRegistry(
            List.of(label),
            2,
            () -> Instant.ofEpochMilli(now[0]),
            Duration.ofMinutes(1),
            Duration.ofSeconds(1),
            Duration.ofHours(1));

    @Test
    void idleSeriesAreRemovedAndTheirPlaceIsFree() {
        List<String> removed = new ArrayList<>();
        registry.onSeriesRemoved((s, why) -> removed.add(s.model()));
        Series quiet = registry.seriesFor(label, "quiet");
        SeriesEvents.addLabel(quiet, now[0], "a", now[0]);
        now[0] += Duration.ofMinutes(30).toMillis();
        Series busy = registry.seriesFor(label, "busy");
        SeriesEvents.addLabel(busy, now[0], "a", now[0]);
        assertThat(registry.seriesCount()).as("no room").isEqualTo(registry.maxSeries());
        assertThat(registry.seriesFor(label, "third")).as("no room for a third").isNull();

        now[0] += Duration.ofMinutes(31).toMillis(); // quiet: 61 min without events; busy: 31 min
        assertThat(registry.evictIdleSeries()).isEqualTo(1);
        assertThat(removed).containsExactly("quiet");
        assertThat(quiet.removed()).isTrue();
        assertThat(busy.removed()).isFalse();
        assertThat(registry.seriesCount()).isEqualTo(1);
        assertThat(label.seriesOrNull("quiet")).isNull();
        assertThat(registry.seriesCount()).as("room again").isLessThan(registry.maxSeries());

        now[0] += 5_000;
        SeriesEvents.addLabel(
                busy, now[0], "a", now[0] - Duration.ofMinutes(40).toMillis()); // last event 40 min before now
        assertThat(registry.evictIdleSeries()).as("at most every 10 s").isZero();

        Series back = registry.seriesFor(label, "quiet");
        assertThat(back).isNotSameAs(quiet);
        assertThat(back.snapshot().total()).isZero();
    }

    @Test
    void zeroMeansNever() {
        MonitorRegistry never = new MonitorRegistry(
                List.of(label),
                10,
                InstantSource.fixed(Instant.ofEpochMilli(T0)),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ZERO);
        SeriesEvents.addLabel(never.seriesFor(label, "x"), 0, "a", 0);
        assertThat(never.evictIdleSeries()).isZero();
        assertThat(never.seriesCount()).isEqualTo(1);
    }
}

package io.driftwatch.owner;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.panes.PaneDelta;
import io.driftwatch.panes.PaneRecords;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaneApplierTest {

    private static final long NOW = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    private static EventIngestor ingestor(MonitorRegistry registry) {
        return new EventIngestor(
                registry, InstantSource.fixed(Instant.ofEpochMilli(NOW)), "/model", "/ts", "default", 300_000, 1000);
    }

    private static List<byte[]> events(int n) {
        Random random = new Random(4);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format(
                            Locale.ROOT,
                            "{\"model\":\"m%d\",\"ts\":%d,\"score\":%.4f,\"label\":\"%s\"}",
                            random.nextInt(3),
                            NOW - random.nextInt(250_000),
                            random.nextDouble(),
                            random.nextBoolean() ? "ok" : "fraud")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void deltasOfThreeInstancesFlushedAtRandomMergeIntoTheWindowsOfOne() {
        MonitorRegistry single = TestMonitors.scoreAndLabel(100, NOW);
        MonitorRegistry merged = TestMonitors.scoreAndLabel(100, NOW);
        EventIngestor one = ingestor(single);
        EventIngestor.Scratch oneBatch = one.newScratch();
        PaneApplier oneOwner = new PaneApplier(single);
        List<EventIngestor> three = List.of(ingestor(merged), ingestor(merged), ingestor(merged));
        List<EventIngestor.Scratch> batches =
                three.stream().map(EventIngestor::newScratch).toList();
        PaneApplier owner = new PaneApplier(merged);
        Random random = new Random(9);
        List<byte[]> events = events(6000);
        for (byte[] e : events) {
            one.ingest(oneBatch, e, NOW);
            int i = random.nextInt(3); // the instance whose input partition carried it
            three.get(i).ingest(batches.get(i), e, NOW);
            if (random.nextInt(200) == 0) { // that instance's flush
                three.get(i).drain(batches.get(i), d -> owner.apply(0, PaneRecords.read(PaneRecords.value(d)), NOW));
            }
        }
        one.drain(oneBatch, d -> oneOwner.apply(0, d, NOW));
        for (int i = 0; i < 3; i++) {
            three.get(i).drain(batches.get(i), d -> owner.apply(0, d, NOW));
        }
        assertThat(merged.seriesCount()).isEqualTo(6);
        single.forEachSeries(s -> {
            Series m = merged.monitors().stream()
                    .filter(x -> x.name().equals(s.monitor().name()))
                    .findFirst()
                    .orElseThrow()
                    .seriesOrNull(s.model());
            assertThat(m.snapshot()).as(s.monitor().name() + "/" + s.model()).isEqualTo(s.snapshot());
        });
        long[] applied = {0};
        merged.forEachSeries(s -> applied[0] += s.snapshot().total());
        assertThat(applied[0]).as("every event, in both of its series").isEqualTo(2L * events.size());
        assertThat(owner.records(PaneApplier.Result.APPLIED)).isPositive();
    }

    @Test
    void deltasThatCannotBeAppliedAreCountedByReason() {
        MonitorRegistry registry = TestMonitors.scoreAndLabel(1, NOW);
        PaneApplier owner = new PaneApplier(registry);
        Series score = registry.seriesFor(registry.monitors().get(0), "a");
        int fingerprint = score.binsFingerprint();
        long pane = NOW / 10_000;
        assertThat(owner.apply(0, new PaneDelta("score", "a", 10_000, pane, fingerprint, new int[] {0, 2, 1, 0}), NOW))
                .isEqualTo(PaneApplier.Result.APPLIED);
        assertThat(owner.apply(0, new PaneDelta("score", "a", 10_000, pane, fingerprint + 1, new int[4]), NOW))
                .isEqualTo(PaneApplier.Result.BINS_CHANGED);
        assertThat(owner.apply(0, new PaneDelta("nope", "a", 10_000, pane, fingerprint, new int[4]), NOW))
                .isEqualTo(PaneApplier.Result.UNKNOWN_MONITOR);
        assertThat(owner.apply(0, new PaneDelta("score", "a", 5_000, pane, fingerprint, new int[4]), NOW))
                .as("another pane length")
                .isEqualTo(PaneApplier.Result.UNKNOWN_MONITOR);
        assertThat(owner.apply(0, new PaneDelta("score", "b", 10_000, pane, fingerprint, new int[] {1, 0, 0, 0}), NOW))
                .isEqualTo(PaneApplier.Result.SERIES_LIMIT);
        assertThat(owner.apply(0, new byte[] {7}, NOW)).isEqualTo(PaneApplier.Result.UNREADABLE);
        assertThat(score.snapshot().total()).isEqualTo(3);
        assertThat(owner.records(PaneApplier.Result.SERIES_LIMIT)).isEqualTo(1);
        assertThat(registry.seriesCount())
                .as("the delta over the limit made no series")
                .isEqualTo(1);
    }

    @Test
    void aRevokedPartitionsSeriesLeaveWithoutTouchingTheOthers() {
        MonitorRegistry registry = TestMonitors.scoreAndLabel(100, NOW);
        PaneApplier owner = new PaneApplier(registry);
        List<MonitorRegistry.Removal> removals = new ArrayList<>();
        registry.onSeriesRemoved((s, why) -> removals.add(why));
        int fingerprint = registry.seriesFor(registry.monitors().get(0), "a").binsFingerprint();
        long pane = NOW / 10_000;
        owner.apply(3, new PaneDelta("score", "a", 10_000, pane, fingerprint, new int[] {0, 1, 0, 0}), NOW);
        owner.apply(4, new PaneDelta("score", "b", 10_000, pane, fingerprint, new int[] {0, 1, 0, 0}), NOW);
        assertThat(owner.release(3)).isEqualTo(1);
        assertThat(registry.monitors().get(0).seriesOrNull("a")).isNull();
        assertThat(registry.monitors().get(0).seriesOrNull("b")).isNotNull();
        assertThat(removals).containsExactly(MonitorRegistry.Removal.HANDED_OVER);
        assertThat(owner.release(3)).isZero();
    }
}

package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.panes.PaneDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PaneAccumulatorTest {

    @Test
    void everyEventIsInTheDeltaOfItsPaneWhateverThePanesAre() {
        SplittableRandom random = new SplittableRandom(5);
        NumericBins bins = NumericBins.ofEdges(0, 0.5, 1);
        for (int trial = 0; trial < 100; trial++) {
            PaneAccumulator acc = new PaneAccumulator(new String[] {"score"}, new long[] {10_000});
            PaneAccumulator.Entry e = acc.open(0, "m", bins);
            Map<Long, int[]> expected = new HashMap<>();
            long base = 1_000_000L * 10_000;
            for (int i = 0; i < 2_000; i++) {
                // mostly a window's consecutive panes, sometimes far apart (late by days, or 1,024 panes apart)
                long pane =
                        switch (random.nextInt(10)) {
                            case 0 -> random.nextInt(5) * 1024L;
                            case 1 -> -random.nextInt(100_000);
                            default -> random.nextInt(30);
                        };
                long time = (base / 10_000 + pane) * 10_000 + random.nextInt(10_000);
                int bin = random.nextInt(4);
                e.add(time, bin);
                expected.computeIfAbsent(Math.floorDiv(time, 10_000), p -> new int[4])[bin]++;
            }
            List<PaneDelta> out = new ArrayList<>();
            acc.drain(out::add);
            assertThat(out).hasSize(expected.size());
            for (int i = 1; i < out.size(); i++) {
                assertThat(out.get(i).pane())
                        .as("oldest pane first")
                        .isGreaterThan(out.get(i - 1).pane());
            }
            for (PaneDelta d : out) {
                assertThat(d.counts()).as("pane %d", d.pane()).containsExactly(expected.get(d.pane()));
                assertThat(d.binsFingerprint()).isEqualTo(bins.hashCode());
            }
            List<PaneDelta> again = new ArrayList<>();
            acc.drain(again::add);
            assertThat(again).as("a drain empties it").isEmpty();
            assertThat(acc.entry(0, "m"))
                    .as("drained: the next flush opens it again")
                    .isNull();
        }
    }
}

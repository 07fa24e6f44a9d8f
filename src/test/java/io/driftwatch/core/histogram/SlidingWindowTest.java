package io.driftwatch.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final long PANE = 10_000;

    @Test
    void theNewestPanesCanBeReadAsASnapshotOfTheirOwn() {
        SlidingWindow w = new SlidingWindow(2, 10, 3);
        w.add(0, 0); // pane 0
        w.add(15, 1); // pane 1
        w.add(25, 1); // pane 2
        w.add(26, 0);
        WindowSnapshot last2 = w.recent(2);
        assertThat(last2.counts()).containsExactly(1, 2);
        assertThat(last2.total()).isEqualTo(3);
        assertThat(last2.startMillis()).isEqualTo(10);
        assertThat(last2.endMillis()).isEqualTo(30);
        assertThat(w.recent(3).counts()).containsExactly(w.snapshot().counts());
        assertThat(new SlidingWindow(2, 10, 3).recent(1).total()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.recent(4)).hasMessageContaining("[1, 3]");
    }

    @Test
    void aPaneAddedWholeEqualsItsEventsAddedOneByOne() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int bins = 1 + random.nextInt(6);
            int panes = 1 + random.nextInt(8);
            SlidingWindow byEvent = new SlidingWindow(bins, PANE, panes);
            SlidingWindow byPane = new SlidingWindow(bins, PANE, panes);
            long now = 1_000 * PANE;
            for (int flush = 0; flush < 20; flush++) {
                // one flush: events of a few panes around the clock, some late, some ahead of the limit
                java.util.TreeMap<Long, int[]> deltas = new java.util.TreeMap<>();
                long limit = now + random.nextInt(3) * PANE;
                java.util.List<long[]> events = new java.util.ArrayList<>();
                for (int e = 0; e < 40; e++) {
                    long t = now - random.nextLong((panes + 2) * PANE) + random.nextLong(4 * PANE);
                    int bin = random.nextInt(bins);
                    events.add(new long[] {t, bin});
                    deltas.computeIfAbsent(Math.floorDiv(t, PANE), p -> new int[bins])[bin]++;
                }
                // the owner adds a flush's deltas oldest pane first: the same as its events in time order
                events.sort(java.util.Comparator.comparingLong(ev -> ev[0]));
                for (long[] ev : events) {
                    byEvent.add(ev[0], (int) ev[1], limit);
                }
                deltas.forEach((pane, counts) -> byPane.addPane(pane, counts, limit));
                assertThat(byPane.snapshot())
                        .as("trial %d flush %d", trial, flush)
                        .isEqualTo(byEvent.snapshot());
                now += PANE * random.nextInt(3);
            }
            byEvent.releaseUpTo(now + 10 * PANE);
            byPane.releaseUpTo(now + 10 * PANE);
            assertThat(byPane.snapshot()).isEqualTo(byEvent.snapshot());
        }
    }

    @Test
    void aPaneBeyondTheLimitIsHeldWholeAndOneOlderThanTheWindowIsLate() {
        SlidingWindow w = new SlidingWindow(2, PANE, 3);
        assertThat(w.addPane(10, new int[] {2, 1}, 10 * PANE)).isEqualTo(SlidingWindow.Placement.WINDOW);
        assertThat(w.addPane(12, new int[] {1, 0}, 10 * PANE)).isEqualTo(SlidingWindow.Placement.HELD);
        assertThat(w.total()).isEqualTo(3);
        assertThat(w.addPane(7, new int[] {5, 5}, 10 * PANE)).isEqualTo(SlidingWindow.Placement.LATE);
        w.releaseUpTo(12 * PANE);
        assertThat(w.snapshot().counts()).containsExactly(3, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.addPane(12, new int[] {1}, 0))
                .hasMessageContaining("1 bins for a window of 2");
    }

    @Test
    void emptyWindowHasNoBoundsAndNoCounts() {
        var w = new SlidingWindow(3, PANE, 6);
        assertThat(w.total()).isZero();
        assertThat(w.snapshot().endMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(w.snapshot().counts()).containsExactly(0, 0, 0);
    }

    @Test
    void panesAreAlignedToTheEpochAndTheWindowEndFollowsTheLargestEventTime() {
        var w = new SlidingWindow(2, PANE, 6);
        w.add(1_234_567, 0);
        assertThat(w.endMillis()).isEqualTo(1_240_000);
        assertThat(w.startMillis()).isEqualTo(1_240_000 - 6 * PANE);
        w.add(1_200_000, 1); // older, but inside the window: the end does not move
        assertThat(w.endMillis()).isEqualTo(1_240_000);
        assertThat(w.snapshot().counts()).containsExactly(1, 1);
    }

    @Test
    void addingThenExpiringAPaneRestoresTheWindowExactly() {
        for (long seed = 1; seed <= 20; seed++) {
            var rnd = new SplittableRandom(seed);
            var with = new SlidingWindow(5, PANE, 4);
            var without = new SlidingWindow(5, PANE, 4);
            for (int i = 0; i < 400; i++) {
                // panes 0..5, shuffled in time; both windows see the same events
                long t = rnd.nextLong(6 * PANE);
                int bin = rnd.nextInt(5);
                with.add(t, bin);
                without.add(t, bin);
            }
            // the window covers panes 2..5; add an extra pane-2 burst to one window only
            for (int i = 0; i < 50; i++) {
                assertThat(with.add(2 * PANE + rnd.nextLong(PANE), rnd.nextInt(5)))
                        .isTrue();
            }
            assertThat(with.snapshot()).isNotEqualTo(without.snapshot());
            // one pane later, pane 2 has expired from both: the windows are identical again
            with.advanceTo(6 * PANE);
            without.advanceTo(6 * PANE);
            assertThat(with.snapshot()).isEqualTo(without.snapshot());
        }
    }

    @Test
    void incrementalCountsEqualABruteForceCountOfTheEventsInsideTheWindow() {
        for (long seed = 1; seed <= 20; seed++) {
            var rnd = new SplittableRandom(seed);
            int bins = 6;
            var w = new SlidingWindow(bins, PANE, 5);
            long[] times = new long[3000];
            int[] binOf = new int[times.length];
            boolean[] added = new boolean[times.length];
            long head = Long.MIN_VALUE;
            for (int i = 0; i < times.length; i++) {
                // a slowly advancing clock with out-of-order jitter of up to 7 panes (some events are late)
                times[i] = i * 40L + rnd.nextLong(7 * PANE) - 7 * PANE;
                binOf[i] = rnd.nextInt(bins);
                head = Math.max(head, Math.floorDiv(times[i], PANE));
                boolean expectAdded = Math.floorDiv(times[i], PANE) > head - 5;
                added[i] = w.add(times[i], binOf[i]);
                assertThat(added[i]).isEqualTo(expectAdded);
            }
            long[] expected = new long[bins];
            for (int i = 0; i < times.length; i++) {
                if (added[i] && times[i] >= w.startMillis() && times[i] < w.endMillis()) {
                    expected[binOf[i]]++;
                }
            }
            assertThat(w.snapshot().counts()).as("seed %d", seed).containsExactly(expected);
        }
    }

    @Test
    void expiringAPaneSubtractsExactlyWhatItAdded() {
        var w = new SlidingWindow(3, PANE, 3);
        long t0 = 0;
        w.add(t0, 0);
        w.add(t0 + PANE, 1);
        w.add(t0 + PANE + 1, 2);
        long[] withoutNewPane = w.snapshot().counts();
        // a third pane, then the window moves one more pane: only pane 0 leaves
        w.add(t0 + 2 * PANE, 2);
        w.add(t0 + 2 * PANE + 5, 0);
        w.advanceTo(t0 + 3 * PANE);
        assertThat(w.snapshot().counts()).containsExactly(1, 1, 2);
        // move past pane 2's expiry: panes 1 and 2 go, nothing remains
        w.advanceTo(t0 + 5 * PANE);
        assertThat(w.snapshot().counts()).containsExactly(0, 0, 0);
        assertThat(withoutNewPane).containsExactly(1, 1, 1);
    }

    @Test
    void eventsOlderThanTheWindowAreRejectedAsLateAndNotCounted() {
        var w = new SlidingWindow(2, PANE, 3);
        w.add(10 * PANE, 0);
        assertThat(w.add(8 * PANE, 1)).isTrue(); // window covers panes 8..10
        assertThat(w.add(8 * PANE - 1, 1)).isFalse(); // pane 7: late
        assertThat(w.snapshot().counts()).containsExactly(1, 1);
    }

    @Test
    void aJumpLongerThanTheWindowClearsEverything() {
        var w = new SlidingWindow(2, PANE, 3);
        w.add(0, 0);
        w.add(PANE, 1);
        w.add(100 * PANE, 1);
        assertThat(w.snapshot().counts()).containsExactly(0, 1);
        assertThat(w.startMillis()).isEqualTo(98 * PANE);
    }

    @Test
    void negativeEventTimesUseFloorAlignedPanes() {
        var w = new SlidingWindow(1, PANE, 2);
        w.add(-1, 0);
        assertThat(w.endMillis()).isZero();
        assertThat(w.startMillis()).isEqualTo(-2 * PANE);
    }

    @Test
    void withAHeadLimitNoEventWithinAWindowOfTheClockIsLateAndTheCountsStayExact() {
        for (long seed = 1; seed <= 20; seed++) {
            var rnd = new SplittableRandom(seed);
            int bins = 4;
            int paneCount = 5;
            long lead = 1_000;
            var w = new SlidingWindow(bins, PANE, paneCount);
            int n = 3000;
            long[] times = new long[n];
            int[] binOf = new int[n];
            SlidingWindow.Placement[] placed = new SlidingWindow.Placement[n];
            long clock = 0;
            for (int i = 0; i < n; i++) {
                clock += rnd.nextLong(200);
                // mostly near the clock (some late), one in ten up to 7 panes ahead of it (fast producer clocks)
                times[i] = rnd.nextInt(10) == 0 ? clock + rnd.nextLong(7 * PANE) : clock - rnd.nextLong(7 * PANE);
                binOf[i] = rnd.nextInt(bins);
                long limitPane = Math.floorDiv(clock + lead, PANE);
                placed[i] = w.add(times[i], binOf[i], clock + lead);
                assertThat(w.endMillis())
                        .as("the end never runs ahead of the clock's bound")
                        .isLessThanOrEqualTo((limitPane + 1) * PANE);
                long pane = Math.floorDiv(times[i], PANE);
                if (placed[i] == SlidingWindow.Placement.LATE) {
                    assertThat(pane)
                            .as("late only when a whole window older than the clock's bound")
                            .isLessThanOrEqualTo(limitPane - paneCount);
                }
                assertThat(placed[i] == SlidingWindow.Placement.HELD || placed[i] == SlidingWindow.Placement.DROPPED)
                        .as("held (or, past paneCount future panes, dropped) exactly when beyond the bound")
                        .isEqualTo(pane > limitPane);
            }
            clock += 8 * PANE; // every held pane's time has come
            w.releaseUpTo(clock + lead);
            long[] expected = new long[bins];
            for (int i = 0; i < n; i++) {
                boolean accepted =
                        placed[i] == SlidingWindow.Placement.WINDOW || placed[i] == SlidingWindow.Placement.HELD;
                if (accepted && times[i] >= w.startMillis() && times[i] < w.endMillis()) {
                    expected[binOf[i]]++;
                }
            }
            assertThat(Arrays.stream(expected).sum())
                    .as("seed %d: held events reached the window", seed)
                    .isPositive();
            assertThat(w.snapshot().counts()).as("seed %d", seed).containsExactly(expected);
        }
    }

    @Test
    void aHeldPaneTheWindowJumpsPastExpiresLikeAnyOther() {
        var w = new SlidingWindow(2, PANE, 3);
        w.add(0, 0, 0);
        assertThat(w.add(5 * PANE, 1, 0)).isEqualTo(SlidingWindow.Placement.HELD);
        w.advanceTo(20 * PANE); // e.g. the series went idle: pane 5 is long gone
        assertThat(w.total()).isZero();
        w.add(20 * PANE, 0, 20 * PANE);
        assertThat(w.snapshot().counts()).containsExactly(1, 0);
    }

    @Test
    void countsStayExactWhenAPaneOutgrowsEightBits() {
        // 2 bins, 3 panes of 1 s: counts below 256 in two panes, then one pane-bin passes 255 (one event, one delta)
        SlidingWindow w = new SlidingWindow(2, 1_000, 3);
        for (int i = 0; i < 255; i++) {
            w.add(500, 0);
        }
        w.add(1_500, 1);
        w.addPane(1, new int[] {3, 200}, Long.MAX_VALUE);
        assertThat(w.snapshot().counts()).containsExactly(258, 201);
        w.add(500, 0); // 256: promoted
        w.addPane(1, new int[] {0, 300}, Long.MAX_VALUE);
        assertThat(w.snapshot().counts()).containsExactly(259, 501);
        assertThat(w.recent(1).counts()).containsExactly(3, 501);
        w.advanceTo(3_500); // pane 0 expires with its 256 events
        assertThat(w.snapshot().counts()).containsExactly(3, 501);
        assertThat(w.total()).isEqualTo(504);
    }

    @Test
    void countsStayExactWhenAPaneOutgrowsSixteenBits() {
        // 3 bins, 4 panes of 1 s; 70,000 events in one pane and bin pass 65,535 and promote the storage
        SlidingWindow w = new SlidingWindow(3, 1_000, 4);
        for (int i = 0; i < 70_000; i++) {
            w.add(1_500, 1);
        }
        w.add(2_500, 0);
        assertThat(w.snapshot().counts()).containsExactly(1, 70_000, 0);
        assertThat(w.recent(1).counts()).containsExactly(1, 0, 0);
        assertThat(w.recent(2).counts()).containsExactly(1, 70_000, 0);
        // a held future pane of 66,000 events folds in exactly
        SlidingWindow h = new SlidingWindow(2, 1_000, 4);
        h.add(0, 0);
        for (int i = 0; i < 66_000; i++) {
            assertThat(h.add(3_500, 1, 1_000)).isEqualTo(SlidingWindow.Placement.HELD);
        }
        h.releaseUpTo(3_500);
        assertThat(h.snapshot().counts()).containsExactly(1, 66_000);
        assertThat(h.total()).isEqualTo(66_001);
        // expiring the big panes restores zero exactly
        w.advanceTo(5_500); // panes 2..5: pane 1 expires
        assertThat(w.snapshot().counts()).containsExactly(1, 0, 0);
        w.advanceTo(20_000);
        assertThat(w.snapshot().counts()).containsExactly(0, 0, 0);
        assertThat(w.total()).isZero();
        for (int i = 0; i < 65_536; i++) {
            w.add(20_000, 2);
        }
        assertThat(w.snapshot().counts()).containsExactly(0, 0, 65_536);
    }
}

package io.driftwatch.core.divergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-bin contributions: they add up to the divergences the report states, each is non-negative, ranked stably. */
class ContributionsTest {

    @Test
    void theWorkedExampleSplitsIntoItsTwoBins() {
        double[] p = {0.7, 0.3};
        double[] q = {0.5, 0.5};
        Contributions.Bin[] bins = Contributions.of(p, q);
        // 0.7 ln 1.4 - 0.2 and 0.3 ln 0.6 + 0.2
        assertThat(bins[0].forward()).isCloseTo(0.7 * Math.log(1.4) - 0.2, within(1e-15));
        assertThat(bins[1].forward()).isCloseTo(0.3 * Math.log(0.6) + 0.2, within(1e-15));
        assertThat(bins[0].forward() + bins[1].forward()).isCloseTo(0.0822829, within(1e-7));
        assertThat(bins[0].reverse() + bins[1].reverse()).isCloseTo(0.0871767, within(1e-7));
        assertThat(bins[0].share() + bins[1].share()).isCloseTo(1.0, within(1e-12));
        assertThat(bins[1].forward())
                .as("the bin that lost share drives the drift too (its plain term 0.3 ln 0.6 is negative)")
                .isPositive();
    }

    @Test
    void contributionsSumToTheDivergencesForSmoothedEmptyAndUnseenBins() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int bins = 1 + random.nextInt(40);
            long[] live = new long[bins];
            long[] ref = new long[bins];
            for (int b = 0; b < bins; b++) {
                // numeric bins, categories, empty bins on either or both sides, an "(unseen)" bin the reference lacks
                live[b] = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000);
                ref[b] = random.nextInt(4) == 0 ? 0 : random.nextInt(100_000);
            }
            live[0] += 1;
            ref[0] += 1;
            double a = trial % 3 == 0 ? 0.0 : trial % 3 == 1 ? 0.5 : 1.0;
            double[] p = Smoothing.additive(live, a);
            double[] q = Smoothing.additive(ref, a);
            Contributions.Bin[] c = Contributions.of(p, q);
            double kl = Divergences.kl(p, q);
            double reverse = Divergences.kl(q, p);
            double forwardSum =
                    Arrays.stream(c).mapToDouble(Contributions.Bin::forward).sum();
            double reverseSum =
                    Arrays.stream(c).mapToDouble(Contributions.Bin::reverse).sum();
            if (Double.isFinite(kl)) {
                assertThat(forwardSum).as("trial %d", trial).isCloseTo(kl, within(1e-12));
                if (kl > 0) {
                    assertThat(Arrays.stream(c)
                                    .mapToDouble(Contributions.Bin::share)
                                    .sum())
                            .isCloseTo(1.0, within(1e-9));
                }
            } else {
                assertThat(forwardSum).isInfinite();
            }
            if (Double.isFinite(reverse)) {
                assertThat(reverseSum).as("trial %d", trial).isCloseTo(reverse, within(1e-12));
            } else {
                assertThat(reverseSum).isInfinite();
            }
            for (Contributions.Bin bin : c) {
                assertThat(bin.forward()).isGreaterThanOrEqualTo(0);
                assertThat(bin.reverse()).isGreaterThanOrEqualTo(0);
                assertThat(bin.live()).isEqualTo(p[bin.bin()]);
                assertThat(bin.reference()).isEqualTo(q[bin.bin()]);
            }
        }
    }

    @Test
    void aBinEmptyOnBothSidesWithoutSmoothingContributesNothing() {
        Contributions.Bin[] c = Contributions.of(new double[] {0.5, 0.0, 0.5}, new double[] {0.25, 0.0, 0.75});
        assertThat(c[1].forward()).isZero();
        assertThat(c[1].reverse()).isZero();
        assertThat(c[1].share()).isZero();
    }

    @Test
    void theRankingIsLargestFirstWithTiesInBinOrderAndTopKIsBounded() {
        // bins 1 and 3 move by the same amount in mirror image: equal contributions, bin 1 first
        double[] p = {0.25, 0.35, 0.25, 0.15};
        double[] q = {0.25, 0.15, 0.25, 0.35};
        Contributions.Bin[] c = Contributions.of(p, q);
        List<Contributions.Bin> top = Contributions.top(p, q, 3);
        assertThat(top).hasSize(3);
        assertThat(top.get(0).forward()).isGreaterThanOrEqualTo(top.get(1).forward());
        assertThat(top.get(1).forward()).isGreaterThanOrEqualTo(top.get(2).forward());
        assertThat(top.get(0).bin()).isEqualTo(c[1].forward() >= c[3].forward() ? 1 : 3);
        assertThat(top.get(2).bin())
                .as("the two unchanged bins tie at 0: the lower index first")
                .isZero();
        assertThat(Contributions.top(p, q, 3)).as("the same ranking every time").isEqualTo(top);
        assertThat(Contributions.top(p, q, 10)).hasSize(4);
        assertThat(Contributions.top(p, q, 0)).isEmpty();
        assertThatThrownBy(() -> Contributions.top(p, q, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Contributions.of(p, new double[] {1.0})).isInstanceOf(IllegalArgumentException.class);
        // no drift: every contribution 0, no share (nothing to share out)
        assertThat(Contributions.of(q, q)).allSatisfy(b -> {
            assertThat(b.forward()).isZero();
            assertThat(b.share()).isNaN();
        });
    }
}

package io.driftwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.divergence.Divergences;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.SlidingWindow;
import io.driftwatch.core.significance.GTest;
import io.driftwatch.core.significance.GTests;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class StatisticsPropertiesTest {

    @Provide
    Arbitrary<Tuple.Tuple2<long[], long[]>> countPairs() {
        return Arbitraries.integers().between(2, 30).flatMap(k -> {
            Arbitrary<long[]> counts = Arbitraries.longs()
                    .between(0, 5000)
                    .array(long[].class)
                    .ofSize(k)
                    .filter(a -> Arrays.stream(a).sum() > 0);
            return Combinators.combine(counts, counts).as(Tuple::of);
        });
    }

    @Property
    void klIsNonNegativeAndZeroOnlyForEqualSmoothedDistributions(@ForAll("countPairs") Tuple.Tuple2<long[], long[]> c) {
        double[] p = Smoothing.additive(c.get1(), 0.5);
        double[] q = Smoothing.additive(c.get2(), 0.5);
        double kl = Divergences.kl(p, q);
        assertThat(kl).isGreaterThanOrEqualTo(0.0);
        assertThat(Divergences.kl(q, p)).isGreaterThanOrEqualTo(0.0);
        assertThat(Divergences.kl(p, p)).isEqualTo(0.0);
        if (!Arrays.equals(p, q)) {
            assertThat(kl).isPositive();
        }
    }

    @Property
    void jensenShannonIsBoundedByLn2AndHellingerAndTotalVariationByOne(
            @ForAll("countPairs") Tuple.Tuple2<long[], long[]> c) {
        double[] p = Smoothing.additive(c.get1(), 0);
        double[] q = Smoothing.additive(c.get2(), 0);
        assertThat(Divergences.jensenShannon(p, q)).isBetween(0.0, Math.log(2) + 1e-15);
        assertThat(Divergences.hellinger(p, q)).isBetween(0.0, 1.0);
        assertThat(Divergences.totalVariation(p, q)).isBetween(0.0, 1.0 + 1e-15);
    }

    @Property
    void pValuesAreProbabilities(@ForAll("countPairs") Tuple.Tuple2<long[], long[]> c) {
        GTest two = GTests.twoSample(c.get1(), c.get2(), true);
        assertThat(two.pValue()).isBetween(0.0, 1.0);
        assertThat(two.statistic()).isGreaterThanOrEqualTo(0.0);
    }

    @Property
    void binAssignmentIsMonotoneInTheValue(
            @ForAll @Size(min = 2, max = 200) double[] samples,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double a,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double b) {
        double[] finite = Arrays.stream(samples).filter(Double::isFinite).toArray();
        if (Arrays.stream(finite).distinct().count() < 2) {
            return;
        }
        NumericBins bins = QuantileBinning.edgesFromSamples(finite, 10);
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        assertThat(bins.binOf(lo)).isLessThanOrEqualTo(bins.binOf(hi));
    }

    @Property(tries = 200)
    void belowMinimumWindowsAreInsufficientDataNeverZeroOrAnException(
            @ForAll("countPairs") Tuple.Tuple2<long[], long[]> c) {
        long[] live = c.get1();
        long n = Arrays.stream(live).sum();
        Reference reference = Reference.of(categories(live.length - 1), c.get2());
        SlidingWindow window = new SlidingWindow(live.length, 1000, 1);
        for (int b = 0; b < live.length; b++) {
            for (long i = 0; i < live[b]; i++) {
                window.add(0, b);
            }
        }
        DriftReport thin = new DriftAnalyzer(0.5, n + 1, 0.01).analyze(window.snapshot(), reference);
        assertThat(thin.sufficient()).isFalse();
        assertThat(thin.klForward()).isNaN();
        assertThat(thin.pValue()).isNaN();
        DriftReport enough = new DriftAnalyzer(0.5, n, 0.01).analyze(window.snapshot(), reference);
        assertThat(enough.sufficient()).isTrue();
        assertThat(enough.klForward()).isGreaterThanOrEqualTo(0.0);
    }

    private static CategoricalBins categories(int n) {
        return CategoricalBins.of(java.util.stream.IntStream.range(0, n)
                .mapToObj(Integer::toString)
                .toList());
    }
}

package io.driftwatch.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinsTest {

    private final NumericBins bins = NumericBins.ofEdges(0.0, 0.5, 1.0);

    @Test
    void numericBinsAreLeftClosedWithTheLastInteriorBinClosedAndExplicitUnderAndOverflow() {
        assertThat(bins.binCount()).isEqualTo(4);
        assertThat(bins.binOf(-0.0001)).isEqualTo(0);
        assertThat(bins.binOf(0.0)).isEqualTo(1);
        assertThat(bins.binOf(0.4999)).isEqualTo(1);
        assertThat(bins.binOf(0.5)).isEqualTo(2);
        assertThat(bins.binOf(1.0)).isEqualTo(2);
        assertThat(bins.binOf(1.0000001)).isEqualTo(3);
        assertThat(bins.binOf(Double.NEGATIVE_INFINITY)).isEqualTo(0);
        assertThat(bins.binOf(Double.POSITIVE_INFINITY)).isEqualTo(3);
        assertThat(bins.label(0)).isEqualTo("< 0.0");
        assertThat(bins.label(1)).isEqualTo("[0.0, 0.5)");
        assertThat(bins.label(2)).isEqualTo("[0.5, 1.0]");
        assertThat(bins.label(3)).isEqualTo("> 1.0");
        assertThat(java.util.stream.IntStream.range(0, 4).filter(bins::outside))
                .as("under- and overflow are outside the reference's range")
                .containsExactly(0, 3);
    }

    @Test
    void infiniteOuterEdgesMakeOpenEndedBinsWithoutUnderOrOverflow() {
        var open = NumericBins.ofEdges(Double.NEGATIVE_INFINITY, 0, 1, Double.POSITIVE_INFINITY);
        assertThat(open.binCount()).isEqualTo(3);
        assertThat(open.binOf(-5)).isZero();
        assertThat(open.binOf(0)).isEqualTo(1);
        assertThat(open.binOf(1)).isEqualTo(2);
        assertThat(open.binOf(1e308)).isEqualTo(2);
        assertThat(open.label(0)).isEqualTo("< 0.0");
        assertThat(open.label(2)).isEqualTo(">= 1.0");
        assertThat(java.util.stream.IntStream.range(0, 3).filter(open::outside)).isEmpty();
        assertThatThrownBy(() -> NumericBins.ofEdges(0, Double.NEGATIVE_INFINITY, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nanHasNoBin() {
        assertThatThrownBy(() -> bins.binOf(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void edgesThatDoNotIncreaseAreRefusedNamingTheEdge() {
        assertThatThrownBy(() -> NumericBins.ofEdges(0, 1, 1))
                .hasMessageContaining("edge 2 (1.0) is not greater than edge 1 (1.0)");
        assertThatThrownBy(() -> NumericBins.ofEdges(0, Double.NaN)).hasMessageContaining("edge 1 is NaN");
    }

    @Test
    void categoricalBinsHaveAnUnseenBucketLast() {
        var c = CategoricalBins.of(List.of("fraud", "ok"));
        assertThat(c.binCount()).isEqualTo(3);
        assertThat(c.binOf("fraud")).isZero();
        assertThat(c.binOf("ok")).isEqualTo(1);
        assertThat(c.binOf("chargeback")).isEqualTo(2);
        assertThat(c.label(2)).isEqualTo(CategoricalBins.UNSEEN_LABEL);
        assertThat(java.util.stream.IntStream.range(0, 3).filter(c::outside)).containsExactly(2);
        assertThatThrownBy(() -> CategoricalBins.of(List.of("a", "b", "a")))
                .hasMessageContaining("\"a\" appears twice");
    }

    @Test
    void quantileBinsFromSamplesPutEqualMassInEachBin() {
        var rnd = new SplittableRandom(3);
        double[] samples = new double[10_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = rnd.nextDouble() * rnd.nextDouble(); // skewed, distinct
        }
        NumericBins q = QuantileBinning.edgesFromSamples(samples, 20);
        assertThat(q.interiorBins()).isEqualTo(20);
        assertThat(q.binCount())
                .as("open-ended outer bins, no underflow/overflow")
                .isEqualTo(20);
        assertThat(q.underflowBin()).isEqualTo(-1);
        assertThat(q.overflowBin()).isEqualTo(-1);
        long[] counts = QuantileBinning.count(q, samples);
        assertThat(counts).containsOnly(500);
        assertThat(q.binOf(-1e300)).isZero();
        assertThat(q.binOf(Double.POSITIVE_INFINITY)).isEqualTo(19);
    }

    @Test
    void tiesAndHeavyDuplicatesNeverMakeEmptyOrZeroWidthBins() {
        double[] samples = new double[1000];
        for (int i = 0; i < samples.length; i++) {
            // 60 % zeros, 30 % ones, 10 % spread
            samples[i] = i < 600 ? 0.0 : i < 900 ? 1.0 : 1 + (i - 900) / 10.0;
        }
        NumericBins q = QuantileBinning.edgesFromSamples(samples, 20);
        double[] edges = q.edges();
        for (int i = 1; i < edges.length; i++) {
            assertThat(edges[i]).isGreaterThan(edges[i - 1]);
        }
        long[] counts = QuantileBinning.count(q, samples);
        for (int b = 0; b < q.binCount(); b++) {
            assertThat(counts[b]).as("bin %s", q.label(b)).isPositive();
        }
        assertThat(Arrays.stream(counts).sum()).isEqualTo(1000);
        assertThat(counts[0]).isEqualTo(600);
        assertThat(q.label(0)).isEqualTo("< 1.0");
    }

    @Test
    void aConstantSampleIsRefusedWithAnExplanation() {
        assertThatThrownBy(() -> QuantileBinning.edgesFromSamples(new double[] {2, 2, 2}, 10))
                .hasMessageContaining("at least two distinct")
                .hasMessageContaining("categorical");
    }
}

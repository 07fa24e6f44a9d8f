package io.driftwatch.core.divergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DivergencesTest {

    private static final double[] P = {0.7, 0.3};
    private static final double[] Q = {0.5, 0.5};

    @Test
    void workedExampleGivesKnownKlInBothDirections() {
        assertThat(Divergences.kl(P, Q)).isCloseTo(0.0822829, within(1e-7));
        assertThat(Divergences.kl(Q, P)).isCloseTo(0.0871767, within(1e-7));
    }

    @Test
    void klOfADistributionWithItselfIsExactlyZero() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        assertThat(Divergences.kl(p, p)).isEqualTo(0.0);
        assertThat(Divergences.jensenShannon(p, p)).isEqualTo(0.0);
        assertThat(Divergences.psi(p, p)).isEqualTo(0.0);
        assertThat(Divergences.hellinger(p, p)).isEqualTo(0.0);
    }

    @Test
    void klIsCrossEntropyMinusEntropy() {
        double[] p = {0.05, 0.15, 0.5, 0.3};
        double[] q = {0.25, 0.25, 0.25, 0.25};
        assertThat(Divergences.kl(p, q))
                .isCloseTo(Divergences.crossEntropy(p, q) - Divergences.entropy(p), within(1e-15));
    }

    @Test
    void psiIsTheSumOfBothKlDirections() {
        assertThat(Divergences.psi(P, Q)).isCloseTo(Divergences.kl(P, Q) + Divergences.kl(Q, P), within(1e-15));
    }

    @Test
    void zeroLiveProbabilityContributesNothingAndZeroReferenceProbabilityIsInfinite() {
        double[] p = {0.0, 1.0};
        double[] q = {0.5, 0.5};
        assertThat(Divergences.kl(p, q)).isCloseTo(Math.log(2), within(1e-15));
        assertThat(Divergences.kl(q, p)).isInfinite();
        assertThat(Divergences.psi(p, q)).isInfinite();
        assertThat(Divergences.jensenShannon(p, q)).isFinite();
    }

    @Test
    void smoothingAddsThePseudoCountToEveryBinOfBothSides() {
        double[] p = Smoothing.additive(new long[] {3, 0, 1}, 0.5);
        assertThat(p).containsExactly(3.5 / 5.5, 0.5 / 5.5, 1.5 / 5.5);
        assertThat(Smoothing.additive(new long[] {3, 1}, 0)).containsExactly(0.75, 0.25);
    }
}

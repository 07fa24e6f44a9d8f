package io.driftwatch.core.divergence;

/**
 * Every divergence between a live distribution {@code p} and a reference {@code q}, in nats unless named otherwise.
 *
 * @param klForward {@code D(p||q)}, live against reference
 * @param klReverse {@code D(q||p)}, reference against live
 * @param jsNats Jensen–Shannon divergence in nats, {@code [0, ln 2]}
 * @param psi Population Stability Index, {@code = klForward + klReverse}
 * @param hellinger Hellinger distance, {@code [0, 1]}
 * @param totalVariation total variation distance, {@code [0, 1]}
 * @param entropyLive {@code H(p)}
 * @param crossEntropy {@code H(p, q) = H(p) + D(p||q)}
 */
public record DivergenceReport(
        double klForward,
        double klReverse,
        double jsNats,
        double psi,
        double hellinger,
        double totalVariation,
        double entropyLive,
        double crossEntropy) {

    /** All divergences between {@code p} and {@code q}; {@code O(bins)}. */
    public static DivergenceReport between(double[] p, double[] q) {
        return new DivergenceReport(
                Divergences.kl(p, q),
                Divergences.kl(q, p),
                Divergences.jensenShannon(p, q),
                Divergences.psi(p, q),
                Divergences.hellinger(p, q),
                Divergences.totalVariation(p, q),
                Divergences.entropy(p),
                Divergences.crossEntropy(p, q));
    }

    /** Jensen–Shannon divergence in bits, {@code [0, 1]}. */
    public double jsBits() {
        return jsNats / Divergences.LN2;
    }
}

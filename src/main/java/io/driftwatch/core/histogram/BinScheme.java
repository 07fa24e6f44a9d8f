package io.driftwatch.core.histogram;

/**
 * How values are mapped to histogram bins. Every scheme has a fixed number of bins {@code B}, numbered {@code 0..B-1},
 * and every possible value maps to exactly one bin: there is always a bin for values the reference never saw
 * (underflow/overflow for numeric schemes, "unseen" for categorical ones), so no value is ever dropped by binning.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface BinScheme permits NumericBins, CategoricalBins {

    /** Total number of bins {@code B}, including underflow/overflow or unseen bins. */
    int binCount();

    /** Human-readable label of bin {@code bin}, e.g. {@code [0.1, 0.2)} or {@code fraud}. */
    String label(int bin);

    /**
     * Whether bin {@code bin} holds values outside what the reference's bins describe: the underflow or overflow bin
     * of a numeric scheme (below its first edge, above its last), the unseen bin of a categorical one.
     */
    boolean outside(int bin);
}

package io.driftwatch.core.histogram;

import java.util.Optional;

/**
 * The largest reference a monitor accepts: every series keeps {@code panes x bins} counters and, when bin shares are
 * published, two gauges per bin, so the number of bins is what a reference costs. Every way a reference enters
 * (configured file, upload, stored record) is checked against these bounds before its bins are built.
 *
 * @param maxBins most interior bins of a numeric reference ({@code edges} has at most {@code maxBins + 1} values;
 *     quantile bins of samples too); key {@code driftwatch.references.max-bins}
 * @param maxCategories most categories of a categorical reference (plus the unseen bin); key
 *     {@code driftwatch.references.max-categories}
 */
public record ReferenceLimits(int maxBins, int maxCategories) {

    public static final String MAX_BINS_KEY = "driftwatch.references.max-bins";
    public static final String MAX_CATEGORIES_KEY = "driftwatch.references.max-categories";

    /** Highest value either limit may be configured to (a series then holds {@code panes x 100,000} counters). */
    public static final int CEILING = 100_000;

    /** The defaults: 1,000 bins, 1,000 categories. */
    public static final ReferenceLimits DEFAULT = new ReferenceLimits(1_000, 1_000);

    /** What is wrong with a numeric reference of {@code edgeCount} edges, or empty if it is within the bound. */
    public Optional<String> edgesProblem(long edgeCount) {
        return edgeCount - 1 > maxBins
                ? Optional.of(edgeCount + " edges define " + (edgeCount - 1) + " bins; at most " + maxBins
                        + " are allowed (" + MAX_BINS_KEY + ")")
                : Optional.empty();
    }

    /** What is wrong with a categorical reference of {@code categoryCount} categories, or empty if within bound. */
    public Optional<String> categoriesProblem(long categoryCount) {
        return categoryCount > maxCategories
                ? Optional.of(categoryCount + " categories; at most " + maxCategories + " are allowed ("
                        + MAX_CATEGORIES_KEY + ")")
                : Optional.empty();
    }
}

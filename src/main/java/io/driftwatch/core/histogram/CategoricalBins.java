package io.driftwatch.core.histogram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Categorical bins: one bin per known category, in the order given, plus a last "unseen" bin that collects every
 * value that is not a known category. {@code B = categories + 1}.
 *
 * <p>Lookup is a hash-map probe, {@code O(1)}. Immutable and thread-safe.
 */
public final class CategoricalBins implements BinScheme {

    /** Label of the bin that collects values that are not known categories. */
    public static final String UNSEEN_LABEL = "(unseen)";

    private final List<String> categories;
    private final Map<String, Integer> index;

    private CategoricalBins(List<String> categories) {
        this.categories = categories;
        this.index = new HashMap<>(categories.size() * 2);
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
    }

    /**
     * @param categories at least one category, no duplicates, no nulls
     * @throws IllegalArgumentException naming the duplicate or empty input
     */
    public static CategoricalBins of(List<String> categories) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("need at least one category");
        }
        var seen = new HashMap<String, Integer>();
        for (int i = 0; i < categories.size(); i++) {
            String c = categories.get(i);
            if (c == null) {
                throw new IllegalArgumentException("category " + i + " is null");
            }
            Integer previous = seen.put(c, i);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "category \"" + c + "\" appears twice (positions " + previous + " and " + i + ")");
            }
        }
        return new CategoricalBins(List.copyOf(categories));
    }

    public List<String> categories() {
        return categories;
    }

    @Override
    public int binCount() {
        return categories.size() + 1;
    }

    @Override
    public boolean outside(int bin) {
        return bin == unseenBin();
    }

    /** Index of the unseen bin (the last one). */
    public int unseenBin() {
        return categories.size();
    }

    /** The bin of {@code value}: its category's index, or {@link #unseenBin()}. */
    public int binOf(String value) {
        Integer i = index.get(value);
        return i == null ? categories.size() : i;
    }

    @Override
    public String label(int bin) {
        if (bin == categories.size()) {
            return UNSEEN_LABEL;
        }
        return categories.get(bin);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalBins other && categories.equals(other.categories);
    }

    @Override
    public int hashCode() {
        return categories.hashCode();
    }

    @Override
    public String toString() {
        return "CategoricalBins" + categories;
    }
}

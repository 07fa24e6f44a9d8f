package io.driftwatch.monitor;

import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;

/** Loads a configured reference file; implemented where reference files are read ({@code reference/}). */
@FunctionalInterface
public interface ReferenceLoader {

    /**
     * @param path the file
     * @param kind the monitor's kind
     * @param quantileBins bins for a file of numeric samples
     * @param limits the most bins and categories the reference may have
     * @param csvColumn for a CSV file of samples with several columns, the column to read (the last token of the
     *     monitor's JSON Pointer: {@code amount} for {@code /features/amount})
     * @throws IllegalArgumentException naming what is wrong with the file
     */
    VersionedReference load(String path, Kind kind, int quantileBins, ReferenceLimits limits, String csvColumn);
}

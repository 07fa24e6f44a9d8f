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
     * @throws IllegalArgumentException naming what is wrong with the file
     */
    VersionedReference load(String path, Kind kind, int quantileBins, ReferenceLimits limits);
}

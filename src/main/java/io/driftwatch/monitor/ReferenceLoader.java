package io.driftwatch.monitor;

import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.VersionedReference;

/** Loads a configured reference file; implemented where reference files are read ({@code reference/}). */
@FunctionalInterface
public interface ReferenceLoader {

    /**
     * @param path the file
     * @param kind the monitor's kind
     * @param quantileBins bins for a file of numeric samples
     * @throws IllegalArgumentException naming what is wrong with the file
     */
    VersionedReference load(String path, Kind kind, int quantileBins);
}

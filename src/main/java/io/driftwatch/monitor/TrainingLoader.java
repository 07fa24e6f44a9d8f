package io.driftwatch.monitor;

import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import java.util.Map;

/** Builds every feature's reference of a {@link FieldPattern} from a training file; implemented in {@code reference/}. */
@FunctionalInterface
public interface TrainingLoader {

    /**
     * @param path the training file: {@code .csv} (a header naming the members) or {@code .jsonl} / {@code .ndjson}
     *     (events, the members under the pattern's pointer)
     * @param quantileBins bins of a numeric feature
     * @param limits the most bins and categories a reference may have
     * @return the features that got a reference, by member name (the loader logs the others and why)
     * @throws IllegalArgumentException naming what is wrong with the file
     */
    Map<String, Member> load(String path, FieldPattern pattern, int quantileBins, ReferenceLimits limits);

    /** One feature built from the file. */
    record Member(Kind kind, VersionedReference reference) {}
}

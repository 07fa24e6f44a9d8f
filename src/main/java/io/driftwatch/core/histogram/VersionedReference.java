package io.driftwatch.core.histogram;

import java.time.Instant;

/**
 * A reference with where it came from. Immutable.
 *
 * @param reference the distribution
 * @param version its content hash ({@link Reference#version()}): the {@code reference} metric label
 * @param source where it came from: {@code config:<path>}, {@code upload:histogram}, {@code upload:samples},
 *     {@code upload:csv} or {@code from-window:<model>@<window start>/<window end>}
 * @param createdAt when it was made (for config files: the file's modification time)
 */
public record VersionedReference(Reference reference, String version, String source, Instant createdAt) {

    public static VersionedReference of(Reference reference, String source, Instant createdAt) {
        return new VersionedReference(reference, reference.version(), source, createdAt);
    }
}

package io.driftwatch.monitor;

import io.driftwatch.core.histogram.Kind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A monitor over many fields: every member of the object at {@link #pointer} ({@code fields=/features/*}) that the
 * include / exclude lists let through is a feature, monitored as the monitor {@code <name>.<member>} (e.g.
 * {@code features.plan}) with the field {@code /features/plan}. Immutable.
 *
 * @param name the configured monitor name
 * @param pointer JSON Pointer of the object whose members are the features
 * @param include if not empty, only these members
 * @param exclude never these members
 * @param kinds declared kinds; the other members get the kind of their whole training column
 * @param quantileBins bins of a numeric feature
 */
public record FieldPattern(
        String name,
        String pointer,
        Set<String> include,
        Set<String> exclude,
        Map<String, Kind> kinds,
        int quantileBins) {

    /** A member name: 1 to 64 letters, digits and {@code _ - :}, so that {@code <name>.<member>} is a valid label. */
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9_:-]{1,64}");

    public FieldPattern {
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
        kinds = Map.copyOf(kinds);
    }

    /** Why {@code member} is not a feature of this pattern, or empty if it is. */
    public Optional<String> problem(String member) {
        if (!MEMBER.matcher(member).matches()) {
            return Optional.of("not a usable name (1 to 64 of A-Z a-z 0-9 _ - :)");
        }
        if (!include.isEmpty() && !include.contains(member)) {
            return Optional.of("not in include");
        }
        if (exclude.contains(member)) {
            return Optional.of("in exclude");
        }
        return Optional.empty();
    }

    /** The monitor name of {@code member}: {@code <name>.<member>}. */
    public String monitorName(String member) {
        return name + "." + member;
    }

    /** The JSON Pointer of {@code member} (member names need no escaping: see {@link #problem}). */
    public String field(String member) {
        return pointer + "/" + member;
    }
}

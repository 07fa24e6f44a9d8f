package io.driftwatch.monitor;

/**
 * Whether a series' window is whole on this instance: every delta of its pane-topic partition up to the end it had at
 * assignment has been applied, and the owners' group has confirmed recently that this instance still owns the
 * partition. Only whole series are exported, scored, shown and evaluated for alerts; a series that is not whole says
 * nothing (a partial count during a rebuild, or a stale one from an instance that may have lost its partition, would
 * be a number that is not the whole window).
 */
@FunctionalInterface
public interface Wholeness {

    /** Whether {@code series} is whole here now. */
    boolean whole(Series series);

    /** Every series is whole (no stage 2: tests and tools that fill windows directly). */
    Wholeness ALWAYS = s -> true;
}

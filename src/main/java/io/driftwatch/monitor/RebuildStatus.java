package io.driftwatch.monitor;

/** Whether the windows are still being rebuilt from the log (after start or a rebalance), so not yet complete. */
@FunctionalInterface
public interface RebuildStatus {

    /** True while some window may still miss events it will get from the replay. */
    boolean rebuilding();
}

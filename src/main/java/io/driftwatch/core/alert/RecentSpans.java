package io.driftwatch.core.alert;

import java.util.Arrays;

/**
 * The spans of newest panes a budget rule tests besides the whole window: about a tenth and a third of it. A drift
 * that starts mid-window fills the newest panes first; testing them on their own sees it long before the window as a
 * whole shows it, while a small but steady drift never looks larger on a short span than on the window. The level is
 * split evenly over the whole window and the spans (a union bound again), so the false-alarm budget still holds.
 */
public final class RecentSpans {

    private RecentSpans() {}

    /** The span lengths in panes, shortest first, each at least 1 and shorter than the window; none for 1 pane. */
    public static int[] of(int paneCount) {
        return Arrays.stream(new int[] {(paneCount + 9) / 10, (paneCount + 2) / 3})
                .filter(n -> n >= 1 && n < paneCount)
                .distinct()
                .sorted()
                .toArray();
    }
}

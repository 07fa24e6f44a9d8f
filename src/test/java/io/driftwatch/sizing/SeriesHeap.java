package io.driftwatch.sizing;

import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.testing.SeriesEvents;
import io.driftwatch.testing.TestMonitors;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;

/**
 * Heap per series with every pane full: {@code SERIES} series of one numeric monitor with 22 bins (20 quantile bins
 * plus under- and overflow) and 30 panes of 10 s, each of its 660 pane-bins holding events, scored once (so each holds
 * its cached report and those of its newest spans, as after a scrape). Prints the heap after a full GC per series.
 * The page's KL trend is not included: it grows by 24 B a point up to {@code driftwatch.api.trend-points}.
 *
 * <p>Run: {@code bash deploy/test/series-heap.sh [SERIES=20000]}.
 */
public final class SeriesHeap {

    private SeriesHeap() {}

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double[] edges = new double[21];
        long[] counts = new long[22];
        for (int i = 0; i <= 20; i++) {
            edges[i] = i / 20.0;
        }
        for (int i = 1; i <= 20; i++) {
            counts[i] = 500;
        }
        Reference reference = Reference.of(NumericBins.ofEdges(edges), counts);
        long now = System.currentTimeMillis();
        MonitorRegistry registry = new MonitorRegistry(
                List.of(TestMonitors.monitor("score", "/score", reference)),
                series + 1,
                InstantSource.fixed(java.time.Instant.ofEpochMilli(now)),
                Duration.ofHours(2),
                Duration.ofSeconds(1));
        Monitor monitor = registry.monitors().get(0);
        long before = usedAfterGc();
        Series[] all = new Series[series];
        for (int s = 0; s < series; s++) {
            Series x = registry.seriesFor(monitor, String.format(Locale.ROOT, "model-%06d", s));
            for (int pane = 0; pane < 30; pane++) {
                long t = now - 299_000 + pane * 10_000L;
                for (int bin = 0; bin < 22; bin++) {
                    double v = bin == 0 ? -1 : bin == 21 ? 2 : (bin - 0.5) / 20.0;
                    SeriesEvents.addNumber(x, t, v, now);
                    SeriesEvents.addNumber(x, t, v, now);
                }
            }
            x.scales(); // the window's report and its newest spans', cached as a scrape leaves them
            all[s] = x;
        }
        long after = usedAfterGc();
        System.out.printf(
                Locale.ROOT,
                "[series-heap] %d series, 22 bins x 30 panes, every pane-bin filled: %.0f B per series (heap %d -> %d MB)%n",
                series,
                (after - before) / (double) series,
                before >> 20,
                after >> 20);
        if (all[series - 1].snapshot().total() != 22 * 30 * 2) {
            throw new IllegalStateException(
                    "the windows did not fill: " + all[series - 1].snapshot().total());
        }
        // where the bytes are: the largest classes of a live-object histogram, in bytes per series
        Process jcmd = new ProcessBuilder(
                        "jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        List<String> lines =
                new String(jcmd.getInputStream().readAllBytes()).lines().toList();
        for (String line : lines.subList(Math.min(3, lines.size()), Math.min(15, lines.size()))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4) {
                System.out.printf(
                        Locale.ROOT,
                        "[series-heap]   %-60s %9s objects %8.0f B/series%n",
                        f[3],
                        f[1],
                        Long.parseLong(f[2]) / (double) series);
            }
        }
        java.lang.ref.Reference.reachabilityFence(all);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

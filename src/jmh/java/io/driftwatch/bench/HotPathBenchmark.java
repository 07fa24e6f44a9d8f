package io.driftwatch.bench;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.SlidingWindow;
import io.driftwatch.core.histogram.WindowSnapshot;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.ingest.Outcome;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot path: bin lookup + pane increment for numeric and categorical values, a full divergence report on 22 bins,
 * and one whole event through the ingestor (parse, validate, bin and add for three monitors).
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test} (options: {@code -Djmh.args="-f 1 -i 5 HotPath"}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    private static final int VALUES = 4096;

    private NumericBins numeric;
    private CategoricalBins categorical;
    private SlidingWindow numericWindow;
    private SlidingWindow categoricalWindow;
    private double[] values;
    private String[] labels;
    private long[] times;
    private int next;
    private DriftAnalyzer analyzer;
    private Reference reference;
    private WindowSnapshot snapshot;
    private EventIngestor ingestor;
    private EventIngestor.Scratch batch;
    private byte[][] events;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        double[] referenceSamples = new double[10_000];
        for (int i = 0; i < referenceSamples.length; i++) {
            referenceSamples[i] = random.nextDouble() * random.nextDouble();
        }
        // 20 quantile edges of the sample as finite edges: 22 bins with underflow and overflow
        NumericBins quantiles = QuantileBinning.edgesFromSamples(referenceSamples, 20);
        double[] cuts = quantiles.edges();
        double[] edges = new double[21];
        edges[0] = 0;
        System.arraycopy(cuts, 1, edges, 1, 19);
        edges[20] = 1;
        numeric = NumericBins.ofEdges(edges);
        categorical = CategoricalBins.of(List.of("DE", "FR", "US", "GB", "IT", "ES", "NL", "PL"));
        numericWindow = new SlidingWindow(numeric.binCount(), 10_000, 30);
        categoricalWindow = new SlidingWindow(categorical.binCount(), 10_000, 30);
        values = new double[VALUES];
        labels = new String[VALUES];
        times = new long[VALUES];
        events = new byte[VALUES][];
        long now = System.currentTimeMillis();
        for (int i = 0; i < VALUES; i++) {
            values[i] = random.nextDouble() * random.nextDouble();
            labels[i] = categorical.categories().get(random.nextInt(8)).toString();
            times[i] = now - random.nextInt(60_000);
            events[i] = ("{\"model\":\"fraud\",\"ts\":" + times[i] + ",\"score\":" + values[i] + ",\"label\":\""
                            + labels[i] + "\",\"features\":{\"amount\":12.5,\"country\":\"DE\",\"device\":\"ios\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        long[] refCounts = QuantileBinning.count(numeric, referenceSamples);
        reference = Reference.of(numeric, refCounts);
        long[] live = new long[numeric.binCount()];
        for (double v : values) {
            live[numeric.binOf(v)]++;
        }
        snapshot = new WindowSnapshot(live, VALUES, 0, 1);
        analyzer = new DriftAnalyzer(0.5, 100, 0.01);
        Reference labelReference = Reference.of(categorical, new long[] {100, 100, 100, 100, 100, 100, 100, 100, 0});
        MonitorRegistry registry = new MonitorRegistry(
                List.of(
                        Monitor.configured(
                                new MonitorDefinition(
                                        "score",
                                        "/score",
                                        Kind.NUMERIC,
                                        10_000,
                                        30,
                                        Optional.empty(),
                                        false,
                                        analyzer),
                                reference,
                                Map.of()),
                        Monitor.configured(
                                new MonitorDefinition(
                                        "label",
                                        "/label",
                                        Kind.CATEGORICAL,
                                        10_000,
                                        30,
                                        Optional.empty(),
                                        false,
                                        analyzer),
                                labelReference,
                                Map.of()),
                        Monitor.configured(
                                new MonitorDefinition(
                                        "amount",
                                        "/features/amount",
                                        Kind.NUMERIC,
                                        10_000,
                                        30,
                                        Optional.empty(),
                                        false,
                                        analyzer),
                                reference,
                                Map.of())),
                100,
                InstantSource.system(),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1));
        ingestor = new EventIngestor(registry, InstantSource.system(), "/model", "/ts", "default", 300_000, 1 << 20);
        batch = ingestor.newScratch();
        ingestor.pinClock(batch); // as io.driftwatch.ingest.IngestWorkers does: the clock read once per poll's partition, not per event
    }

    private int next() {
        next = (next + 1) & (VALUES - 1);
        return next;
    }

    @Benchmark
    public long numericBinAndPaneIncrement() {
        int i = next();
        numericWindow.add(times[i], numeric.binOf(values[i]));
        return numericWindow.total();
    }

    @Benchmark
    public long categoricalBinAndPaneIncrement() {
        int i = next();
        categoricalWindow.add(times[i], categorical.binOf(labels[i]));
        return categoricalWindow.total();
    }

    @Benchmark
    public DriftReport divergenceReport22Bins() {
        return analyzer.analyze(snapshot, reference);
    }

    @Benchmark
    public Outcome wholeEventThroughTheIngestor() {
        return ingestor.ingest(batch, events[next()], 0);
    }
}

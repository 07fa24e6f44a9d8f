package io.driftwatch.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * Writes the demo's reference files ({@code deploy/demo/references/*.json}): the exact expected histogram of
 * {@value #SIZE} no-drift events of {@link SimulatedTraffic}, numeric fields binned at {@value #BINS} equal-mass
 * quantiles. Run {@code main} with the target folder to regenerate; a test checks the committed files match.
 */
public final class DemoReferences {

    static final int SIZE = 10_000;
    static final int BINS = 20;

    private DemoReferences() {}

    /** File name to JSON content. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("score.json", quantileHistogram(SimulatedTraffic.SCORE));
        files.put("amount.json", quantileHistogram(SimulatedTraffic.AMOUNT));
        double meanScore = SimulatedTraffic.SCORE.getMean();
        long fraud = Math.round(SIZE * meanScore);
        files.put(
                "label.json",
                "{\"categories\":[\"fraud\",\"ok\"],\"counts\":[" + fraud + "," + (SIZE - fraud) + "]}\n");
        String countries =
                SimulatedTraffic.COUNTRIES.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        String counts = IntStream.range(0, SimulatedTraffic.COUNTRIES.size())
                .mapToObj(i -> Long.toString(Math.round(SIZE * SimulatedTraffic.COUNTRY_WEIGHTS[i])))
                .collect(Collectors.joining(","));
        files.put("country.json", "{\"categories\":[" + countries + "],\"counts\":[" + counts + "]}\n");
        return files;
    }

    private static String quantileHistogram(ContinuousDistribution d) {
        String edges = IntStream.rangeClosed(0, BINS)
                .mapToObj(i -> {
                    double p = i == 0 ? 0.001 : i == BINS ? 0.999 : (double) i / BINS;
                    return Double.toString(Math.round(d.inverseCumulativeProbability(p) * 1e6) / 1e6);
                })
                .collect(Collectors.joining(","));
        // equal mass per interior bin; the 0.1 % tails beyond the outer edges fall in underflow / overflow
        long tail = Math.round(SIZE * 0.001);
        long perBin = (SIZE - 2 * tail) / BINS;
        String counts =
                IntStream.range(0, BINS).mapToObj(i -> Long.toString(perBin)).collect(Collectors.joining(","));
        return "{\"edges\":[" + edges + "],\"counts\":[" + counts + "],\"underflow\":" + tail + ",\"overflow\":" + tail
                + "}\n";
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "deploy/demo/references");
        Files.createDirectories(dir);
        for (var e : files().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
    }
}

package io.driftwatch.sim;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.reference.ReferenceDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the demo's reference files ({@code deploy/demo/references/*.json}) the way a user would make them from
 * training data: {@value #SIZE} no-drift predictions drawn from {@link SimulatedTraffic} (seed {@value #SEED}, not the
 * simulator's), numeric fields binned at {@value #BINS} quantiles of those draws and counted, categorical fields
 * counted. A drawn reference carries the sampling noise the two-sample G-test assumes; exact expected counts would not,
 * and would push every no-drift p-value towards 1. {@value #SIZE} draws are several times a demo window (60 s at
 * 300 events/s = 18,000), so the reference's own noise does not dominate. Run {@code main} with the target folder to
 * regenerate; a test checks the committed files match.
 */
public final class DemoReferences {

    static final int SIZE = 100_000;
    static final int BINS = 20;
    static final long SEED = 20_261_124L;

    private DemoReferences() {}

    /** File name to JSON content. */
    public static Map<String, String> files() {
        SimulatedTraffic traffic = new SimulatedTraffic(SEED);
        SimulatedTraffic.Draw[] draws = new SimulatedTraffic.Draw[SIZE];
        for (int i = 0; i < SIZE; i++) {
            draws[i] = traffic.draw(false);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("score.json", numeric(draws, SimulatedTraffic.Draw::score));
        files.put("amount.json", numeric(draws, SimulatedTraffic.Draw::amount));
        files.put("label.json", categorical(draws, SimulatedTraffic.Draw::label, List.of("fraud", "ok")));
        files.put("country.json", categorical(draws, SimulatedTraffic.Draw::country, SimulatedTraffic.COUNTRIES));
        return files;
    }

    private static String numeric(
            SimulatedTraffic.Draw[] draws, java.util.function.ToDoubleFunction<SimulatedTraffic.Draw> field) {
        double[] values = new double[draws.length];
        for (int i = 0; i < draws.length; i++) {
            values[i] = field.applyAsDouble(draws[i]);
        }
        NumericBins bins = QuantileBinning.edgesFromSamples(values, BINS);
        return ReferenceDocument.toJson(Reference.of(bins, QuantileBinning.count(bins, values)))
                        .toString()
                + "\n";
    }

    private static String categorical(
            SimulatedTraffic.Draw[] draws, Function<SimulatedTraffic.Draw, String> field, List<String> categories) {
        CategoricalBins bins = CategoricalBins.of(categories);
        long[] counts = new long[bins.binCount()];
        for (SimulatedTraffic.Draw d : draws) {
            counts[bins.binOf(field.apply(d))]++;
        }
        return ReferenceDocument.toJson(Reference.of(bins, counts)).toString() + "\n";
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "deploy/demo/references");
        Files.createDirectories(dir);
        for (var e : files().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
    }
}

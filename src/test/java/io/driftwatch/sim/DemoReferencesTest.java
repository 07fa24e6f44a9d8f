package io.driftwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.significance.GTests;
import io.driftwatch.reference.ReferenceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DemoReferencesTest {

    private static final Path DIR = Path.of("deploy/demo/references");

    private static Reference read(String name) {
        Kind kind = name.equals("score.json") || name.equals("amount.json") ? Kind.NUMERIC : Kind.CATEGORICAL;
        return ReferenceParser.readFile(DIR.resolve(name), kind, 20, ReferenceLimits.DEFAULT, null);
    }

    @Test
    void committedDemoReferencesAreWhatTheGeneratorWrites() throws IOException {
        for (var file : DemoReferences.files().entrySet()) {
            assertThat(Files.readString(DIR.resolve(file.getKey())))
                    .as("%s (regenerate: see DemoReferences)", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void demoReferencesAreValidAndHoldTheirDraws() {
        for (String name : DemoReferences.files().keySet()) {
            assertThat(read(name).total()).as(name).isEqualTo(DemoReferences.SIZE);
        }
    }

    /**
     * What the demo shows for a model that never drifts: windows of the demo's size (60 s at 300 events/s) drawn from
     * the simulator's no-drift traffic, G-tested against the committed references as Driftwatch does. Their p-values
     * must look like p-values — spread over (0, 1), about 5 % below 0.05 — not pile up near 1, as they did against
     * exact expected counts.
     */
    @Test
    void noDriftWindowsAgainstTheDemoReferencesHaveSpreadOutPValues() {
        Reference score = read("score.json");
        Reference country = read("country.json");
        NumericBins scoreBins = (NumericBins) score.bins();
        CategoricalBins countryBins = (CategoricalBins) country.bins();
        int windows = 300;
        double[] scoreP = new double[windows];
        double[] countryP = new double[windows];
        for (int w = 0; w < windows; w++) {
            SimulatedTraffic traffic = new SimulatedTraffic(1000 + w);
            long[] s = new long[scoreBins.binCount()];
            long[] c = new long[countryBins.binCount()];
            for (int i = 0; i < 18_000; i++) {
                SimulatedTraffic.Draw d = traffic.draw(false);
                s[scoreBins.binOf(d.score())]++;
                c[countryBins.binOf(d.country())]++;
            }
            scoreP[w] = GTests.twoSample(s, score.counts(), true).pValue();
            countryP[w] = GTests.twoSample(c, country.counts(), true).pValue();
        }
        for (double[] p : new double[][] {scoreP, countryP}) {
            Arrays.sort(p);
            double median = p[windows / 2];
            double below005 = Arrays.stream(p).filter(x -> x < 0.05).count() / (double) windows;
            double above09 = Arrays.stream(p).filter(x -> x > 0.9).count() / (double) windows;
            assertThat(median).as("median p").isBetween(0.3, 0.7);
            assertThat(below005).as("share of p < 0.05").isBetween(0.01, 0.12);
            assertThat(above09).as("share of p > 0.9").isBetween(0.03, 0.2);
        }
    }
}

package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReferenceParserTest {

    private static Reference parse(String json, Kind kind) {
        return ReferenceParser.parse(json.getBytes(StandardCharsets.UTF_8), kind, 4);
    }

    @Test
    void numericHistogramHasUnderflowAndOverflowBins() {
        Reference r = parse("{\"edges\":[0,1,2],\"counts\":[3,4],\"overflow\":1}", Kind.NUMERIC);
        assertThat(r.bins()).isEqualTo(NumericBins.ofEdges(0, 1, 2));
        assertThat(r.counts()).containsExactly(0, 3, 4, 1);
        assertThat(r.total()).isEqualTo(8);
    }

    @Test
    void categoricalHistogramHasAnUnseenBin() {
        Reference r = parse("{\"categories\":[\"a\",\"b\"],\"counts\":[5,6]}", Kind.CATEGORICAL);
        assertThat(((CategoricalBins) r.bins()).categories()).containsExactly("a", "b");
        assertThat(r.counts()).containsExactly(5, 6, 0);
    }

    @Test
    void numericSamplesAreBinnedAtQuantilesAndCategoricalSamplesCounted() {
        Reference n = parse("{\"samples\":[1,2,3,4,5,6,7,8]}", Kind.NUMERIC);
        assertThat(((NumericBins) n.bins()).edges())
                .containsExactly(Double.NEGATIVE_INFINITY, 3, 5, 7, Double.POSITIVE_INFINITY);
        assertThat(n.counts()).containsExactly(2, 2, 2, 2);
        Reference c = parse("{\"samples\":[\"b\",\"a\",\"b\",\"c\",\"a\",\"b\"]}", Kind.CATEGORICAL);
        assertThat(((CategoricalBins) c.bins()).categories()).containsExactly("b", "a", "c");
        assertThat(c.counts()).containsExactly(3, 2, 1, 0);
    }

    @Test
    void aNumericColumnSentToACategoricalMonitorIsRefusedNotTurnedIntoThousandsOfCategories() {
        java.util.Random random = new java.util.Random(1);
        StringBuilder csv = new StringBuilder("score\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(random.nextDouble()).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() ->
                        ReferenceParser.parseCsv(bytes, Kind.CATEGORICAL, 20, null, null, ReferenceLimits.DEFAULT))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("the monitor is categorical")
                .hasMessageContaining("decimal numbers")
                .satisfies(
                        e -> assertThat(((InvalidReferenceException) e).field()).contains("samples"));
        assertThatThrownBy(() -> ReferenceParser.parseCsv(
                        bytes, Kind.CATEGORICAL, 20, null, null, new ReferenceLimits(1000, 100_000)))
                .as("also when the sheer number of categories stays under the cap")
                .hasMessageContaining("decimal numbers");

        // integer class labels and a handful of decimal categories are categories
        StringBuilder labels = new StringBuilder("{\"samples\":[");
        for (int i = 0; i < 100; i++) {
            labels.append(i == 0 ? "" : ",").append(i % 30);
        }
        assertThat(parse(labels + "]}", Kind.CATEGORICAL).bins().binCount()).isEqualTo(31);
        assertThat(parse("{\"samples\":[\"0.5\",\"1.5\",\"0.5\",\"2.5\"]}", Kind.CATEGORICAL)
                        .bins()
                        .binCount())
                .isEqualTo(4);
    }

    @Test
    void samplesCountedIntoKeptCategoriesMustHitOneOfThem() {
        CategoricalBins keep = CategoricalBins.of(java.util.List.of("DE", "FR"));
        assertThat(ReferenceParser.parseDocument(
                                "{\"samples\":[\"DE\",\"XX\"]}".getBytes(StandardCharsets.UTF_8),
                                Kind.CATEGORICAL,
                                20,
                                keep,
                                ReferenceLimits.DEFAULT)
                        .reference()
                        .counts())
                .containsExactly(1, 0, 1);
        assertThatThrownBy(() -> ReferenceParser.parseDocument(
                        "{\"samples\":[0.31,0.72]}".getBytes(StandardCharsets.UTF_8),
                        Kind.CATEGORICAL,
                        20,
                        keep,
                        ReferenceLimits.DEFAULT))
                .hasMessageContaining("none of the 2 samples is one of the monitor's 2 categories");
    }

    @Test
    void errorsNameTheFieldTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> parse("{\"edges\":[0,1,2],\"counts\":[3]}", Kind.NUMERIC))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("\"counts\" has 1 entries")
                .hasMessageContaining("2 bins");
        assertThatThrownBy(() -> parse("{\"edges\":[0,1],\"counts\":[0.25]}", Kind.NUMERIC))
                .hasMessageContaining("counts[0] = 0.25 is not a non-negative whole number");
        assertThatThrownBy(() -> parse("{\"edges\":[0,\"x\"],\"counts\":[1]}", Kind.NUMERIC))
                .hasMessageContaining("edges[1] must be a finite number");
        assertThatThrownBy(() -> parse("{\"categories\":[\"a\"],\"counts\":[1]}", Kind.NUMERIC))
                .hasMessageContaining("monitor is numeric");
        assertThatThrownBy(() -> parse("{\"bins\":[1]}", Kind.NUMERIC)).hasMessageContaining("found \"bins\"");
        assertThatThrownBy(() -> parse("{\"edges\":[0,1],\"counts\":[0]}", Kind.NUMERIC))
                .hasMessageContaining("every count is 0");
        assertThatThrownBy(() -> parse("{\"edges\":[0,1", Kind.NUMERIC)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ReferenceParser.readFile(
                        Path.of("no/such/file.json"), Kind.NUMERIC, 4, ReferenceLimits.DEFAULT, null))
                .hasMessageContaining("does not exist");
    }
}

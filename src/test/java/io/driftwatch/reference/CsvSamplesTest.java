package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSamplesTest {

    private static byte[] csv(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String fieldOf(Throwable e) {
        return ((InvalidReferenceException) e).field().orElse(null);
    }

    @Test
    void readsTheNamedColumnWithQuotesCrlfAndBlankLines() {
        String text = "\uFEFFid,\"country, code\",score\r\n1,\"DE\",0.5\r\n\r\n2,\"a \"\"quoted\"\", name\",0.25\n";
        List<String> countries = new ArrayList<>();
        CsvSamples.values(csv(text), "country, code", countries::add);
        assertThat(countries).containsExactly("DE", "a \"quoted\", name");
        assertThat(CsvSamples.numbers(csv(text), "score")).containsExactly(0.5, 0.25);
    }

    @Test
    void errorsNameTheLineOrTheColumn() {
        assertThatThrownBy(() -> CsvSamples.numbers(csv("score\n0.1\n\nabc\n"), null))
                .hasMessageContaining("line 4: \"abc\" is not a finite number")
                .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("line 4"));
        assertThatThrownBy(() -> CsvSamples.numbers(csv("a,b\n1,2\n"), null))
                .hasMessageContaining("?column=name")
                .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("column"));
        assertThatThrownBy(() -> CsvSamples.numbers(csv("a,b\n1,2\n"), "c"))
                .hasMessageContaining("column \"c\" is not in the header");
        assertThatThrownBy(() -> CsvSamples.numbers(csv("a,b\n1,2\n3\n"), "a"))
                .hasMessageContaining("line 3 has 1 fields but the header has 2");
        assertThatThrownBy(() -> CsvSamples.numbers(csv("a\n\"1\n"), "a")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> CsvSamples.numbers(csv("score\nNaN\n"), null)).hasMessageContaining("line 2");
    }

    @Test
    void aNumericFileWithoutAHeaderIsRejectedInsteadOfLosingItsFirstValue() {
        assertThatThrownBy(() -> CsvSamples.numbers(csv("0.42\n0.5\n"), null))
                .hasMessageContaining("must be a header")
                .satisfies(e -> assertThat(fieldOf(e)).isEqualTo("line 1"));
    }

    @Test
    void samplesCanBeCountedInTheBinsTheyReplace() {
        NumericBins current = NumericBins.ofEdges(0, 0.5, 1);
        Reference r = ReferenceParser.parseCsv(
                csv("s\n0.1\n0.2\n0.7\n2\n"), Kind.NUMERIC, 10, current, null, ReferenceLimits.DEFAULT);
        assertThat(r.bins()).isEqualTo(current);
        assertThat(r.counts()).containsExactly(0, 2, 1, 1);
        CategoricalBins labels = CategoricalBins.of(List.of("a", "b"));
        Reference c = ReferenceParser.parseCsv(
                csv("l\nb\nb\nz\n"), Kind.CATEGORICAL, 10, labels, null, ReferenceLimits.DEFAULT);
        assertThat(c.counts()).containsExactly(0, 2, 1);
    }
}

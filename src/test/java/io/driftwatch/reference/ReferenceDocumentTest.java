package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.Reference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** A reference written as a document and parsed again is the same reference, with the same version. */
class ReferenceDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Reference roundTrip(Reference r, Kind kind) throws Exception {
        byte[] doc = JSON.writeValueAsBytes(ReferenceDocument.toJson(r));
        return ReferenceParser.parse(doc, kind, 1);
    }

    @Property(tries = 200)
    void quantileReferencesFromSamplesRoundTrip(
            @ForAll @LongRange(min = 0, max = 1000) long seed, @ForAll @IntRange(min = 1, max = 40) int bins)
            throws Exception {
        Random random = new Random(seed);
        double[] samples = new double[50 + random.nextInt(500)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3);
        }
        NumericBins scheme = QuantileBinning.edgesFromSamples(samples, bins);
        Reference r = Reference.of(scheme, QuantileBinning.count(scheme, samples));
        Reference back = roundTrip(r, Kind.NUMERIC);
        assertThat(back).isEqualTo(r);
        assertThat(back.version()).isEqualTo(r.version());
    }

    @Test
    void finiteEdgesKeepTheirUnderflowAndOverflowCounts() throws Exception {
        Reference r = Reference.of(NumericBins.ofEdges(0, 0.1, 0.30000000000000004, 1), new long[] {1, 2, 3, 4, 5});
        assertThat(roundTrip(r, Kind.NUMERIC)).isEqualTo(r);
        assertThat(ReferenceDocument.toJson(r).toString())
                .isEqualTo("{\"edges\":[0.0,0.1,0.30000000000000004,1.0],\"counts\":[2,3,4],\"underflow\":1,"
                        + "\"overflow\":5}");
    }

    @Test
    void categoriesKeepTheirOrderAndUnseenCount() throws Exception {
        Reference r = Reference.of(CategoricalBins.of(List.of("z", "a", "é,\"q\"")), new long[] {5, 0, 2, 1});
        assertThat(roundTrip(r, Kind.CATEGORICAL)).isEqualTo(r);
    }

    @Test
    void openEndedOuterBinsCannotHaveUnderflowOrOverflowCounts() {
        byte[] doc =
                "{\"edges\":[\"-Infinity\",0,1],\"counts\":[1,2],\"underflow\":3}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReferenceParser.parse(doc, Kind.NUMERIC, 1))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("no underflow bin")
                .satisfies(
                        e -> assertThat(((InvalidReferenceException) e).field()).hasValue("underflow"));
        byte[] inner = "{\"edges\":[0,\"Infinity\",1],\"counts\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReferenceParser.parse(inner, Kind.NUMERIC, 1))
                .satisfies(
                        e -> assertThat(((InvalidReferenceException) e).field()).hasValue("edges[1]"));
    }
}

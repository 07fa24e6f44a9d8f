package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.testing.HugeReferences;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a reference enters — upload (JSON histogram, JSON samples, CSV samples), configured file, stored record —
 * is refused with the key of the limit it breaks, before bins are built (issue 16, item 1).
 */
class ReferenceLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReferenceLimits LIMITS = ReferenceLimits.DEFAULT;

    private static byte[] distinctSamples(int n) {
        return HugeReferences.distinctSamples(n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void threeHundredThousandDistinctSamplesAreRefusedNamingTheKey() {
        assertThatThrownBy(() ->
                        ReferenceParser.parseDocument(distinctSamples(300_000), Kind.CATEGORICAL, 20, null, LIMITS))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("more than 1000 distinct values")
                .hasMessageContaining("driftwatch.references.max-categories")
                .extracting(e -> ((InvalidReferenceException) e).field())
                .isEqualTo(Optional.of("samples"));
    }

    @Test
    void exactlyAtTheLimitIsAcceptedOneMoreIsNot() {
        ReferenceLimits small = new ReferenceLimits(3, 3);
        Reference three = ReferenceParser.parseDocument(distinctSamples(3), Kind.CATEGORICAL, 20, null, small)
                .reference();
        assertThat(three.bins().binCount()).isEqualTo(4); // 3 categories + unseen
        assertThatThrownBy(() -> ReferenceParser.parseDocument(distinctSamples(4), Kind.CATEGORICAL, 20, null, small))
                .hasMessageContaining("more than 3 distinct values");
        assertThat(ReferenceParser.parseDocument(
                                HugeReferences.edges(4).getBytes(StandardCharsets.UTF_8), Kind.NUMERIC, 20, null, small)
                        .reference()
                        .bins()
                        .binCount())
                .isEqualTo(5); // 3 interior bins + underflow + overflow
        assertThatThrownBy(() -> ReferenceParser.parseDocument(
                        HugeReferences.edges(5).getBytes(StandardCharsets.UTF_8), Kind.NUMERIC, 20, null, small))
                .hasMessageContaining("5 edges define 4 bins; at most 3 are allowed (driftwatch.references.max-bins)");
        assertThatThrownBy(() -> ReferenceParser.parseDocument(
                        HugeReferences.categories(4).getBytes(StandardCharsets.UTF_8),
                        Kind.CATEGORICAL,
                        20,
                        null,
                        small))
                .hasMessageContaining("4 categories; at most 3 are allowed (driftwatch.references.max-categories)");
    }

    @Test
    void aMillionEdgesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ReferenceParser.parseDocument(
                        HugeReferences.edges(1_000_000).getBytes(StandardCharsets.UTF_8),
                        Kind.NUMERIC,
                        20,
                        null,
                        LIMITS))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("\"edges\": 1000000 edges define 999999 bins; at most 1000 are allowed")
                .extracting(e -> ((InvalidReferenceException) e).field())
                .isEqualTo(Optional.of("edges"));
    }

    @Test
    void aCsvWithTooManyDistinctLabelsIsRefused() {
        StringBuilder csv = new StringBuilder("country\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append(i).append('\n'); // a numeric column uploaded to a categorical monitor
        }
        assertThatThrownBy(() -> ReferenceParser.parseCsv(
                        csv.toString().getBytes(StandardCharsets.UTF_8), Kind.CATEGORICAL, 20, null, null, LIMITS))
                .hasMessageContaining("more than 1000 distinct values")
                .hasMessageContaining("driftwatch.references.max-categories");
    }

    @Test
    void aConfiguredFileBeyondTheLimitNamesTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.json");
        Files.writeString(file, HugeReferences.edges(1_000_000));
        assertThatThrownBy(() -> new ReferenceFiles(50).load(file.toString(), Kind.NUMERIC, 20, LIMITS, null))
                .hasMessageContaining("reference file " + file)
                .hasMessageContaining("driftwatch.references.max-bins");
    }

    @Test
    void aStoredRecordBeyondTheLimitIsUnreadableAndNeverBuilt() throws Exception {
        // written as another instance with larger limits would write it (or as anyone with access to the topic)
        ReferenceRecords generous = new ReferenceRecords(JSON, new ReferenceLimits(1_000, 100_000));
        Reference big = ReferenceParser.parseDocument(
                        HugeReferences.categories(5_000).getBytes(StandardCharsets.UTF_8),
                        Kind.CATEGORICAL,
                        20,
                        null,
                        new ReferenceLimits(1_000, 100_000))
                .reference();
        byte[] key = generous.key("label", Optional.of("fraud"));
        byte[] value = generous.value(
                "label", Optional.of("fraud"), VersionedReference.of(big, "upload:histogram", Instant.EPOCH));

        assertThat(generous.decode(key, value, m -> Kind.CATEGORICAL).reference())
                .as("readable within its writer's limits")
                .isPresent();
        ReferenceRecords strict = new ReferenceRecords(JSON, LIMITS);
        assertThatThrownBy(() -> strict.decode(key, value, m -> Kind.CATEGORICAL))
                .isInstanceOf(ReferenceRecords.UnreadableException.class)
                .hasMessageContaining(
                        "5000 categories; at most 1000 are allowed (driftwatch.references.max-categories)");
    }

    @Test
    void countsSummingPastTwoToTheFiftyThreeAreRefusedNamingCounts() {
        for (String doc : new String[] {
            "{\"edges\":[0,0.5,1],\"counts\":[9223372036854775807,1]}",
            "{\"categories\":[\"a\",\"b\"],\"counts\":[9223372036854775807,1]}",
            "{\"edges\":[0,0.5,1],\"counts\":[4503599627370496,4503599627370497]}"
        }) {
            Kind kind = doc.contains("edges") ? Kind.NUMERIC : Kind.CATEGORICAL;
            assertThatThrownBy(() -> ReferenceParser.parse(doc.getBytes(StandardCharsets.UTF_8), kind, 20))
                    .as(doc)
                    .isInstanceOf(InvalidReferenceException.class)
                    .hasMessageContaining("sum to more than 9007199254740992 (2^53)")
                    .extracting(e -> ((InvalidReferenceException) e).field())
                    .isEqualTo(Optional.of("counts"));
        }
        Reference atTheBound = ReferenceParser.parse(
                "{\"edges\":[0,0.5,1],\"counts\":[4503599627370496,4503599627370496]}".getBytes(StandardCharsets.UTF_8),
                Kind.NUMERIC,
                20);
        assertThat(atTheBound.total()).isEqualTo(Reference.MAX_TOTAL);
    }

    @Test
    void aConfiguredCsvFileIsReadLikeAnUploadItsOnlyColumnOrTheMonitorsField(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("latency.csv");
        Files.writeString(one, "latency_ms\n" + "100\n".repeat(50) + "200\n".repeat(50));
        var numeric = new ReferenceFiles(50).load(one.toString(), Kind.NUMERIC, 2, LIMITS, "ignored");
        assertThat(numeric.reference().total()).isEqualTo(100);
        assertThat(numeric.source()).isEqualTo("config:" + one);

        Path training = dir.resolve("training.csv");
        Files.writeString(training, "amount,country\n" + "1.5,DE\n2.5,FR\n".repeat(20) + "3.5,DE\n");
        var country = new ReferenceFiles(50).load(training.toString(), Kind.CATEGORICAL, 0, LIMITS, "country");
        assertThat(country.reference().counts()).containsExactly(21, 20, 0);

        assertThatThrownBy(() -> new ReferenceFiles(50).load(training.toString(), Kind.NUMERIC, 2, LIMITS, "score"))
                .hasMessageContaining("reference file " + training)
                .hasMessageContaining("column \"score\" is not in the header [amount, country]");
    }

    @Test
    void aConfiguredFileWithOverflowingCountsNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("overflow.json");
        Files.writeString(file, "{\"edges\":[0,0.5,1],\"counts\":[9223372036854775807,9223372036854775807]}");
        assertThatThrownBy(() -> new ReferenceFiles(50).load(file.toString(), Kind.NUMERIC, 20, LIMITS, null))
                .hasMessageContaining("reference file " + file)
                .hasMessageContaining("2^53");
    }
}

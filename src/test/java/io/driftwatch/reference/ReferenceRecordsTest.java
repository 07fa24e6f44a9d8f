package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every schema of the reference topic's records ever written is read back (golden files), and writing round-trips. */
class ReferenceRecordsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/reference-records");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReferenceRecords records = new ReferenceRecords(JSON, ReferenceLimits.DEFAULT);

    private static Kind kindOf(String monitor) {
        return monitor.equals("score") ? Kind.NUMERIC : Kind.CATEGORICAL;
    }

    private ReferenceRecords.Decoded golden(String file) throws Exception {
        JsonNode record = JSON.readTree(Files.readAllBytes(GOLDEN.resolve(file)));
        byte[] key = JSON.writeValueAsBytes(record.get("key"));
        byte[] value = record.get("value").isNull() ? null : JSON.writeValueAsBytes(record.get("value"));
        return records.decode(key, value, ReferenceRecordsTest::kindOf);
    }

    @Test
    void schemaZeroRecordsWrittenBeforeTheFieldExistedAreRead() throws Exception {
        ReferenceRecords.Decoded d = golden("v0-score-default.json");
        assertThat(d.monitor()).isEqualTo("score");
        assertThat(d.model()).isEmpty();
        VersionedReference r = d.reference().orElseThrow();
        assertThat(r.reference()).isEqualTo(Reference.of(NumericBins.ofEdges(0, 0.5, 1), new long[] {0, 30, 70, 0}));
        assertThat(r.source()).isEqualTo("upload:histogram");
        assertThat(r.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void schemaOneRecordsAndTombstonesAreRead() throws Exception {
        ReferenceRecords.Decoded d = golden("v1-label-fraud.json");
        assertThat(d.monitor()).isEqualTo("label");
        assertThat(d.model()).hasValue("fraud");
        assertThat(d.reference().orElseThrow().reference())
                .isEqualTo(Reference.of(CategoricalBins.of(List.of("fraud", "ok")), new long[] {12, 88, 0}));
        assertThat(d.reference().orElseThrow().source()).startsWith("from-window:fraud@");

        ReferenceRecords.Decoded tombstone = golden("v1-tombstone.json");
        assertThat(tombstone.model()).hasValue("churn");
        assertThat(tombstone.reference()).isEmpty();
    }

    @Test
    void whatThisBuildWritesItReadsBackWithTheCurrentSchema() throws Exception {
        VersionedReference r = VersionedReference.of(
                Reference.of(NumericBins.ofEdges(0, 0.5, 1), new long[] {1, 30, 70, 2}),
                "upload:csv",
                Instant.parse("2026-11-24T12:00:00Z"));
        byte[] key = records.key("score", Optional.of("m"));
        byte[] value = records.value("score", Optional.of("m"), r);
        assertThat(JSON.readTree(value).path("schema").asInt()).isEqualTo(ReferenceRecords.SCHEMA);
        ReferenceRecords.Decoded d = records.decode(key, value, ReferenceRecordsTest::kindOf);
        assertThat(d.reference()).hasValue(r);
        assertThat(records.monitorOf(key)).hasValue("score");
    }

    @Test
    void aRecordFromANewerSchemaOrWithAForgedVersionIsRefusedWithTheReason() throws IOException {
        JsonNode golden = JSON.readTree(Files.readAllBytes(GOLDEN.resolve("v1-label-fraud.json")));
        byte[] key = JSON.writeValueAsBytes(golden.get("key"));
        String value = JSON.writeValueAsString(golden.get("value"));
        assertThatThrownBy(() -> records.decode(
                        key,
                        value.replace("\"schema\":1", "\"schema\":7").getBytes(StandardCharsets.UTF_8),
                        ReferenceRecordsTest::kindOf))
                .isInstanceOf(ReferenceRecords.UnreadableException.class)
                .hasMessageContaining("schema 7");
        assertThatThrownBy(() -> records.decode(
                        key,
                        value.replace("[12,88]", "[13,88]").getBytes(StandardCharsets.UTF_8),
                        ReferenceRecordsTest::kindOf))
                .hasMessageContaining("does not match its content");
    }
}

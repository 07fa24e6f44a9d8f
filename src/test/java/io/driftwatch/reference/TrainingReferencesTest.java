package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.QuantileBinning;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.monitor.FieldPattern;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReferencesTest {

    @TempDir
    Path tmp;

    private TrainingReferences.Result build(
            String text, TrainingReferences.Format format, FieldPattern pattern, int top) {
        return TrainingReferences.build(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                format,
                TrainingReferences.spec(pattern, 4, top, ReferenceLimits.DEFAULT),
                tmp);
    }

    private static FieldPattern all() {
        return new FieldPattern("features", "/features", Set.of(), Set.of(), Map.of(), 4);
    }

    @Test
    void everyColumnOfACsvIsAFeatureWithTheKindOfItsWholeColumn() throws Exception {
        StringBuilder csv = new StringBuilder("amount,plan,zip\n");
        double[] amounts = new double[1000];
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            amounts[i] = Math.round(random.nextGaussian() * 1000) / 100.0;
            csv.append(amounts[i])
                    .append(',')
                    .append(i % 3 == 0 ? "pro" : "free")
                    .append(',');
            // a column of numbers with one text value is categorical: never numeric by its first rows
            csv.append(i == 999 ? "N/A" : Integer.toString(10000 + i % 5)).append('\n');
        }
        var r = build(csv.toString(), TrainingReferences.Format.CSV, all(), 50);

        assertThat(r.rows()).isEqualTo(1000);
        assertThat(r.features()).containsOnlyKeys("amount", "plan", "zip");
        var amount = r.features().get("amount");
        assertThat(amount.kind()).isEqualTo(Kind.NUMERIC);
        assertThat(amount.declared()).isFalse();
        // the same quantile rule as an upload of samples
        NumericBins expected = QuantileBinning.edgesFromSamples(amounts, 4);
        assertThat(amount.reference().bins()).isEqualTo(expected);
        assertThat(amount.reference().counts()).containsExactly(QuantileBinning.count(expected, amounts));
        var plan = r.features().get("plan");
        assertThat(plan.kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(((CategoricalBins) plan.reference().bins()).categories()).containsExactly("free", "pro");
        assertThat(plan.reference().counts()).containsExactly(666, 334, 0);
        assertThat(r.features().get("zip").kind()).isEqualTo(Kind.CATEGORICAL);
        try (var files = Files.list(tmp)) {
            assertThat(files).as("the spool is deleted").isEmpty();
        }
    }

    @Test
    void declaredKindsWinAndValuesThatDoNotFitAreCounted() {
        var pattern = new FieldPattern(
                "features",
                "/features",
                Set.of(),
                Set.of(),
                Map.of("zip", Kind.CATEGORICAL, "amount", Kind.NUMERIC),
                4);
        var r = build("amount,zip\n1,10001\n2,10002\nx,10001\n3,\n", TrainingReferences.Format.CSV, pattern, 50);

        var amount = r.features().get("amount");
        assertThat(amount.declared()).isTrue();
        assertThat(amount.values()).isEqualTo(3);
        assertThat(amount.wrongType()).isEqualTo(1);
        var zip = r.features().get("zip");
        assertThat(zip.kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(zip.missing()).isEqualTo(1);
        assertThat(zip.reference().counts()).containsExactly(2, 1, 0);
    }

    @Test
    void aHighCardinalityColumnKeepsItsTopCategoriesExactlyAndCountsTheRestAsOther() {
        StringBuilder csv = new StringBuilder("user\n");
        long others = 0;
        for (int i = 0; i < 50_000; i++) {
            // three heavy hitters, spread over the file, and 40,000 values seen once
            String v = i % 5 == 0 ? "a" : i % 5 == 1 ? "b" : i % 25 == 2 ? "c" : "u" + i;
            csv.append(v).append('\n');
            if (v.startsWith("u")) {
                others++;
            }
        }
        var r = build(csv.toString(), TrainingReferences.Format.CSV, all(), 3);

        var user = r.features().get("user");
        assertThat(((CategoricalBins) user.reference().bins()).categories()).containsExactly("a", "b", "c");
        assertThat(user.reference().counts()).containsExactly(10_000, 10_000, 2_000, others);
        assertThat(user.other()).isEqualTo(others);
    }

    @Test
    void jsonLinesFeaturesAreTheMembersOfThePatternsObject() {
        String jsonl =
                """
                {"model":"m","features":{"x":1.5,"plan":"pro"}}
                {"model":"m","features":{"x":2.5,"plan":"free","added":"y"}}
                not json
                {"model":"m","features":{"x":3.5,"plan":null}}
                {"model":"m"}
                """;
        var r = build(jsonl, TrainingReferences.Format.JSON_LINES, all(), 50);

        assertThat(r.rows()).isEqualTo(5);
        assertThat(r.rejected()).containsEntry("not JSON", 1L).containsEntry("no /features object", 1L);
        assertThat(r.examples()).containsEntry("not JSON", "line 3 is not JSON");
        assertThat(r.features().get("x").kind()).isEqualTo(Kind.NUMERIC);
        assertThat(r.features().get("plan").missing()).isEqualTo(1);
        assertThat(r.features().get("added").missing())
                .as("absent from the other accepted rows")
                .isEqualTo(2);
        assertThat(r.features().get("added").values()).isEqualTo(1);
    }

    @Test
    void includeAndExcludeListTheOthersAsIgnored() {
        var pattern = new FieldPattern("features", "/features", Set.of(), Set.of("id"), Map.of(), 4);
        var r = build("id,x\n1,a\n2,b\n", TrainingReferences.Format.CSV, pattern, 50);

        assertThat(r.features()).containsOnlyKeys("x");
        assertThat(r.ignored()).containsEntry("id", "in exclude");
    }

    @Test
    void rowsThatCannotBeReadAreRejectedAndTheRestIsKept() {
        var r = build("x,y\n1,2\n3\n4,5\n", TrainingReferences.Format.CSV, all(), 50);

        assertThat(r.rejected()).containsEntry("wrong number of fields", 1L);
        assertThat(r.examples().get("wrong number of fields")).isEqualTo("line 3 has 1 fields but the header has 2");
        assertThat(r.features().get("x").values()).isEqualTo(2);
        assertThat(Arrays.stream(r.features().get("x").reference().counts()).sum())
                .isEqualTo(2);
    }

    @Test
    void aFileWithoutRowsOrFeaturesIsRefusedWithWhy() {
        assertThatThrownBy(() -> build("", TrainingReferences.Format.CSV, all(), 50))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> build("x\n", TrainingReferences.Format.CSV, all(), 50))
                .hasMessageContaining("no data rows");
        assertThatThrownBy(() -> TrainingReferences.format("model.parquet"))
                .hasMessageContaining("not a training file's form");
    }

    @Test
    void numericFeaturesAreCutWhereNumpysInvertedCdfCutsJustAboveEachQuantile() throws Exception {
        JsonNode golden = new ObjectMapper()
                .readTree(Files.readAllBytes(Path.of("src/test/resources/golden/quantile_bins.json")));
        int checked = 0;
        for (JsonNode c : golden.get("cases")) {
            StringBuilder csv = new StringBuilder("x\n");
            c.get("samples").forEach(v -> csv.append(v.asDouble()).append('\n'));
            for (var bins : (Iterable<Map.Entry<String, JsonNode>>) c.get("cuts")::fields) {
                var spec = new TrainingReferences.Spec(
                        "/features",
                        n -> java.util.Optional.empty(),
                        Map.of("x", Kind.NUMERIC),
                        Integer.parseInt(bins.getKey()),
                        50,
                        ReferenceLimits.DEFAULT);
                var r = TrainingReferences.build(
                        new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                        TrainingReferences.Format.CSV,
                        spec,
                        tmp);
                double[] edges =
                        ((NumericBins) r.features().get("x").reference().bins()).edges();
                double[] expected = new double[bins.getValue().size() + 2];
                expected[0] = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < bins.getValue().size(); i++) {
                    expected[i + 1] = bins.getValue().get(i).asDouble();
                }
                expected[expected.length - 1] = Double.POSITIVE_INFINITY;
                assertThat(edges)
                        .as(c.get("case").asText() + ", " + bins.getKey() + " bins")
                        .containsExactly(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(20);
    }

    @Test
    void aCellIsANumberExactlyWhenThePlainDecimalPatternMatchesIt() {
        java.util.regex.Pattern plain = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
        Random random = new Random(3);
        String alphabet = "0123456789+-.eE x\t";
        for (int k = 0; k < 200_000; k++) {
            StringBuilder cell = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String c = cell.toString();
            assertThat(CsvSamples.isNumber(c))
                    .as("\"" + c + "\"")
                    .isEqualTo(plain.matcher(c.strip()).matches());
        }
    }
}

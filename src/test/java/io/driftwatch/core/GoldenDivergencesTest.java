package io.driftwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.divergence.DivergenceReport;
import io.driftwatch.core.divergence.Divergences;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.core.significance.GTest;
import io.driftwatch.core.significance.GTests;
import io.driftwatch.core.significance.NoiseFloor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statistic against values computed independently with scipy and checked with 50-digit arithmetic
 * ({@code src/test/resources/golden/*.csv}; the column definitions are in each file's header). Tolerance
 * {@code 1e-12 * max(1, |golden|)}.
 */
class GoldenDivergencesTest {

    static Stream<GoldenCase> cases() throws IOException {
        return Stream.of("golden/divergences_public.csv").flatMap(GoldenDivergencesTest::read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rawDivergencesMatchGolden(GoldenCase c) {
        double[] p = Smoothing.additive(c.p, 0);
        double[] q = Smoothing.additive(c.q, 0);
        DivergenceReport r = DivergenceReport.between(p, q);
        c.check("kl", r.klForward());
        c.check("kl_rev", r.klReverse());
        c.check("h_p", r.entropyLive());
        c.check("ce_pq", r.crossEntropy());
        c.check("js_div_nat", r.jsNats());
        c.check("js_div_bits", r.jsBits());
        c.check("js_dist_nat", Math.sqrt(r.jsNats()));
        c.check("js_dist_bits", Math.sqrt(r.jsBits()));
        c.check("psi", r.psi());
        c.check("hellinger", r.hellinger());
        c.check("tv", r.totalVariation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void smoothedDivergencesMatchGolden(GoldenCase c) {
        double[] p = Smoothing.additive(c.p, 0.5);
        double[] q = Smoothing.additive(c.q, 0.5);
        DivergenceReport r = DivergenceReport.between(p, q);
        c.check("sm_kl", r.klForward());
        c.check("sm_kl_rev", r.klReverse());
        c.check("sm_h_p", r.entropyLive());
        c.check("sm_ce_pq", r.crossEntropy());
        c.check("sm_js_div_nat", r.jsNats());
        c.check("sm_js_div_bits", r.jsBits());
        c.check("sm_js_dist_nat", Math.sqrt(r.jsNats()));
        c.check("sm_js_dist_bits", Math.sqrt(r.jsBits()));
        c.check("sm_psi", r.psi());
        c.check("sm_hellinger", r.hellinger());
        c.check("sm_tv", r.totalVariation());
        c.check(
                "sm_kl_bias_corrected",
                NoiseFloor.biasCorrectedKl(r.klForward(), c.k(), c.n(c.p), Double.POSITIVE_INFINITY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoSampleGTestWithoutCorrectionMatchesGolden(GoldenCase c) {
        GTest g = GTests.twoSample(c.p, c.q, false);
        c.check("g2_stat", g.statistic());
        c.check("g2_df", g.df());
        c.check("g2_pvalue", g.pValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void klEqualsCrossEntropyMinusEntropyOnGoldenCases(GoldenCase c) {
        double[] p = Smoothing.additive(c.p, 0.5);
        double[] q = Smoothing.additive(c.q, 0.5);
        assertThat(Divergences.kl(p, q))
                .isCloseTo(
                        Divergences.crossEntropy(p, q) - Divergences.entropy(p),
                        org.assertj.core.api.Assertions.within(1e-12));
    }

    /** One row of a golden file. */
    record GoldenCase(String id, long[] p, long[] q, Map<String, String> values) {

        int k() {
            return p.length;
        }

        long n(long[] counts) {
            return Arrays.stream(counts).sum();
        }

        void check(String column, double actual) {
            String raw = values.get(column);
            assertThat(raw).as("column %s exists", column).isNotNull();
            double golden = raw.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(raw);
            if (Double.isInfinite(golden)) {
                assertThat(actual).as("%s of %s", column, id).isEqualTo(golden);
                return;
            }
            double tolerance = 1e-12 * Math.max(1, Math.abs(golden));
            assertThat(Math.abs(actual - golden))
                    .as("%s of %s: got %s, golden %s", column, id, actual, golden)
                    .isLessThanOrEqualTo(tolerance);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** The cases of a golden CSV resource: '#' comments, a header row, counts in p_counts / q_counts. */
    static Stream<GoldenCase> read(String resource) {
        try (InputStream in = GoldenDivergencesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("resource %s", resource).isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            String[] header = lines.get(0).split(",");
            List<GoldenCase> cases = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                assertThat(cells).as("row %s", line).hasSameSizeAs(header);
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    values.put(header[i], cells[i]);
                }
                cases.add(new GoldenCase(
                        values.get("case_id"), counts(values.get("p_counts")), counts(values.get("q_counts")), values));
            }
            assertThat(cases).isNotEmpty();
            return cases.stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long[] counts(String cell) {
        return Arrays.stream(cell.split(";")).mapToLong(Long::parseLong).toArray();
    }
}

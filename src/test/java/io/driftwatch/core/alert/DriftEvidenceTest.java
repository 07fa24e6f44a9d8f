package io.driftwatch.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.divergence.DivergenceReport;
import io.driftwatch.core.significance.ChiSquared;
import io.driftwatch.core.significance.GTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the "evidence" rows of {@code golden/ncx2.csv} (scipy; tools/stats/make_golden_ncx2.py). */
class DriftEvidenceTest {

    static DriftReport report(double g, int df, long n, long m) {
        DivergenceReport d = new DivergenceReport(0.1, 0.1, 0.02, 0.2, 0.1, 0.1, 2.0, 2.1);
        return new DriftReport(
                true, n, m, df + 1, 0, 10_000, d, new GTest(g, df, ChiSquared.survival(g, df), 1.0), 0, 0);
    }

    private static List<String[]> rows(String kind) throws IOException {
        try (InputStream in = DriftEvidenceTest.class.getResourceAsStream("/golden/ncx2.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.startsWith(kind + ","))
                    .map(l -> l.split(","))
                    .toList();
        }
    }

    @Test
    void lowerBoundAndEstimateMatchScipy() throws IOException {
        List<String[]> rows = rows("evidence");
        assertThat(rows).hasSize(5);
        for (String[] r : rows) {
            DriftReport report = report(
                    Double.parseDouble(r[1]), Integer.parseInt(r[2]), Long.parseLong(r[3]), Long.parseLong(r[4]));
            double alpha = Double.parseDouble(r[6]);
            assertThat(DriftEvidence.lowerBound(report, alpha))
                    .as("lower bound")
                    .isCloseTo(Double.parseDouble(r[8]), within(1e-9));
            assertThat(DriftEvidence.estimate(report)).isCloseTo(Double.parseDouble(r[9]), within(1e-12));
        }
    }

    @Test
    void whichSpansAreTestedMatchesScipy() throws IOException {
        List<String[]> rows = rows("couldshow");
        assertThat(rows).hasSize(8);
        for (String[] r : rows) {
            int df = Integer.parseInt(r[1]);
            DriftReport span = report(df, df, Long.parseLong(r[2]), Long.parseLong(r[3]));
            assertThat(DriftEvidence.couldShow(span, Double.parseDouble(r[4]), Double.parseDouble(r[5])))
                    .as(String.join(",", r))
                    .isEqualTo(r[6].equals("1"));
        }
    }

    @Test
    void theBudgetRulesDriftMatchesScipy() throws IOException {
        List<String[]> rows = rows("drift");
        assertThat(rows).hasSize(10);
        for (String[] r : rows) {
            List<DriftReport> scales = java.util.Arrays.stream(r[4].split("\\|"))
                    .map(x -> x.split(":"))
                    .map(x -> report(
                            Double.parseDouble(x[0]),
                            Integer.parseInt(x[1]),
                            Long.parseLong(x[2]),
                            Long.parseLong(x[3])))
                    .toList();
            assertThat(significantDrift(scales, Double.parseDouble(r[1]), Double.parseDouble(r[2])))
                    .as(String.join(",", r))
                    .isCloseTo(Double.parseDouble(r[3]), within(1e-12));
        }
    }

    @Test
    void theEstimateIsAboutTheDriftSizeNotTheSampleSize() {
        // the same observed drift (estimate 0.03 nats): "at least 0.05" at no sample size
        for (long n : new long[] {300, 3_000, 30_000, 300_000}) {
            double nEff = DriftEvidence.effectiveSize(n, 1_000_000);
            DriftReport r = report(19 + 2 * nEff * 0.03, 19, n, 1_000_000);
            assertThat(DriftEvidence.estimate(r)).isCloseTo(0.03, within(1e-12));
            assertThat(DriftEvidence.lowerBound(r, 1e-5)).isLessThan(0.05);
        }
        assertThat(significantDrift(List.of(DriftReport.insufficient(3, 10, 0, 1)), 0.01, 0.05))
                .isNaN();
        assertThat(DriftEvidence.effectiveSize(1_000, 1_000)).isEqualTo(500);
        assertThat(DriftEvidence.referenceTooSmall(report(1, 1, 1_001, 1_000), 1.0))
                .isTrue();
        assertThat(DriftEvidence.referenceTooSmall(report(1, 1, 1_000, 1_000), 1.0))
                .isFalse();
        assertThat(DriftEvidence.lowerBound(DriftReport.insufficient(3, 10, 0, 1), 0.01))
                .isNaN();
    }

    @Test
    void anAssessmentFiresOnTheLargestSignificantSpanStaysOnTheLargestAndBoundsFromBelowOnTheSameSpan() {
        long m = 100_000;
        double level = 1e-5;
        java.util.function.BiFunction<Double, Long, DriftReport> at =
                (drift, n) -> report(19 + 2 * effectiveSize(n, m) * drift, 19, n, m);
        // whole window 0.01 on 300,000 events (significant), newest tenth 0.2 on 30,000 (significant), newest third
        // 0.05 on 600 events (tested, not significant)
        DriftEvidence.Assessment a = DriftEvidence.assess(
                List.of(at.apply(0.01, 300_000L), at.apply(0.2, 30_000L), at.apply(0.05, 600L)), level, 0.05);
        assertThat(a.tests()).hasSize(3);
        assertThat(a.window().whole()).isTrue();
        assertThat(a.significant().scale()).as("fires on the newest tenth").isEqualTo(1);
        assertThat(a.drift()).isCloseTo(0.2, within(1e-12));
        assertThat(a.lowerBound())
                .as("the bound of that same span, below its estimate")
                .isEqualTo(a.significant().lowerBound())
                .isLessThan(0.2)
                .isGreaterThan(0.01);
        // nothing significant: fires on nothing (0, bound 0) but the largest estimate still keeps a firing alert
        DriftEvidence.Assessment quiet =
                DriftEvidence.assess(List.of(at.apply(0.0001, 3_000L), at.apply(0.03, 300L)), level, 0.05);
        assertThat(quiet.significant()).isNull();
        assertThat(quiet.drift()).isZero();
        assertThat(quiet.lowerBound()).isZero();
        assertThat(quiet.largest().estimate())
                .isCloseTo(
                        quiet.tests().stream()
                                .mapToDouble(DriftEvidence.Reading::estimate)
                                .max()
                                .orElseThrow(),
                        within(0.0));
    }

    private static double effectiveSize(long n, long m) {
        return DriftEvidence.effectiveSize(n, m);
    }

    /** {@link DriftEvidence.Assessment#drift} of {@link DriftEvidence#assess}; NaN when the window has no data. */
    private static double significantDrift(List<DriftReport> scales, double level, double tau) {
        DriftEvidence.Assessment a = DriftEvidence.assess(scales, level, tau);
        return a == null ? Double.NaN : a.drift();
    }
}

package io.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.Statistic;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.monitor.AlertStates;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.testing.SeriesEvents;
import io.driftwatch.testing.TestMonitors;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Per-series metrics written at scrape time: every statistic of every series, bin shares within their budget. */
class SeriesCollectorTest {

    private static final long T0 = 1_700_000_000_000L;
    private final MonitorRegistry registry = new MonitorRegistry(
            List.of(TestMonitors.label(
                    Reference.of(CategoricalBins.of(List.of("a", "b")), new long[] {50, 50, 0}), Map.of())),
            100,
            InstantSource.fixed(Instant.ofEpochMilli(T0)),
            Duration.ofMinutes(30),
            Duration.ofSeconds(1));

    private static Map<String, MetricFamilySamples> byName(List<MetricFamilySamples> families) {
        return families.stream().collect(Collectors.toMap(f -> f.name, f -> f));
    }

    @Test
    void everySeriesHasEveryStatisticAndOnlyTheFirstSeriesWithinTheBudgetHasBinShares() {
        SeriesCollector collector = new SeriesCollector(registry, AlertStates.NONE, 1, 0, 1.0);
        var monitor = registry.monitor("label").orElseThrow();
        for (String model : List.of("first", "second")) {
            var s = registry.seriesFor(monitor, model);
            for (int i = 0; i < 10; i++) {
                SeriesEvents.addLabel(s, T0, i % 3 == 0 ? "b" : "a", T0);
            }
        }
        SeriesEvents.addLabel(registry.seriesFor(monitor, "second"), T0 + 120_000, "a", T0); // held: 2 minutes ahead

        Map<String, MetricFamilySamples> families = byName(collector.collect());
        for (Statistic st : Statistic.published()) {
            MetricFamilySamples f =
                    families.get(SeriesFamilies.promName(st.metricName().orElseThrow()));
            assertThat(f.help).isEqualTo(st.description());
            assertThat(f.samples).extracting(x -> x.labelValues.get(0)).containsExactlyInAnyOrder("first", "second");
            assertThat(f.samples.get(0).labelNames).containsExactly("model", "monitor", "reference");
        }
        MetricFamilySamples kl = families.get("drift_kl_divergence");
        assertThat(kl.samples.get(0).value)
                .isEqualTo(Statistic.KL.of(registry.seriesFor(
                                monitor, kl.samples.get(0).labelValues.get(0))
                        .report()));
        assertThat(families.get("drift_window_samples").samples)
                .extracting(x -> x.value)
                .containsOnly(10.0);
        assertThat(families.get("drift_bin_share").samples)
                .as("3 bins x live/reference, for the one series in the budget")
                .hasSize(6)
                .extracting(x -> x.labelValues.get(1))
                .containsOnly("first");
        assertThat(families.get("drift_early_events").samples)
                .filteredOn(x -> x.labelValues.equals(List.of("second", "label", "held")))
                .extracting(x -> x.value)
                .containsExactly(1.0);
        assertThat(families.get("drift_late_events").type).isEqualTo(io.prometheus.client.Collector.Type.COUNTER);

        // the drift the windows show with the rule's confidence, and whether their reference is too small
        var first = registry.seriesFor(monitor, "first");
        double level = registry.alertLevel(monitor.definition());
        var assessment = io.driftwatch.core.alert.DriftEvidence.assess(
                first.scales(), level, first.monitor().alertRule().smallestEffect());
        assertThat(families.get("drift_kl_lower_bound").samples)
                .filteredOn(x -> x.labelValues.get(0).equals("first"))
                .extracting(x -> x.value)
                .containsExactly(assessment.lowerBound());
        assertThat(families.get("drift_kl_significant").samples)
                .filteredOn(x -> x.labelValues.get(0).equals("first"))
                .extracting(x -> x.value)
                .containsExactly(assessment.drift());
        var decided = assessment.significant();
        assertThat(families.get("drift_kl_significant_span_seconds").samples)
                .filteredOn(x -> x.labelValues.get(0).equals("first"))
                .extracting(x -> x.value)
                .containsExactly(decided == null ? 0.0 : decided.spanMillis() / 1000.0);
        assertThat(families.get("drift_reference_too_small").samples)
                .extracting(x -> x.value)
                .as("10 events against a reference of " + first.report().referenceSamples())
                .containsOnly(first.report().liveSamples() > first.report().referenceSamples() ? 1.0 : 0.0);
        assertThat(families.get("drift_alert_level").samples)
                .filteredOn(x -> x.labelValues.equals(List.of("label")))
                .extracting(x -> x.value)
                .containsExactly(level);
    }

    @Test
    void withoutABudgetNoBinSharesArePublished() {
        SeriesCollector collector = new SeriesCollector(registry, AlertStates.NONE, 0, 0, 1.0);
        SeriesEvents.addLabel(registry.seriesFor(registry.monitor("label").orElseThrow(), "m"), T0, "a", T0);
        assertThat(byName(collector.collect())).doesNotContainKey("drift_bin_share");
    }

    @Test
    void alertStatesAreWrittenAtScrapeTimeForEverySeries() {
        AlertStates firstFiring = new AlertStates() {
            @Override
            public io.driftwatch.core.alert.AlertState state(
                    io.driftwatch.monitor.Series series, io.driftwatch.core.alert.Severity severity) {
                return series.model().equals("first") && severity == io.driftwatch.core.alert.Severity.WARNING
                        ? io.driftwatch.core.alert.AlertState.FIRING
                        : io.driftwatch.core.alert.AlertState.OK;
            }

            @Override
            public boolean noData(io.driftwatch.monitor.Series series) {
                return series.model().equals("second");
            }
        };
        SeriesCollector collector = new SeriesCollector(registry, firstFiring, 0, 0, 1.0);
        var monitor = registry.monitor("label").orElseThrow();
        SeriesEvents.addLabel(registry.seriesFor(monitor, "first"), T0, "a", T0);
        SeriesEvents.addLabel(registry.seriesFor(monitor, "second"), T0, "a", T0);
        Map<String, MetricFamilySamples> families = byName(collector.collect());
        assertThat(families.get("drift_alert_state").samples)
                .hasSize(4)
                .filteredOn(x -> x.value == 2.0)
                .singleElement()
                .satisfies(x -> assertThat(x.labelValues).containsExactly("first", "label", "warning"));
        assertThat(families.get("drift_alert_state").samples.get(0).labelNames)
                .containsExactly("model", "monitor", "severity");
        assertThat(families.get("drift_alert_no_data").samples)
                .filteredOn(x -> x.value == 1.0)
                .singleElement()
                .satisfies(x -> assertThat(x.labelValues).containsExactly("second", "label"));
    }

    @Test
    void eachModelSaysHowManyOfItsSeriesAreHereAndHowManyHaveAnAlertFiring() {
        AlertStates drifting = new AlertStates() {
            @Override
            public io.driftwatch.core.alert.AlertState state(
                    io.driftwatch.monitor.Series series, io.driftwatch.core.alert.Severity severity) {
                boolean fires = series.model().equals("fraud")
                        && (series.monitor().name().equals("label")
                                ? severity.label().equals("critical")
                                : true);
                return fires ? io.driftwatch.core.alert.AlertState.FIRING : io.driftwatch.core.alert.AlertState.PENDING;
            }

            @Override
            public boolean noData(io.driftwatch.monitor.Series series) {
                return false;
            }
        };
        MonitorRegistry two = new MonitorRegistry(
                List.of(
                        TestMonitors.label(
                                Reference.of(CategoricalBins.of(List.of("a", "b")), new long[] {50, 50, 0}), Map.of()),
                        TestMonitors.monitor(
                                "label2",
                                "/l2",
                                Reference.of(CategoricalBins.of(List.of("a", "b")), new long[] {50, 50, 0}))),
                100,
                InstantSource.fixed(Instant.ofEpochMilli(T0)),
                Duration.ofMinutes(30),
                Duration.ofSeconds(1));
        for (var m : two.monitors()) {
            for (String model : List.of("fraud", "churn")) {
                SeriesEvents.addLabel(two.seriesFor(m, model), T0, "a", T0);
            }
        }
        Map<String, MetricFamilySamples> families = byName(new SeriesCollector(two, drifting, 0, 0, 1.0).collect());
        assertThat(families.get("drift_model_monitors").samples)
                .extracting(x -> x.labelValues.get(0) + "=" + x.value)
                .containsExactly("churn=2.0", "fraud=2.0");
        assertThat(families.get("drift_model_drifting_monitors").samples)
                .extracting(x -> x.labelValues.get(0) + "=" + x.value)
                .as("a series counts once whatever severities fire; pending is not drifting")
                .containsExactly("churn=0.0", "fraud=2.0");
        assertThat(families.get("drift_model_drifting_monitors").samples.get(0).labelNames)
                .containsExactly("model");
    }

    @Test
    void eachSeriesPublishesAtMostKOfItsBinsContributionsLargestFirstAndAllOfThemSumToItsKl() {
        var monitor = registry.monitor("label").orElseThrow();
        for (String model : List.of("first", "second")) {
            var s = registry.seriesFor(monitor, model);
            for (int i = 0; i < 9; i++) {
                SeriesEvents.addLabel(s, T0, i % 3 == 0 ? "b" : i % 3 == 1 ? "a" : "new", T0);
            }
        }
        SeriesEvents.addLabel(registry.seriesFor(monitor, "thin"), T0, "a", T0); // below min-samples: no KL
        Map<String, MetricFamilySamples> two =
                byName(new SeriesCollector(registry, AlertStates.NONE, 0, 2, 1.0).collect());
        assertThat(two.get("drift_kl_contribution").samples).hasSize(4);
        assertThat(two.get("drift_kl_contribution").samples.get(0).labelNames)
                .containsExactly("bin", "model", "monitor", "reference");
        assertThat(two.get("drift_kl_contribution").samples.stream()
                        .filter(x -> x.labelValues.get(1).equals("first"))
                        .map(x -> x.labelValues.get(0)))
                .as("(unseen) holds a third of the window and none of the reference: it leads; a and b tie, bin order")
                .containsExactly("(unseen)", "a");

        Map<String, MetricFamilySamples> all =
                byName(new SeriesCollector(registry, AlertStates.NONE, 0, 3, 1.0).collect());
        double kl = all.get("drift_kl_divergence").samples.stream()
                .filter(x -> x.labelValues.get(0).equals("first"))
                .findFirst()
                .orElseThrow()
                .value;
        double sum = all.get("drift_kl_contribution").samples.stream()
                .filter(x -> x.labelValues.get(1).equals("first"))
                .mapToDouble(x -> x.value)
                .sum();
        assertThat(sum).isCloseTo(kl, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(byName(new SeriesCollector(registry, AlertStates.NONE, 0, 0, 1.0).collect()))
                .doesNotContainKey("drift_kl_contribution");
        assertThat(all.get("drift_window_outside_reference_share").samples)
                .extracting(x -> x.labelValues.get(0) + "=" + x.value)
                .as("the share of categories the reference never saw")
                .containsExactlyInAnyOrder("first=" + 3.0 / 9, "second=" + 3.0 / 9, "thin=0.0");
    }

    @Test
    void theStreamedTextIsWhatThePrometheusClientWritesForTheSameFamilies() throws Exception {
        SeriesCollector collector = new SeriesCollector(registry, AlertStates.NONE, 1, 2, 1.0);
        var monitor = registry.monitor("label").orElseThrow();
        for (String model : List.of("first", "second", "third")) {
            var s = registry.seriesFor(monitor, model);
            for (int i = 0; i < 7; i++) {
                SeriesEvents.addLabel(s, T0, i % 3 == 0 ? "b" : "a", T0);
            }
        }
        SeriesEvents.addLabel(registry.seriesFor(monitor, "third"), T0 + 120_000, "a", T0);
        for (boolean openMetrics : new boolean[] {false, true}) {
            java.io.StringWriter expected = new java.io.StringWriter();
            var families = java.util.Collections.enumeration(collector.collect());
            if (openMetrics) {
                io.prometheus.client.exporter.common.TextFormat.writeOpenMetrics100(expected, families);
            } else {
                io.prometheus.client.exporter.common.TextFormat.write004(expected, families);
            }
            String reference = expected.toString();
            if (openMetrics) {
                assertThat(reference).endsWith("# EOF\n");
                reference = reference.substring(0, reference.length() - "# EOF\n".length());
            }
            java.io.StringWriter streamed = new java.io.StringWriter();
            collector.write(streamed, openMetrics);
            assertThat(streamed.toString())
                    .as(openMetrics ? "OpenMetrics" : "0.0.4")
                    .isEqualTo(reference);
        }
    }

    @Test
    void openMetricsUnlessTheScraperAsksForText() {
        assertThat(MetricsEndpoint.openMetrics(null)).isTrue();
        assertThat(MetricsEndpoint.openMetrics("*/*")).isTrue();
        assertThat(MetricsEndpoint.openMetrics(
                        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"))
                .isFalse();
        assertThat(MetricsEndpoint.openMetrics("text/html")).isFalse();
    }
}

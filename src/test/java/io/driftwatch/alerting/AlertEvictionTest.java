package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TestMonitors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A series that goes silent: once a whole window is empty its firing alert is resolved with reason {@code no-data};
 * an evicted series takes its alert state and meters with it, and a firing alert is sent as resolved.
 */
class AlertEvictionTest {

    private static final long T0 = 1_700_000_000_000L;
    private final long[] now = {T0};
    private final Monitor label =
            TestMonitors.label(Reference.of(CategoricalBins.of(List.of("a", "b")), new long[] {500, 500, 0}), Map.of());
    private final MonitorRegistry registry = new MonitorRegistry(
            List.of(label),
            10,
            () -> Instant.ofEpochMilli(now[0]),
            Duration.ofHours(2),
            Duration.ofSeconds(1),
            Duration.ofHours(1));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private AlertEvaluator evaluator() {
        return evaluator(registry);
    }

    private AlertEvaluator evaluator(MonitorRegistry registry) {
        DriftwatchConfig config = TestConfig.driftwatch(Map.of("driftwatch.alerts.kafka.enabled", "false"));
        return new AlertEvaluator(
                config,
                registry,
                () -> false,
                AlertStore.inMemory(),
                meters,
                () -> Instant.ofEpochMilli(now[0]),
                new ObjectMapper(),
                "127.0.0.1:1");
    }

    /** Every event "a": far from the 50/50 reference, pane after pane, until warning and critical fire. */
    private void drift(AlertEvaluator alerts, Series s) {
        for (int pane = 0; pane < 3; pane++) {
            for (int i = 0; i < 200; i++) {
                s.addLabel(now[0], "a", now[0]);
            }
            alerts.evaluate(s);
            now[0] += 10_000;
        }
        assertThat(alerts.active("label")).hasSize(2);
    }

    @Test
    void aSeriesSilentForAWholeWindowHasItsFiringAlertResolvedWithReasonNoData() {
        MonitorRegistry idling = new MonitorRegistry(
                List.of(label),
                10,
                () -> Instant.ofEpochMilli(now[0]),
                Duration.ofSeconds(20), // idle timeout: the window end then follows the clock
                Duration.ofSeconds(1),
                Duration.ofHours(1));
        AlertEvaluator alerts = evaluator(idling);
        Series s = idling.seriesFor(label, "fraud");
        drift(alerts, s);
        List<String> ids =
                alerts.active("label").stream().map(AlertMessage::alertId).toList();

        int pane = 0;
        while (!alerts.active("label").isEmpty()) {
            assertThat(pane++)
                    .as("resolved within idle timeout + window + one pane")
                    .isLessThan(2 + 6 + 1);
            now[0] += 10_000;
            alerts.evaluate(s);
            if (!alerts.active("label").isEmpty()) {
                assertThat(s.report().liveSamples())
                        .as("still firing only while the window holds events")
                        .isPositive();
            }
        }
        assertThat(s.report().liveSamples()).isZero();
        assertThat(alerts.recent("label")).hasSize(2).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo("resolved");
            assertThat(m.reason()).isEqualTo(AlertMessage.NO_DATA);
            assertThat(m.alertId()).isIn(ids);
            assertThat(m.endsAt()).isEqualTo(Instant.ofEpochMilli(now[0]).toString());
            assertThat(Double.isFinite(m.value()))
                    .as("the evidence it last fired on")
                    .isTrue();
        });
        assertThat(alerts.noData(s)).as("drift_alert_no_data").isTrue();
    }

    @Test
    void aFiringAlertOfAnEvictedSeriesIsResolvedAndItsMetersAreGone() {
        AlertEvaluator alerts = evaluator();
        Series s = registry.seriesFor(label, "fraud");
        drift(alerts, s);
        assertThat(alerts.tracks(s)).isTrue();
        assertThat(alerts.state(s, io.driftwatch.core.alert.Severity.WARNING))
                .isEqualTo(io.driftwatch.core.alert.AlertState.FIRING);
        assertThat(meters.find("drift.alerts")
                        .tag("transition", "firing")
                        .counter()
                        .getId()
                        .getDescription())
                .as("drift_alerts has a HELP text")
                .isNotBlank();

        now[0] += Duration.ofMinutes(61).toMillis();
        assertThat(registry.evictIdleSeries()).isEqualTo(1);
        assertThat(alerts.active("label")).isEmpty();
        assertThat(alerts.recent("label")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.status()).isEqualTo("resolved");
            assertThat(m.reason()).isEqualTo(AlertMessage.EVICTED);
            assertThat(m.endsAt()).isEqualTo(Instant.ofEpochMilli(now[0]).toString());
        });
        assertThat(alerts.tracks(s)).as("its alert state is gone").isFalse();
        assertThat(meters.find("drift.alerts").tag("model", "fraud").meters()).isEmpty();
        alerts.evaluate(s); // a reader still holding the evicted series brings nothing back
        assertThat(alerts.tracks(s)).isFalse();
    }
}

package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.Topics;
import io.driftwatch.metrics.AlertMetrics;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.testing.SeriesEvents;
import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TestMonitors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on a clock the test moves: a batch that arrives at once fires on the clock when its {@code for} has
 * passed, while events flow {@code for} counts panes (not evaluator ticks); a series that goes silent has its firing
 * alert resolved with reason {@code no-data} once a whole window is empty; an evicted series takes its alert state and
 * meters with it, and a firing alert is sent as resolved.
 */
class AlertEvaluatorTest {

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

    private AlertBook book;

    private AlertEvaluator evaluator(MonitorRegistry registry) {
        DriftwatchConfig config = TestConfig.driftwatch(Map.of("driftwatch.alerts.kafka.enabled", "false"));
        InstantSource clock = () -> Instant.ofEpochMilli(now[0]);
        book = new AlertBook(config);
        AlertSinks sinks = new AlertSinks(
                config,
                book,
                null, // no Kafka sink in this test
                new KafkaProblems(clock),
                new Topics("predictions", "driftwatch", config),
                clock,
                new ObjectMapper());
        AlertEvaluator evaluator = new AlertEvaluator(
                config, registry, AlertStore.inMemory(), book, sinks, clock, new io.driftwatch.ingest.UnseenValues(10));
        new AlertMetrics(meters, evaluator, sinks, registry);
        return evaluator;
    }

    /** Every event "a": far from the 50/50 reference, pane after pane, until warning and critical fire. */
    private void drift(AlertEvaluator alerts, Series s) {
        for (int pane = 0; pane < 3; pane++) {
            for (int i = 0; i < 200; i++) {
                SeriesEvents.addLabel(s, now[0], "a", now[0]);
            }
            alerts.evaluate(s);
            now[0] += 10_000;
        }
        assertThat(book.active("label")).hasSize(2);
    }

    @Test
    void aBatchThatArrivesAtOnceFiresOnTheClockWithoutWaitingForMoreEvents() {
        AlertEvaluator alerts = evaluator();
        Series s = registry.seriesFor(label, "fraud");
        long start = now[0];
        for (int i = 0; i < 600; i++) {
            SeriesEvents.addLabel(s, start, "a", start);
        }
        List<String> states = new java.util.ArrayList<>();
        alerts.onTransition((series, t) -> states.add(t.severity().label() + " " + t.to()));
        alerts.evaluate(s);
        assertThat(states).containsExactly("warning PENDING", "critical PENDING");
        long firedAt = -1;
        for (int second = 1; second <= 60 && firedAt < 0; second++) { // the evaluator's tick; no event arrives
            now[0] = start + second * 1_000L;
            alerts.evaluate(s);
            if (book.active("label").size() == 2) {
                firedAt = now[0] - start;
            }
        }
        assertThat(firedAt)
                .as("fired on the clock a pane and a half after the pending evaluation (for = 2 panes of 10 s)")
                .isEqualTo(AlertEvaluator.clockPeriod(10_000));
        assertThat(states).containsExactly("warning PENDING", "critical PENDING", "warning FIRING", "critical FIRING");
        assertThat(book.active("label"))
                .allSatisfy(m -> assertThat(m.summary()).contains("drift").contains("whole window"));
    }

    @Test
    void whileEventsFlowForCountsPanesNotEvaluatorTicks() {
        AlertEvaluator alerts = evaluator();
        Series s = registry.seriesFor(label, "fraud");
        List<Long> transitions = new java.util.ArrayList<>();
        long start = now[0];
        alerts.onTransition((series, t) -> transitions.add(now[0] - start));
        for (int second = 0; second < 25; second++) { // 20 drifted events a second, evaluated every second
            now[0] = start + second * 1_000L;
            for (int i = 0; i < 20; i++) {
                SeriesEvents.addLabel(s, now[0], "a", now[0]);
            }
            alerts.evaluate(s);
        }
        // pending in the first pane, firing when the window end has moved by one pane (second 10): not at the next
        // tick, though the condition holds at every one
        assertThat(transitions).hasSize(4);
        assertThat(transitions.subList(0, 2)).allSatisfy(t -> assertThat(t).isLessThan(10_000L));
        assertThat(transitions.subList(2, 4)).containsExactly(10_000L, 10_000L);
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
                book.active("label").stream().map(AlertMessage::alertId).toList();

        int pane = 0;
        while (!book.active("label").isEmpty()) {
            assertThat(pane++)
                    .as("resolved within idle timeout + window + one pane")
                    .isLessThan(2 + 6 + 1);
            now[0] += 10_000;
            alerts.evaluate(s);
            if (!book.active("label").isEmpty()) {
                assertThat(s.report().liveSamples())
                        .as("still firing only while the window holds events")
                        .isPositive();
            }
        }
        assertThat(s.report().liveSamples()).isZero();
        assertThat(book.recent("label")).hasSize(2).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo("resolved");
            assertThat(m.reason()).isEqualTo(AlertMessage.NO_DATA);
            assertThat(m.alertId()).isIn(ids);
            assertThat(m.endsAt()).isEqualTo(Instant.ofEpochMilli(now[0]).toString());
            assertThat(Double.isFinite(m.value()))
                    .as("the evidence it last fired on")
                    .isTrue();
        });
        assertThat(book.noData(s)).as("drift_alert_no_data").isTrue();
    }

    @Test
    void aFiringAlertOfAnEvictedSeriesIsResolvedAndItsMetersAreGone() {
        AlertEvaluator alerts = evaluator();
        Series s = registry.seriesFor(label, "fraud");
        drift(alerts, s);
        assertThat(book.tracks(s)).isTrue();
        assertThat(book.state(s, io.driftwatch.core.alert.Severity.WARNING))
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
        assertThat(book.active("label")).isEmpty();
        assertThat(book.recent("label")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.status()).isEqualTo("resolved");
            assertThat(m.reason()).isEqualTo(AlertMessage.EVICTED);
            assertThat(m.endsAt()).isEqualTo(Instant.ofEpochMilli(now[0]).toString());
        });
        assertThat(book.tracks(s)).as("its alert state is gone").isFalse();
        assertThat(meters.find("drift.alerts").tag("model", "fraud").meters()).isEmpty();
        alerts.evaluate(s); // a reader still holding the evicted series brings nothing back
        assertThat(book.tracks(s)).isFalse();
    }
}

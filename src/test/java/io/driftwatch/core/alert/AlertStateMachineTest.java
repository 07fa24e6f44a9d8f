package io.driftwatch.core.alert;

import static io.driftwatch.core.alert.AlertState.FIRING;
import static io.driftwatch.core.alert.AlertState.OK;
import static io.driftwatch.core.alert.AlertState.PENDING;
import static io.driftwatch.core.alert.AlertState.RESOLVED;
import static io.driftwatch.core.alert.Severity.CRITICAL;
import static io.driftwatch.core.alert.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.divergence.DivergenceReport;
import io.driftwatch.core.significance.GTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {

    /** warning at KL 0.1, critical at 0.3, alpha 0.01, 100 samples, for 2 panes, clear below 0.8x, after 2 panes. */
    private static final AlertRule RULE = new AlertRule(Statistic.KL, 0.1, 0.3, 0.01, 100, 2, 0.8, 2);

    private final AlertStateMachine machine = new AlertStateMachine(RULE);
    private long paneEnd = 1_000_000;

    private static final double SIGNIFICANT = 1e-6;

    private DriftReport pane(double kl, double p, long n) {
        paneEnd += 10_000;
        return new DriftReport(
                true,
                n,
                10_000,
                20,
                paneEnd - 300_000,
                paneEnd,
                new DivergenceReport(kl, kl * 1.1, kl / 4, kl * 2.1, 0.1, 0.1, 2.0, 2.0 + kl),
                new GTest(100, 19, p, 1.01),
                0.02,
                kl);
    }

    private List<AlertTransition> feed(double kl, double p) {
        return machine.evaluate(pane(kl, p, 1000), false);
    }

    @Test
    void firesOnlyAfterTheConditionHoldsForTheConfiguredNumberOfPanes() {
        assertThat(feed(0.15, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.severity()).isEqualTo(WARNING);
            assertThat(t.from()).isEqualTo(OK);
            assertThat(t.to()).isEqualTo(PENDING);
        });
        assertThat(machine.state(WARNING)).isEqualTo(PENDING);
        assertThat(feed(0.15, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(FIRING);
            assertThat(t.value()).isEqualTo(0.15);
            assertThat(t.threshold()).isEqualTo(0.1);
            assertThat(t.episodeStartMillis()).isEqualTo(paneEnd);
        });
        assertThat(feed(0.15, SIGNIFICANT)).isEmpty();
        assertThat(machine.state(WARNING)).isEqualTo(FIRING);
        assertThat(machine.state(CRITICAL)).isEqualTo(OK);
    }

    @Test
    void aPendingAlertThatLosesItsConditionGoesBackToOkWithoutFiring() {
        feed(0.15, SIGNIFICANT);
        assertThat(feed(0.05, SIGNIFICANT)).singleElement().satisfies(t -> assertThat(t.to())
                .isEqualTo(OK));
        assertThat(feed(0.15, SIGNIFICANT)).singleElement().satisfies(t -> assertThat(t.to())
                .isEqualTo(PENDING));
    }

    @Test
    void significanceGateKeepsALargeButInsignificantKlFromAlerting() {
        for (int i = 0; i < 10; i++) {
            assertThat(feed(0.9, 0.2)).isEmpty();
        }
        assertThat(machine.state(WARNING)).isEqualTo(OK);
        assertThat(machine.state(CRITICAL)).isEqualTo(OK);
    }

    @Test
    void hysteresisResolvesOnlyBelowTheLowerThresholdForTheConfiguredCleanPanes() {
        feed(0.15, SIGNIFICANT);
        feed(0.15, SIGNIFICANT);
        assertThat(machine.state(WARNING)).isEqualTo(FIRING);
        long episode = paneEnd;
        // 0.09 is below the threshold but above 0.8 x 0.1: still firing
        assertThat(feed(0.09, SIGNIFICANT)).isEmpty();
        assertThat(feed(0.085, SIGNIFICANT)).isEmpty();
        // one clean pane is not enough ...
        assertThat(feed(0.07, SIGNIFICANT)).isEmpty();
        // ... and a relapse resets the count
        assertThat(feed(0.12, SIGNIFICANT)).isEmpty();
        assertThat(feed(0.07, SIGNIFICANT)).isEmpty();
        assertThat(feed(0.07, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(FIRING);
            assertThat(t.to()).isEqualTo(RESOLVED);
            assertThat(t.episodeStartMillis()).as("same episode as the firing").isEqualTo(episode);
        });
        assertThat(machine.state(WARNING)).isEqualTo(OK);
    }

    @Test
    void aRestoredFiringAlertIsNotFiredAgainAndResolvesWithItsOwnEpisode() {
        machine.restoreFiring(WARNING, 424_242);
        assertThat(machine.state(WARNING)).isEqualTo(FIRING);
        assertThat(feed(0.15, SIGNIFICANT))
                .as("the drift goes on: no transition")
                .isEmpty();
        assertThat(feed(0.07, SIGNIFICANT)).isEmpty();
        assertThat(feed(0.07, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(FIRING);
            assertThat(t.to()).isEqualTo(RESOLVED);
            assertThat(t.episodeStartMillis()).as("the episode it had before").isEqualTo(424_242);
        });
        assertThat(machine.state(CRITICAL)).isEqualTo(OK);
    }

    @Test
    void losingSignificanceCountsAsCleanForResolution() {
        feed(0.15, SIGNIFICANT);
        feed(0.15, SIGNIFICANT);
        feed(0.5, 0.3);
        assertThat(feed(0.5, 0.3)).singleElement().satisfies(t -> assertThat(t.to())
                .isEqualTo(RESOLVED));
    }

    @Test
    void severityEscalatesToCriticalAndDeEscalatesBackToWarning() {
        feed(0.15, SIGNIFICANT);
        feed(0.15, SIGNIFICANT);
        assertThat(feed(0.4, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.severity()).isEqualTo(CRITICAL);
            assertThat(t.to()).isEqualTo(PENDING);
        });
        assertThat(feed(0.4, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.severity()).isEqualTo(CRITICAL);
            assertThat(t.to()).isEqualTo(FIRING);
        });
        assertThat(machine.state(WARNING)).isEqualTo(FIRING);
        feed(0.2, SIGNIFICANT);
        assertThat(feed(0.2, SIGNIFICANT)).singleElement().satisfies(t -> {
            assertThat(t.severity()).isEqualTo(CRITICAL);
            assertThat(t.to()).isEqualTo(RESOLVED);
        });
        assertThat(machine.state(WARNING)).as("de-escalated, still warning").isEqualTo(FIRING);
    }

    @Test
    void noDataAndRebuildingWindowsChangeNoStateAndAreVisible() {
        feed(0.15, SIGNIFICANT);
        feed(0.15, SIGNIFICANT);
        assertThat(machine.evaluate(pane(0.0, 1.0, 1000), true))
                .as("rebuilding")
                .isEmpty();
        assertThat(machine.noData()).isTrue();
        assertThat(machine.evaluate(DriftReport.insufficient(3, 10_000, 0, 1), false))
                .isEmpty();
        assertThat(machine.evaluate(pane(0.5, SIGNIFICANT, 50), false))
                .as("below min samples")
                .isEmpty();
        assertThat(machine.noData()).isTrue();
        assertThat(machine.state(WARNING)).isEqualTo(FIRING);
        feed(0.15, SIGNIFICANT);
        assertThat(machine.noData()).isFalse();
    }

    @Test
    void aWholeWindowWithoutEventsResolvesAFiringAlertAndCancelsAPendingOne() {
        feed(0.35, SIGNIFICANT);
        feed(0.35, SIGNIFICANT); // warning and critical firing
        long episode = paneEnd;
        assertThat(machine.evaluate(pane(0.5, SIGNIFICANT, 50), false))
                .as("a thin window keeps the alert")
                .isEmpty();
        assertThat(machine.evaluate(DriftReport.insufficient(0, 10_000, 0, 1), true))
                .as("an empty window while rebuilding keeps the alert")
                .isEmpty();
        assertThat(machine.state(CRITICAL)).isEqualTo(FIRING);

        List<AlertTransition> empty = machine.evaluate(DriftReport.insufficient(0, 10_000, 5, 6), false);
        assertThat(empty).hasSize(2).allSatisfy(t -> {
            assertThat(t.from()).isEqualTo(FIRING);
            assertThat(t.to()).isEqualTo(RESOLVED);
            assertThat(t.cause()).isEqualTo(AlertTransition.Cause.NO_DATA);
            assertThat(t.episodeStartMillis()).isEqualTo(episode);
            assertThat(t.samples()).isZero();
        });
        assertThat(machine.state(WARNING)).isEqualTo(OK);
        assertThat(machine.state(CRITICAL)).isEqualTo(OK);
        assertThat(machine.noData()).isTrue();
        assertThat(machine.evaluate(DriftReport.insufficient(0, 10_000, 6, 7), false))
                .as("nothing left to close")
                .isEmpty();

        feed(0.15, SIGNIFICANT); // pending again
        assertThat(machine.evaluate(DriftReport.insufficient(0, 10_000, 7, 8), false))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.from()).isEqualTo(PENDING);
                    assertThat(t.to()).isEqualTo(OK);
                    assertThat(t.cause()).isEqualTo(AlertTransition.Cause.NO_DATA);
                });
        assertThat(feed(0.15, SIGNIFICANT))
                .as("data again: a new episode starts from the beginning")
                .singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(PENDING));
    }

    @Test
    void aBudgetRuleAlertsOnSignificantDriftOfThreeFifthsOfTheThresholdNotOnARawKl() {
        AlertStateMachine budget = new AlertStateMachine(AlertRule.defaults(100)); // warning 0.05, critical 0.15 nats
        double level = 2 * (1.0 / 30) / 8640;
        long m = 10_000;
        // a thin window whose G puts the estimate at 0.088 nats: not significant at this level (p 7e-4), no alert
        DriftReport thin = DriftEvidenceTest.report(45, 19, 150, m);
        assertThat(thin.pValue()).isBetween(level, 0.01);
        for (int i = 0; i < 5; i++) {
            assertThat(budget.evaluate(thin, false, level)).isEmpty();
        }
        // 20,000 events showing 0.06 nats: warning (gate 0.03), not critical (gate 0.09)
        double eff = DriftEvidence.effectiveSize(20_000, m);
        DriftReport drifting = DriftEvidenceTest.report(19 + 2 * eff * 0.06, 19, 20_000, m);
        assertThat(budget.evaluate(drifting, false, level)).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(PENDING);
            assertThat(t.basis().value()).isCloseTo(0.06, within(1e-12));
            assertThat(t.basis().lowerBound()).isBetween(0.03, 0.06);
            assertThat(t.basis().whole()).isTrue();
            assertThat(t.basis().comparedWith()).isCloseTo(0.03, within(1e-12));
            assertThat(t.windowDrift()).isCloseTo(0.06, within(1e-12));
            assertThat(t.alphaPerEvaluation()).isEqualTo(level);
        });
        assertThat(budget.evaluate(drifting, false, level)).singleElement().satisfies(t -> assertThat(t.to())
                .isEqualTo(FIRING));
        assertThat(budget.state(CRITICAL)).isEqualTo(OK);
        // the estimate drops to 0.025 (above 0.8 x 0.03): still firing; to 0.015: resolved after clear-panes (6) panes
        DriftReport lower = DriftEvidenceTest.report(19 + 2 * eff * 0.025, 19, 20_000, m);
        assertThat(budget.evaluate(lower, false, level)).isEmpty();
        assertThat(budget.evaluate(lower, false, level)).isEmpty();
        DriftReport gone = DriftEvidenceTest.report(19 + 2 * eff * 0.015, 19, 20_000, m);
        for (int i = 1; i < AlertRule.DEFAULT_CLEAR_PANES; i++) {
            assertThat(budget.evaluate(gone, false, level))
                    .as("clean pane %d", i)
                    .isEmpty();
        }
        assertThat(budget.evaluate(gone, false, level)).singleElement().satisfies(t -> assertThat(t.to())
                .isEqualTo(RESOLVED));
        // 20,000 events showing 0.1: both (critical's gate is 0.09)
        AlertStateMachine both = new AlertStateMachine(AlertRule.defaults(100));
        DriftReport strong = DriftEvidenceTest.report(19 + 2 * eff * 0.1, 19, 20_000, m);
        both.evaluate(strong, false, level);
        assertThat(both.evaluate(strong, false, level)).hasSize(2);
    }

    @Test
    void aBudgetRuleAlsoSeesADriftInTheNewestPanesBeforeTheWholeWindowShowsIt() {
        AlertStateMachine budget = new AlertStateMachine(AlertRule.defaults(100));
        double level = 2 * (1.0 / 30) / 8640;
        long m = 10_000;
        // the whole window (300,000 events) shows 0.005; its newest 30,000 events show 0.06
        DriftReport window =
                DriftEvidenceTest.report(19 + 2 * DriftEvidence.effectiveSize(300_000, m) * 0.005, 19, 300_000, m);
        DriftReport span =
                DriftEvidenceTest.report(19 + 2 * DriftEvidence.effectiveSize(30_000, m) * 0.06, 19, 30_000, m);
        assertThat(budget.evaluate(window, false, level))
                .as("the whole window alone")
                .isEmpty();
        assertThat(budget.evaluate(window, List.of(span), false, level))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.to()).isEqualTo(PENDING);
                    assertThat(t.basis().value()).isCloseTo(0.06, within(1e-12));
                    assertThat(t.basis().lowerBound()).isGreaterThan(0.03).isLessThanOrEqualTo(0.06);
                    assertThat(t.basis().whole())
                            .as("decided on the newest span")
                            .isFalse();
                    assertThat(t.basis().samples()).isEqualTo(30_000);
                    assertThat(t.windowDrift()).isCloseTo(0.005, within(1e-12));
                });
        // a small but significant steady drift (0.02 everywhere, below half the warning threshold) never alerts
        AlertStateMachine steady = new AlertStateMachine(AlertRule.defaults(100));
        DriftReport w =
                DriftEvidenceTest.report(19 + 2 * DriftEvidence.effectiveSize(1_000_000, m) * 0.02, 19, 1_000_000, m);
        DriftReport s =
                DriftEvidenceTest.report(19 + 2 * DriftEvidence.effectiveSize(100_000, m) * 0.02, 19, 100_000, m);
        for (int i = 0; i < 5; i++) {
            assertThat(steady.evaluate(w, List.of(s), false, level)).isEmpty();
        }
    }

    @Test
    void theSpansThatFiredKeepItFiringUntilTheDriftHasLeftEveryOneOfThem() {
        // a drift that starts mid-window: the newest span shows 0.06 at once, the whole window only as it turns over
        AlertStateMachine budget = new AlertStateMachine(AlertRule.defaults(100));
        double level = 2 * (1.0 / 30) / 8640;
        long m = 100_000;
        java.util.function.BiFunction<Double, Long, DriftReport> at =
                (drift, n) -> DriftEvidenceTest.report(19 + 2 * DriftEvidence.effectiveSize(n, m) * drift, 19, n, m);
        DriftReport span = at.apply(0.06, 30_000L);
        assertThat(budget.evaluate(at.apply(0.006, 300_000L), List.of(span), false, level))
                .singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(PENDING));
        assertThat(budget.evaluate(at.apply(0.012, 300_000L), List.of(span), false, level))
                .singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(FIRING));
        // the whole window's estimate is far below the clear level (0.8 x 0.03) for many panes, the span still shows
        // the drift (significant or not): no resolve — the rule before resolved here and fired again a pane later
        DriftReport thinSpan = at.apply(0.025, 800L); // tested, not significant on 800 events, above 0.024
        assertThat(DriftEvidence.couldShow(thinSpan, 0.05, level)).isTrue();
        assertThat(thinSpan.pValue()).isGreaterThan(level / 2);
        for (int i = 0; i < 10; i++) {
            DriftReport window = at.apply(0.012 + 0.001 * i, 300_000L);
            assertThat(budget.evaluate(window, List.of(i == 0 ? span : thinSpan), false, level))
                    .as("pane %d", i)
                    .isEmpty();
        }
        // the drift ends: every span is below 0.024 for clear-panes (6) panes
        DriftReport quietSpan = at.apply(0.002, 30_000L);
        DriftReport window = at.apply(0.02, 300_000L);
        for (int i = 1; i < AlertRule.DEFAULT_CLEAR_PANES; i++) {
            assertThat(budget.evaluate(window, List.of(quietSpan), false, level))
                    .as("clean pane %d", i)
                    .isEmpty();
        }
        assertThat(budget.evaluate(window, List.of(quietSpan), false, level))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.to()).isEqualTo(RESOLVED);
                    assertThat(t.basis().value()).as("the largest of the spans").isCloseTo(0.02, within(1e-12));
                    assertThat(t.basis().whole()).isTrue();
                    assertThat(t.basis().comparedWith()).isCloseTo(0.8 * 0.03, within(1e-12));
                });
        assertThat(budget.state(WARNING)).isEqualTo(OK);
    }

    @Test
    void aRampEscalatesWithoutResolvingInBetween() {
        AlertStateMachine budget = new AlertStateMachine(AlertRule.defaults(100));
        double level = 2 * (1.0 / 30) / 8640;
        long m = 100_000;
        List<AlertTransition> all = new java.util.ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            double drift = 0.3 * i / 30;
            long n = 50_000;
            all.addAll(budget.evaluate(
                    DriftEvidenceTest.report(19 + 2 * DriftEvidence.effectiveSize(n, m) * drift, 19, n, m),
                    false,
                    level));
        }
        assertThat(all)
                .filteredOn(t -> t.to() == FIRING)
                .extracting(AlertTransition::severity)
                .containsExactly(WARNING, CRITICAL);
        assertThat(all).noneMatch(t -> t.to() == RESOLVED);
    }

    @Test
    void aRebuildingWindowNeverStartsAnAlert() {
        for (int i = 0; i < 5; i++) {
            assertThat(machine.evaluate(pane(0.9, SIGNIFICANT, 1000), true)).isEmpty();
        }
        assertThat(machine.state(CRITICAL)).isEqualTo(OK);
    }

    @Test
    void forOneFiresOnTheFirstPaneAndDisabledSeveritiesNeverFire() {
        var once = new AlertStateMachine(new AlertRule(Statistic.PSI, Double.NaN, 0.2, 0.01, 1, 1, 1.0, 1));
        assertThat(once.evaluate(pane(0.5, SIGNIFICANT, 1000), false))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.severity()).isEqualTo(CRITICAL);
                    assertThat(t.to()).isEqualTo(FIRING);
                    assertThat(t.value()).as("PSI of the report").isEqualTo(0.5 * 2.1);
                });
        assertThat(once.state(WARNING)).isEqualTo(OK);
    }

    @Test
    void invalidRulesAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new AlertRule(Statistic.KL, 0.1, 0.3, 1.5, 1, 1, 0.8, 1))
                .hasMessageContaining("alpha must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> new AlertRule(Statistic.KL, 0.1, 0.3, 0.01, 1, 0, 0.8, 1))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Statistic.fromKey("entropy")).hasMessageContaining("unknown statistic \"entropy\"");
    }
}

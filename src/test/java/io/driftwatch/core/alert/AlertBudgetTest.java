package io.driftwatch.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlertBudgetTest {

    @Test
    void theLevelIsForTimesTheBudgetOverTheEvaluationsOfADay() {
        AlertBudget perSeries = new AlertBudget(1.0 / 30, false);
        // 10 s panes: 8,640 evaluations a day; for = 2 panes
        assertThat(perSeries.alphaPerEvaluation(10_000, 2, 500)).isCloseTo(2 * (1.0 / 30) / 8640, within(1e-18));
        assertThat(perSeries.fleetPerDay(500)).isCloseTo(500.0 / 30, within(1e-12));
        AlertBudget fleet = new AlertBudget(1.0, true);
        assertThat(fleet.perSeries(200)).isEqualTo(1.0 / 200);
        assertThat(fleet.alphaPerEvaluation(10_000, 1, 200)).isCloseTo(1.0 / 200 / 8640, within(1e-18));
        assertThat(fleet.fleetPerDay(200)).isEqualTo(1.0);
        assertThat(fleet.perSeries(0)).as("no series yet").isEqualTo(1.0);
        assertThat(new AlertBudget(1e6, false).alphaPerEvaluation(10_000, 2, 1)).isEqualTo(0.5);
        assertThatThrownBy(() -> new AlertBudget(0, false)).hasMessageContaining("> 0");
        // the rule's false alarms a day at its level: the budget back, for any pane
        assertThat(AlertRule.defaults(100).falseAlarmsPerDay(10_000, 7)).isCloseTo(1.0 / 30, within(1e-12));
        assertThat(AlertRule.defaults(100).falseAlarmsPerDay(1_000, 7)).isCloseTo(1.0 / 30, within(1e-12));
    }
}

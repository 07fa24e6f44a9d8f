package io.driftwatch.core.significance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Critical values against scipy ({@code scipy.stats.chi2.isf}), and the memo that serves them per degrees of freedom. */
class ChiSquaredTest {

    @Test
    void criticalValuesMatchScipyAndFollowAChangedLevel() {
        // scipy.stats.chi2.isf(alpha, df)
        assertThat(ChiSquared.criticalValue(7.716e-6, 19)).isCloseTo(58.09439327165063, within(1e-9));
        assertThat(ChiSquared.criticalValue(7.716e-6, 19)).as("memo").isCloseTo(58.09439327165063, within(1e-9));
        assertThat(ChiSquared.criticalValue(7.716e-6 / 3, 19)).isCloseTo(61.118015184504394, within(1e-9));
        assertThat(ChiSquared.criticalValue(0.05, 1)).isCloseTo(3.841458820694124, within(1e-9));
        assertThat(ChiSquared.criticalValue(0.05, 5000)).isCloseTo(ChiSquared.inverseSurvival(0.05, 5000), within(0.0));
        assertThat(ChiSquared.criticalValue(0.05, 0)).isZero();
        assertThat(ChiSquared.survival(ChiSquared.criticalValue(0.01, 4), 4)).isCloseTo(0.01, within(1e-12));
    }
}

package io.driftwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void keepsTheLastPointsInOrderGrowingOnDemandAndNullsForThinWindows() {
        LiveFeed.Trend trend = new LiveFeed.Trend();
        for (int i = 0; i < 25; i++) {
            trend.add(i, i == 3 ? null : 0.05 * i, 0.01, 0.5, 0.02 * i, i < 20 ? "r1" : "r2", 20);
        }
        var points = trend.points();
        assertThat(points).hasSize(20);
        assertThat(points).extracting(LiveFeed.Point::t).startsWith(5L, 6L).endsWith(24L);
        assertThat(points.get(0).kl()).isEqualTo(0.25);
        assertThat(points.get(19).reference()).isEqualTo("r2");
        assertThat(points.get(0).noiseFloor()).isEqualTo(0.01);
        assertThat(points.get(0).drift()).isEqualTo(0.1);

        LiveFeed.Trend small = new LiveFeed.Trend();
        small.add(1, null, null, null, null, "r", 20);
        assertThat(small.points()).singleElement().satisfies(p -> {
            assertThat(p.kl()).isNull();
            assertThat(p.pValue()).isNull();
            assertThat(p.drift()).isNull();
        });
    }
}

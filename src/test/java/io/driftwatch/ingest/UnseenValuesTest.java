package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UnseenValuesTest {

    @Test
    void theFrequentValuesAreNamedMostFirstWithCountsThatBoundTheTrueOnes() {
        UnseenValues unseen = new UnseenValues(10);
        Random random = new Random(7);
        int br = 0;
        int mx = 0;
        for (int i = 0; i < 10_000; i++) {
            int u = random.nextInt(100);
            if (u < 30) {
                unseen.record("country", "fraud", "BR");
                br++;
            } else if (u < 45) {
                unseen.record("country", "fraud", "MX");
                mx++;
            } else { // 55 % spread over 1,000 rare values: more than the slots
                unseen.record("country", "fraud", "rare-" + random.nextInt(1000));
            }
        }
        var top = unseen.top("country", "fraud", 2);
        assertThat(top).extracting(UnseenValues.Value::value).containsExactly("BR", "MX");
        for (var v : top) {
            int truth = v.value().equals("BR") ? br : mx;
            assertThat(v.events()).as("an upper bound").isGreaterThanOrEqualTo(truth);
            assertThat(v.events() - v.error()).as("a lower bound").isLessThanOrEqualTo(truth);
        }
        assertThat(unseen.top("country", "fraud", 50)).hasSize(UnseenValues.SLOTS);
        assertThat(unseen.top("country", "churn", 5)).isEmpty();
    }

    @Test
    void seriesAreBoundedAndLongValuesCut() {
        UnseenValues unseen = new UnseenValues(2);
        unseen.record("m", "a", "x".repeat(500));
        unseen.record("m", "b", "y");
        unseen.record("m", "c", "z");
        assertThat(unseen.top("m", "a", 1).get(0).value())
                .hasSize(UnseenValues.MAX_LENGTH)
                .endsWith("…");
        assertThat(unseen.top("m", "c", 1)).as("beyond the series limit").isEmpty();
    }
}

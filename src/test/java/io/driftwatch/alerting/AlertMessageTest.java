package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.monitor.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an alert message says: the number decided on first, with its span and what it was compared with. */
class AlertMessageTest {

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static AlertMessage firing() {
        return new AlertMessage(
                "3f5a631294f79357-19ab3c2e7d0",
                "3f5a631294f79357",
                "score",
                "fraud",
                "critical",
                "firing",
                "kl",
                0.02362,
                0.15,
                2.1e-9,
                7.716e-6,
                3000,
                "2026-11-23T20:40:00Z",
                "2026-11-23T20:45:00Z",
                "a1b2c3d4e5f6",
                "2026-11-23T20:45:00.154Z",
                null,
                AlertMessage.FIRING,
                "budget",
                0.2791,
                0.3713,
                1.0 / 30,
                new AlertMessage.DecidedOn("drift", 0.3713, "newest 30 s", 30, 298, 3.1e-12, 0.09, 0.2791),
                0.0201,
                null,
                null);
    }

    @Test
    void theSummaryLeadsWithTheDecidedOnNumberItsSpanAndWhatItWasComparedWith() {
        assertThat(firing().summary())
                .isEqualTo("critical firing on score/fraud: drift 0.3713 nats over the newest 30 s (298 events,"
                        + " p = 3.10e-12) reached 0.09000 (60 % of the critical threshold 0.1500; budget 1 false alarm"
                        + " in 30.0 days); whole window (3000 events): drift 0.02010, kl 0.02362");
        AlertMessage resolved = new AlertMessage(
                "3f5a631294f79357-19ab3c2e7d0",
                "3f5a631294f79357",
                "score",
                "fraud",
                "critical",
                "resolved",
                "kl",
                0.011,
                0.15,
                0.2,
                7.716e-6,
                3000,
                "2026-11-23T20:50:00Z",
                "2026-11-23T20:55:00Z",
                "a1b2c3d4e5f6",
                "2026-11-23T20:45:00.154Z",
                "2026-11-23T20:55:00.154Z",
                AlertMessage.CLEARED,
                "budget",
                0.0,
                0.004,
                1.0 / 30,
                new AlertMessage.DecidedOn("drift", 0.004, "whole window", 300, 3000, 0.2, 0.072, 0.0),
                0.004,
                null,
                null);
        assertThat(resolved.summary())
                .isEqualTo("critical resolved on score/fraud: every span's drift is below the clear level 0.07200,"
                        + " the largest 0.004000 nats over the whole window (3000 events, p = 0.200)");
        assertThat(firing().resolvedAt("2026-11-23T21:00:00Z", AlertMessage.NO_DATA)
                        .summary())
                .isEqualTo("critical resolved on score/fraud: no events for a whole window (it fired on drift 0.3713"
                        + " over the newest 30 s)");
    }

    @Test
    void theJsonCarriesTheSummaryAndReadsBackAndAMessageStoredWithoutDecidedOnStillReads() throws Exception {
        JsonNode node = json.valueToTree(firing());
        assertThat(node.get("summary").asText()).isEqualTo(firing().summary());
        assertThat(node.fieldNames())
                .toIterable()
                .as("what it is about, then what was decided on, then the whole window")
                .startsWith(
                        "alertId",
                        "fingerprint",
                        "monitor",
                        "model",
                        "severity",
                        "status",
                        "summary",
                        "decidedOn",
                        "threshold",
                        "drift",
                        "lowerBound",
                        "windowDrift",
                        "topContributors",
                        "unseenValues",
                        "statistic",
                        "value");
        assertThat(node.get("decidedOn").get("span").asText()).isEqualTo("newest 30 s");
        assertThat(node.get("decidedOn").get("lowerBound").asDouble())
                .isLessThanOrEqualTo(node.get("decidedOn").get("value").asDouble());
        assertThat(json.readValue(json.writeValueAsString(firing()), AlertMessage.class))
                .as("the alert-state topic reads back what it stored, summary and all")
                .isEqualTo(firing());

        String stored = "{\"alertId\":\"a-1\",\"fingerprint\":\"a\",\"monitor\":\"score\",\"model\":\"fraud\","
                + "\"severity\":\"warning\",\"status\":\"firing\",\"statistic\":\"kl\",\"value\":0.0836,"
                + "\"threshold\":0.05,\"pValue\":1e-9,\"alpha\":7.7e-6,\"samples\":3000,\"windowStart\":\"x\","
                + "\"windowEnd\":\"y\",\"reference\":\"r\",\"startsAt\":\"s\",\"endsAt\":null,\"reason\":\"drift\","
                + "\"decision\":\"budget\",\"lowerBound\":0.05,\"drift\":0.0701,\"falseAlarmsPerDay\":0.0333}";
        AlertMessage old = json.readValue(stored, AlertMessage.class);
        assertThat(old.decidedOn()).isNull();
        assertThat(json.readValue(stored.replace("}", ",\"addedLater\":1}"), AlertMessage.class))
                .as("a message a newer version stored, with a field this one does not know, still reads")
                .isEqualTo(old);
        assertThat(old.summary()).isEqualTo("warning firing on score/fraud: kl 0.08360 (threshold 0.05000)");
    }

    @Test
    void aFiringMessageNamesTheBinsThatMovedMostUntilTheyMakeHalfTheKl() {
        AlertMessage f = firing();
        AlertMessage withBins = new AlertMessage(
                f.alertId(),
                f.fingerprint(),
                f.monitor(),
                f.model(),
                f.severity(),
                f.status(),
                f.statistic(),
                f.value(),
                f.threshold(),
                f.pValue(),
                f.alpha(),
                f.samples(),
                f.windowStart(),
                f.windowEnd(),
                f.reference(),
                f.startsAt(),
                f.endsAt(),
                f.reason(),
                f.decision(),
                f.lowerBound(),
                f.drift(),
                f.falseAlarmsPerDay(),
                f.decidedOn(),
                f.windowDrift(),
                List.of(
                        new Series.Contributor("DE", 0.279, 0.341, 0.2, 0.21, 0.4),
                        new Series.Contributor("(unseen)", 0.012, 0.0, 0.12, 0.3, 0.31),
                        new Series.Contributor("FR", 0.2, 0.19, 0.01, 0.01, 0.02)),
                List.of("BR", "MX"));
        assertThat(withBins.contributorsText())
                .as("the unseen bin's values named")
                .isEqualTo("DE 34.1% → 27.9%, (unseen) [BR, MX] 0% → 1.2%: 71.0% of its KL");
        assertThat(withBins.summary()).isEqualTo(f.summary() + "; moved most: " + withBins.contributorsText());
        assertThat(withBins.resolvedAt("2026-11-23T21:00:00Z", AlertMessage.CLEARED)
                        .summary())
                .as("a resolution does not say what moved")
                .doesNotContain("moved most");
        assertThat(f.contributorsText()).isNull();
        JsonNode node = json.valueToTree(withBins);
        assertThat(node.get("topContributors").get(1).get("bin").asText()).isEqualTo("(unseen)");
        assertThat(node.get("topContributors").get(0).get("liveShare").asDouble())
                .isEqualTo(0.279);
        assertThat(node.get("unseenValues").toString()).isEqualTo("[\"BR\",\"MX\"]");
    }

    @Test
    void aPValueThatUnderflowedReadsAsBelowTheSmallestNumberNotAsZero() {
        assertThat(AlertMessage.pText(3.1e-12)).isEqualTo("p = 3.10e-12");
        assertThat(AlertMessage.pText(0.2)).isEqualTo("p = 0.200");
        assertThat(AlertMessage.pText(0.0)).isEqualTo("p < 1e-300");
    }

    @Test
    void spansAreNamedForTheirLength() {
        assertThat(AlertMessage.span(true, 300_000)).isEqualTo("whole window");
        assertThat(AlertMessage.span(false, 30_000)).isEqualTo("newest 30 s");
        assertThat(AlertMessage.span(false, 100_000)).isEqualTo("newest 1 min 40 s");
        assertThat(AlertMessage.span(false, 3_600_000)).isEqualTo("newest 1 h");
        assertThat(AlertMessage.span(false, 500)).isEqualTo("newest 500 ms");
    }
}

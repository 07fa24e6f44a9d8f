package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.ingest.json.EventParser;
import io.driftwatch.ingest.json.ParsedFields;
import io.driftwatch.monitor.FieldPattern;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.owner.PaneApplier;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventIngestorTest {

    private static final long NOW = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();

    private MonitorRegistry registry = registry(100);
    private EventIngestor ingestor = ingestor(registry);
    private EventIngestor.Scratch scratch = ingestor.newScratch();
    private PaneApplier owner = new PaneApplier(registry);

    private static MonitorRegistry registry(int maxSeries) {
        return TestMonitors.scoreAndLabel(maxSeries, NOW);
    }

    private static EventIngestor ingestor(MonitorRegistry registry) {
        return new EventIngestor(
                registry, InstantSource.fixed(Instant.ofEpochMilli(NOW)), "/model", "/ts", "default", 300_000, 1000);
    }

    /** The series of monitor {@code index} (0 score, 1 label) for {@code model}, or {@code null}. */
    private Series series(int index, String model) {
        return registry.monitors().get(index).seriesOrNull(model);
    }

    /** Stage 1 ingests the event, its deltas are published at once, stage 2 adds them to the windows. */
    private Outcome ingest(String json) {
        Outcome outcome =
                ingestor.ingest(scratch, json == null ? null : json.getBytes(StandardCharsets.UTF_8), NOW - 1000);
        ingestor.drain(scratch, d -> owner.apply(0, d, NOW));
        return outcome;
    }

    @Test
    void aFeatureAddedAtRunTimeIsCountedFromTheNextEventOn() {
        FieldPattern pattern = new FieldPattern("features", "/features", Set.of(), Set.of(), Map.of(), 20);
        MonitorRegistry withPattern = new MonitorRegistry(
                List.of(),
                List.of(pattern),
                (p, member, kind) -> new MonitorDefinition(
                        p.monitorName(member),
                        p.field(member),
                        kind,
                        10_000,
                        6,
                        Optional.empty(),
                        false,
                        new DriftAnalyzer(0.5, 1, 0.01)),
                100,
                InstantSource.fixed(Instant.ofEpochMilli(NOW)),
                Duration.ofMinutes(30),
                Duration.ZERO,
                Duration.ZERO);
        EventIngestor features = ingestor(withPattern);
        EventIngestor.Scratch thread = features.newScratch();
        PaneApplier featureOwner = new PaneApplier(withPattern);
        byte[] event = "{\"model\":\"m\",\"features\":{\"amount\":150}}".getBytes(StandardCharsets.UTF_8);
        assertThat(features.ingest(thread, event, NOW - 1000))
                .as("no feature yet")
                .isEqualTo(Outcome.IGNORED);
        assertThat(features.newFeatures().waiting("features"))
                .as("the feature is seen: no reference yet")
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.monitor()).isEqualTo("features.amount");
                    assertThat(w.models()).containsExactly("m");
                    assertThat(w.types()).containsExactly("number");
                });

        withPattern.addFeature(
                pattern,
                "amount",
                Kind.NUMERIC,
                VersionedReference.of(
                        Reference.of(NumericBins.ofEdges(0, 100, 200), new long[] {0, 5, 5, 0}),
                        "test",
                        Instant.EPOCH));
        assertThat(features.ingest(thread, event, NOW - 1000)).isEqualTo(Outcome.ACCEPTED);
        features.drain(thread, d -> featureOwner.apply(0, d, NOW));
        Series amount = withPattern.monitor("features.amount").orElseThrow().seriesOrNull("m");
        assertThat(amount.snapshot().counts()).containsExactly(0, 0, 1, 0);
        assertThat(features.newFeatures().waiting("features"))
                .as("a monitor now")
                .isEmpty();
    }

    @Test
    void aGoodEventFeedsEveryMonitorOfItsModel() {
        assertThat(ingest("{\"model\":\"fraud\",\"ts\":\"2026-11-23T09:59:00.123Z\",\"score\":0.91,\"label\":\"fraud\","
                        + "\"features\":{\"amount\":120.5}}"))
                .isEqualTo(Outcome.ACCEPTED);
        Series score = series(0, "fraud");
        Series label = series(1, "fraud");
        assertThat(score.snapshot().counts()).containsExactly(0, 0, 1, 0);
        assertThat(label.snapshot().counts()).containsExactly(1, 0, 0);
        assertThat(ingestor.count(Outcome.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void eventTimeMayBeIsoTextEpochMillisOrTheRecordTimestamp() {
        ingest("{\"model\":\"m\",\"ts\":\"2026-11-23T11:00:00+01:00\",\"score\":0.1,\"label\":\"ok\"}");
        assertThat(series(0, "m").snapshot().endMillis()).isEqualTo(NOW + 10_000);
        ingest("{\"model\":\"n\",\"ts\":" + (NOW - 60_000) + ",\"score\":0.1,\"label\":\"ok\"}");
        assertThat(series(0, "n").snapshot().endMillis()).isEqualTo(NOW - 50_000);
        ingest("{\"model\":\"o\",\"score\":0.1,\"label\":\"ok\"}"); // record timestamp NOW - 1000
        assertThat(series(0, "o").snapshot().endMillis()).isEqualTo(NOW);
    }

    @Test
    void everyKindOfBadEventIsRejectedWithItsReasonAndChangesNoWindow() {
        ingest("{\"model\":\"fraud\",\"score\":0.2,\"label\":\"ok\"}");
        long[] before = series(0, "fraud").snapshot().counts();
        assertThat(ingest(null)).isEqualTo(Outcome.EMPTY);
        assertThat(ingest("")).isEqualTo(Outcome.EMPTY);
        assertThat(ingest("{\"score\":0.2,\"label\":\"ok\"" + " ".repeat(1000) + "}"))
                .isEqualTo(Outcome.OVERSIZED);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":0.2,\"lab")).isEqualTo(Outcome.MALFORMED_JSON);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":0.2} trailing")).isEqualTo(Outcome.MALFORMED_JSON);
        assertThat(ingest("not json")).isEqualTo(Outcome.MALFORMED_JSON);
        assertThat(ingest("[1,2]")).isEqualTo(Outcome.NOT_AN_OBJECT);
        // a field problem rejects the event only when no monitor of its model could count it
        assertThat(ingest("{\"model\":\"fraud\",\"score\":\"high\",\"label\":{\"x\":1}}"))
                .isEqualTo(Outcome.WRONG_TYPE);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":NaN,\"label\":[\"ok\"]}"))
                .isEqualTo(Outcome.NON_FINITE);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":-Infinity}")).isEqualTo(Outcome.NON_FINITE);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":1e400,\"label\":null}"))
                .isEqualTo(Outcome.NON_FINITE);
        assertThat(ingest("{\"model\":\"fraud\"}")).isEqualTo(Outcome.MISSING_FIELD);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":null,\"label\":{}}"))
                .as("a bad value is the reason before a missing field")
                .isEqualTo(Outcome.WRONG_TYPE);
        assertThat(ingest("{\"model\":\"fraud\",\"ts\":\"yesterday\",\"score\":0.2,\"label\":\"ok\"}"))
                .isEqualTo(Outcome.BAD_TIMESTAMP);
        assertThat(ingest("{\"model\":\"fraud\",\"ts\":" + (NOW + 3_600_000) + ",\"score\":0.2,\"label\":\"ok\"}"))
                .isEqualTo(Outcome.FUTURE_TIMESTAMP);
        assertThat(ingest("{\"model\":42,\"score\":0.2,\"label\":\"ok\"}")).isEqualTo(Outcome.INVALID_MODEL);
        assertThat(ingest("{\"model\":\"..\",\"score\":0.2,\"label\":\"ok\"}")).isEqualTo(Outcome.INVALID_MODEL);
        assertThat(ingest("{\"model\":\"a\\u001b[2Jb\",\"score\":0.2,\"label\":\"ok\"}"))
                .isEqualTo(Outcome.INVALID_MODEL);
        assertThat(series(0, "fraud").snapshot().counts()).containsExactly(before);
        assertThat(series(1, "fraud").snapshot().total()).isEqualTo(1);
        assertThat(ingestor.count(Outcome.ACCEPTED)).isEqualTo(1);
        assertThat(ingestor.count(Outcome.MALFORMED_JSON)).isEqualTo(3);
        assertThat(ingestor.count(Outcome.NON_FINITE)).isEqualTo(3);
    }

    @Test
    void aBadFieldCostsOnlyItsOwnSeriesAndIsCountedAgainstIt() {
        assertThat(ingest("{\"model\":\"fraud\",\"score\":0.91,\"label\":\"fraud\"}"))
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":null,\"label\":\"ok\"}"))
                .isEqualTo(Outcome.PARTIAL);
        assertThat(ingest("{\"model\":\"fraud\",\"label\":\"ok\"}")).isEqualTo(Outcome.PARTIAL);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":\"0.3\",\"label\":\"ok\"}"))
                .isEqualTo(Outcome.PARTIAL);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":NaN,\"label\":\"ok\"}"))
                .isEqualTo(Outcome.PARTIAL);
        assertThat(ingest("{\"model\":\"fraud\",\"score\":0.2,\"label\":[1]}")).isEqualTo(Outcome.PARTIAL);
        assertThat(ingest("{\"model\":\"other\",\"score\":0.2}")).isEqualTo(Outcome.PARTIAL);

        assertThat(series(0, "fraud").snapshot().total())
                .as("score: the good one and the last")
                .isEqualTo(2);
        assertThat(series(1, "fraud").snapshot().total())
                .as("label: all but the last")
                .isEqualTo(5);
        FieldProblems problems = ingestor.fieldProblems();
        assertThat(problems.count(new FieldProblems.Key("score", "fraud", FieldProblems.Problem.MISSING)))
                .isEqualTo(2);
        assertThat(problems.count(new FieldProblems.Key("score", "fraud", FieldProblems.Problem.WRONG_TYPE)))
                .isEqualTo(1);
        assertThat(problems.count(new FieldProblems.Key("score", "fraud", FieldProblems.Problem.NON_FINITE)))
                .isEqualTo(1);
        assertThat(problems.count(new FieldProblems.Key("label", "fraud", FieldProblems.Problem.WRONG_TYPE)))
                .isEqualTo(1);
        assertThat(problems.count(new FieldProblems.Key("label", "other", FieldProblems.Problem.MISSING)))
                .isEqualTo(1);
        assertThat(problems.keys()).hasSize(5);
        assertThat(ingestor.count(Outcome.PARTIAL)).isEqualTo(6);
        assertThat(Outcome.PARTIAL.isRejected()).isFalse();
    }

    @Test
    void fieldProblemCountersAreBoundedAndTheRestCountedUnderOther() {
        FieldProblems problems = new FieldProblems(2);
        List<FieldProblems.Key> seen = new java.util.ArrayList<>();
        problems.onNewKey(seen::add);
        for (int i = 0; i < 5; i++) {
            problems.count("score", "m" + i, FieldProblems.Problem.MISSING);
        }
        assertThat(seen)
                .containsExactly(
                        new FieldProblems.Key("score", "m0", FieldProblems.Problem.MISSING),
                        new FieldProblems.Key("score", "m1", FieldProblems.Problem.MISSING),
                        new FieldProblems.Key(FieldProblems.OTHER, FieldProblems.OTHER, FieldProblems.Problem.MISSING));
        assertThat(problems.count(seen.get(2))).isEqualTo(3);
    }

    @Test
    void categoricalValuesMayBeNumbersOrBooleansAsWrittenAndUnknownValuesGoToUnseen() {
        ingest("{\"model\":\"m\",\"score\":0.2,\"label\":\"chargeback\"}");
        ingest("{\"model\":\"m\",\"score\":0.2,\"label\":true}");
        ingest("{\"model\":\"m\",\"score\":0.2,\"label\":\"chargeback\"}");
        assertThat(series(1, "m").snapshot().counts()).containsExactly(0, 0, 3);
        assertThat(ingestor.unseenValues().top("label", "m", 5))
                .as("the unseen values are named")
                .containsExactly(new UnseenValues.Value("chargeback", 2, 0), new UnseenValues.Value("true", 1, 0));
    }

    @Test
    void eventsWithoutAModelBelongToTheDefaultModel() {
        ingest("{\"score\":0.2,\"label\":\"ok\"}");
        assertThat(series(0, "default")).isNotNull();
    }

    @Test
    void newSeriesBeyondTheLimitAreRejectedAndExistingSeriesKeepWorking() {
        registry = registry(3);
        ingestor = ingestor(registry);
        scratch = ingestor.newScratch();
        owner = new PaneApplier(registry);
        assertThat(ingest("{\"model\":\"a\",\"score\":0.2,\"label\":\"ok\"}")).isEqualTo(Outcome.ACCEPTED);
        // limit 3: model a took 2 series; model b needs 2 more
        assertThat(ingest("{\"model\":\"b\",\"score\":0.2,\"label\":\"ok\"}")).isEqualTo(Outcome.SERIES_LIMIT);
        assertThat(ingest("{\"model\":\"a\",\"score\":0.7,\"label\":\"ok\"}")).isEqualTo(Outcome.ACCEPTED);
        assertThat(series(0, "a").snapshot().total()).isEqualTo(2);
        assertThat(registry.seriesCount()).isEqualTo(2);
        assertThat(series(0, "b")).as("no half-created series").isNull();
    }

    @Test
    void nestedAndEscapedJsonPointersAreFollowedAndOtherSubtreesSkipped() {
        var parser = new EventParser(List.of("/features/amount", "/a~1b", "/list/1"));
        ParsedFields f = parser.newFields();
        assertThat(parser.parse(
                        "{\"skip\":{\"deep\":[1,{\"x\":2}]},\"features\":{\"amount\":12.5,\"country\":\"DE\"},\"a/b\":\"x\",\"list\":[5,6]}"
                                .getBytes(StandardCharsets.UTF_8),
                        f))
                .isNull();
        assertThat(f.number(0)).isEqualTo(12.5);
        assertThat(f.text(1)).isEqualTo("x");
        assertThat(f.number(2)).isEqualTo(6.0);
    }

    @Test
    void numbersKeepTheirTextOnlyWhereASlotNeedsIt() {
        var parser = new EventParser(List.of("/score", "/label", "/ts"), slot -> slot == 1);
        ParsedFields f = parser.newFields();
        assertThat(parser.parse("{\"score\":0.25,\"label\":3,\"ts\":1.5e3}".getBytes(StandardCharsets.UTF_8), f))
                .isNull();
        assertThat(f.number(0)).isEqualTo(0.25);
        assertThat(f.text(0)).as("a numeric slot needs no text").isNull();
        assertThat(f.text(1))
                .as("a number used as a category keeps its text as written")
                .isEqualTo("3");
        assertThat(f.number(2)).isEqualTo(1500.0);
        // the fast double parser rounds like Double.parseDouble
        for (String n : List.of(
                "0.1",
                "2.2250738585072014E-308",
                "1.7976931348623157e308",
                "9007199254740993",
                "0.30000000000000004",
                "123456789.987654321",
                "-4.9e-324")) {
            assertThat(parser.parse(("{\"score\":" + n + "}").getBytes(StandardCharsets.UTF_8), f))
                    .isNull();
            assertThat(f.number(0)).as(n).isEqualTo(Double.parseDouble(n));
        }
    }
}

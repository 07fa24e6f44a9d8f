package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.testing.TestConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration is checked as SmallRye Config maps it, with the errors naming the key (issue 16, item 1). */
class MonitorFactoryTest {

    private final List<ReferenceLimits> loadedWith = new java.util.ArrayList<>();
    private static final TrainingLoader NO_TRAINING = (path, pattern, bins, limits) -> {
        throw new IllegalArgumentException("no training files in this test");
    };

    private final ReferenceLoader loader = (path, kind, bins, limits, column) -> {
        loadedWith.add(limits);
        Reference r = path.contains("label")
                ? Reference.of(CategoricalBins.of(List.of("a")), new long[] {1, 0})
                : Reference.of(NumericBins.ofEdges(0, 1), new long[] {0, 1, 0});
        return VersionedReference.of(r, "config:" + path, Instant.EPOCH);
    };

    private static DriftwatchConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("driftwatch.monitors.score.field", "/score");
        props.put("driftwatch.monitors.score.kind", "numeric");
        props.put("driftwatch.monitors.score.reference", "score.json");
        props.putAll(extra);
        return TestConfig.driftwatch(props);
    }

    private MonitorRegistry registry(Map<String, String> extra) {
        return MonitorFactory.registry(config(extra), InstantSource.system(), loader, NO_TRAINING);
    }

    @Test
    void aFieldPatternIsOneMonitorPerFeatureOfItsTrainingFile() {
        List<FieldPattern> asked = new java.util.ArrayList<>();
        TrainingLoader training = (path, pattern, bins, limits) -> {
            asked.add(pattern);
            assertThat(path).isEqualTo("train.csv");
            assertThat(bins).isEqualTo(8);
            return Map.of(
                    "amount",
                            new TrainingLoader.Member(
                                    Kind.NUMERIC, loader.load("a.json", Kind.NUMERIC, 8, limits, null)),
                    "plan",
                            new TrainingLoader.Member(
                                    Kind.CATEGORICAL, loader.load("label", Kind.CATEGORICAL, 8, limits, null)));
        };
        Map<String, String> props = new HashMap<>(Map.of(
                "driftwatch.monitors.features.fields", "/features/*",
                "driftwatch.monitors.features.reference", "train.csv",
                "driftwatch.monitors.features.bins", "8",
                "driftwatch.monitors.features.exclude", "id,row",
                "driftwatch.monitors.features.kinds.zip", "categorical",
                "driftwatch.monitors.features.alert.for", "4"));
        MonitorRegistry r = MonitorFactory.registry(config(props), InstantSource.system(), loader, training);

        assertThat(r.monitors()).extracting(Monitor::name).containsExactly("features.amount", "features.plan", "score");
        MonitorDefinition amount = r.monitor("features.amount").orElseThrow().definition();
        assertThat(amount.field()).isEqualTo("/features/amount");
        assertThat(amount.kind()).isEqualTo(Kind.NUMERIC);
        assertThat(r.monitor("features.plan").orElseThrow().definition().kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(amount.alertRule().forPanes()).as("the pattern's alert keys").isEqualTo(4);
        FieldPattern pattern = r.pattern("features").orElseThrow();
        assertThat(asked).containsExactly(pattern);
        assertThat(pattern.pointer()).isEqualTo("/features");
        assertThat(pattern.problem("id")).contains("in exclude");
        assertThat(pattern.kinds()).containsEntry("zip", Kind.CATEGORICAL);
        assertThat(r.members(pattern)).containsOnlyKeys("amount", "plan");
    }

    @Test
    void aFieldPatternsMistakesAreNamedByKey() {
        TrainingLoader training = (path, pattern, bins, limits) -> Map.of();
        Map<String, String> pattern = Map.of(
                "driftwatch.monitors.features.fields", "/features/*",
                "driftwatch.monitors.features.reference", "train.csv");
        java.util.function.Function<Map<String, String>, MonitorRegistry> build = extra -> {
            Map<String, String> props = new HashMap<>(pattern);
            props.putAll(extra);
            return MonitorFactory.registry(config(props), InstantSource.system(), loader, training);
        };
        assertThatThrownBy(() -> build.apply(Map.of("driftwatch.monitors.features.fields", "/features")))
                .hasMessageContaining("driftwatch.monitors.features.fields=/features")
                .hasMessageContaining("such as /features/*");
        assertThatThrownBy(() -> build.apply(Map.of("driftwatch.monitors.features.kind", "numeric")))
                .hasMessageContaining("kinds.<member>");
        assertThatThrownBy(() -> build.apply(Map.of("driftwatch.monitors.features.field", "/x")))
                .hasMessageContaining("driftwatch.monitors.features.field=/x");
        assertThatThrownBy(() -> build.apply(Map.of(
                        "driftwatch.monitors.\"features.x\".field", "/x",
                        "driftwatch.monitors.\"features.x\".kind", "numeric",
                        "driftwatch.monitors.\"features.x\".reference", "x.json")))
                .as("a configured monitor named like a feature of the pattern")
                .hasMessageContaining("a name outside features.*");
        assertThatThrownBy(() -> build.apply(Map.of("driftwatch.monitors.score.kinds.x", "numeric")))
                .hasMessageContaining("driftwatch.monitors.score.kinds");
        MonitorRegistry waiting = MonitorFactory.registry(
                config(Map.of("driftwatch.monitors.features.fields", "/features/*")),
                InstantSource.system(),
                loader,
                training);
        assertThat(waiting.members(waiting.pattern("features").orElseThrow()))
                .as("without a training file the features wait for an upload")
                .isEmpty();
    }

    @Test
    void aCsvReferenceIsReadFromTheColumnNamedLikeTheFieldsLastToken() {
        assertThat(MonitorFactory.lastToken("/features/amount")).isEqualTo("amount");
        assertThat(MonitorFactory.lastToken("/score")).isEqualTo("score");
        assertThat(MonitorFactory.lastToken("/a~1b/c~0d")).isEqualTo("c~d");
    }

    @Test
    void windowPaneAndMinSamplesAreSetOnceForAllMonitorsAndAMonitorsOwnValueWins() {
        Map<String, String> props = new HashMap<>();
        props.put("driftwatch.monitor-defaults.window", "1m");
        props.put("driftwatch.monitor-defaults.pane", "5s");
        props.put("driftwatch.monitor-defaults.min-samples", "20");
        props.put("driftwatch.monitors.label.field", "/label");
        props.put("driftwatch.monitors.label.kind", "categorical");
        props.put("driftwatch.monitors.label.reference", "label.json");
        props.put("driftwatch.monitors.label.window", "2m");
        MonitorRegistry r = registry(props);
        MonitorDefinition score = r.monitor("score").orElseThrow().definition();
        MonitorDefinition label = r.monitor("label").orElseThrow().definition();
        assertThat(score.paneMillis()).isEqualTo(5_000);
        assertThat(score.paneCount()).isEqualTo(12);
        assertThat(score.analyzer().minSamples()).isEqualTo(20);
        assertThat(label.paneCount()).as("its own 2m of the default 5s panes").isEqualTo(24);
        assertThatThrownBy(() -> registry(Map.of("driftwatch.monitor-defaults.window", "7s")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("driftwatch.monitor-defaults.window=PT7S")
                .hasMessageContaining("a whole multiple of driftwatch.monitor-defaults.pane (PT10S)");
    }

    @Test
    void theDefaultLimitsReachTheLoader() {
        registry(Map.of());
        assertThat(loadedWith).containsExactly(ReferenceLimits.DEFAULT);
        assertThat(registry(Map.of(
                        "driftwatch.references.max-bins", "5000",
                        "driftwatch.references.max-categories", "20")))
                .isNotNull();
        assertThat(loadedWith.get(1)).isEqualTo(new ReferenceLimits(5000, 20));
    }

    @Test
    void quantileBinsAreBoundedByMaxBins() {
        assertThatThrownBy(() -> registry(Map.of("driftwatch.monitors.score.bins", "2000")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(
                        "invalid configuration driftwatch.monitors.score.bins=2000: expected a number from 1 to 1000"
                                + " (driftwatch.references.max-bins)");
        assertThat(registry(Map.of(
                                "driftwatch.monitors.score.bins", "2000",
                                "driftwatch.references.max-bins", "2000"))
                        .monitor("score")
                        .orElseThrow()
                        .definition()
                        .quantileBins())
                .isEqualTo(2000);
    }

    @Test
    void limitsOutsideTheirRangeNameTheirKey() {
        assertThatThrownBy(() -> registry(Map.of("driftwatch.references.max-bins", "0")))
                .hasMessage("invalid configuration driftwatch.references.max-bins=0: expected a number from 1 to"
                        + " 100000");
        assertThatThrownBy(() -> registry(Map.of("driftwatch.references.max-categories", "1000000")))
                .hasMessage("invalid configuration driftwatch.references.max-categories=1000000: expected a number"
                        + " from 1 to 100000");
    }

    @Test
    void aReferenceFileTheLoaderRefusesNamesTheMonitorKey() {
        ReferenceLoader refusing = (path, kind, bins, limits, column) -> {
            throw new IllegalArgumentException("\"edges\": 1000000 edges define 999999 bins; at most "
                    + limits.maxBins() + " are allowed (" + ReferenceLimits.MAX_BINS_KEY + ")");
        };
        assertThatThrownBy(
                        () -> MonitorFactory.registry(config(Map.of()), InstantSource.system(), refusing, NO_TRAINING))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("invalid configuration driftwatch.monitors.score.reference=score.json")
                .hasMessageContaining("driftwatch.references.max-bins");
    }
}

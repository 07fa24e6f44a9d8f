package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.testing.TestConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InternalTopicsTest {

    private static Map<String, String> withMonitor(Map<String, String> props) {
        Map<String, String> all = new HashMap<>(props);
        all.putIfAbsent("driftwatch.monitors.score.field", "/score");
        all.putIfAbsent("driftwatch.monitors.score.kind", "numeric");
        all.putIfAbsent("driftwatch.monitors.score.reference", "src/test/resources/references/score.json");
        return all;
    }

    private static Topics names(Map<String, String> props) {
        Map<String, String> all = withMonitor(props);
        var raw = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build();
        return new Topics(TestConfig.driftwatch(all), raw);
    }

    private static InternalTopics topics(Map<String, String> props) {
        var config = TestConfig.driftwatch(withMonitor(props));
        return new InternalTopics(
                config,
                names(props),
                new KafkaClients(Map.of(), Map.of()),
                new KafkaProblems(java.time.InstantSource.system()));
    }

    @Test
    void namesDeriveFromTheInputGroupSoTwoDeploymentsNeverShareThem() {
        Topics t = names(Map.of("mp.messaging.incoming.predictions.group.id", "team-a"));
        assertThat(t.panes()).isEqualTo("team-a-panes");
        assertThat(t.ownerGroup()).isEqualTo("team-a-owners");
        assertThat(t.alertStates()).isEqualTo("team-a-alert-states");
        assertThat(names(Map.of("driftwatch.panes.topic", "p")).panes()).isEqualTo("p");
    }

    @Test
    void anExistingTopicThatCannotServeTheConfigurationIsAnErrorNamingTheKeyAndTheFix() {
        InternalTopics t = topics(Map.of("driftwatch.monitors.score.window", "1h"));
        assertThatThrownBy(() -> t.check(12, 1_800_000))
                .hasMessageContaining("driftwatch.monitors.*.window")
                .hasMessageContaining("retention.ms=1800000")
                .hasMessageContaining("kafka-configs.sh --alter");
        assertThatThrownBy(() -> t.check(4, -1))
                .hasMessageContaining("driftwatch.panes.partitions=12")
                .hasMessageContaining("the 4 partitions of the existing pane topic")
                .hasMessageContaining("kafka-topics.sh --alter");
        t.check(12, -1);
        t.check(24, 10_000_000);
    }

    @Test
    void aRetentionShorterThanARebuildReadsIsRefusedAtStart() {
        assertThatThrownBy(() -> topics(Map.of("driftwatch.panes.retention", "2m")))
                .hasMessageContaining("driftwatch.panes.retention=PT2M")
                .hasMessageContaining("at least PT5M31S");
    }
}

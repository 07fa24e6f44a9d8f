package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.TestMonitors;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An existing pane topic that cannot serve the configuration stops the start with one error that names the key, the
 * value and the fix (issue 12), instead of owners that silently miss series.
 */
class PaneTopicsIT {

    @Test
    void aPaneTopicWithTooFewPartitionsStopsTheStartNamingTheKeyAndTheFix() throws Exception {
        String topic = KafkaSupport.createTopic("it-pane-topic", 1);
        KafkaSupport.createNamedTopic(topic + "-panes", 2); // made by hand, before Driftwatch ever ran
        Map<String, String> props = TestMonitors.properties(topic, topic);
        assertThatThrownBy(() -> AppProcess.start("pane-topic-too-small", props).close())
                .hasMessageContaining("exited")
                .hasMessageContaining("driftwatch.panes.partitions=12")
                .hasMessageContaining("the 2 partitions of the existing pane topic " + topic + "-panes")
                .hasMessageContaining("kafka-topics.sh --alter --topic " + topic + "-panes --partitions 12");
    }
}

package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The input consumer's properties: defaults, then {@code kafka.*}, then the channel's keys; only consumer properties. */
class PredictionLoopTest {

    @Test
    void consumerPropertiesComeFromKafkaThenFromTheInputsOwnKeys() {
        var config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "kafka.bootstrap.servers", "broker:9092",
                                "kafka.security.protocol", "SSL",
                                "kafka.not.a.consumer.property", "x",
                                "mp.messaging.incoming.predictions.security.protocol", "SASL_SSL",
                                "mp.messaging.incoming.predictions.max.poll.records", "700",
                                "mp.messaging.incoming.predictions.enable.auto.commit", "true",
                                "mp.messaging.incoming.predictions.topic", "events",
                                "mp.messaging.incoming.predictions.connector", "smallrye-kafka",
                                "mp.messaging.incoming.predictions.value.deserializer", "com.example.Avro"),
                        "test",
                        100))
                .build();
        Properties p = PredictionLoop.consumerProperties(config);
        assertThat(p)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("max.poll.records", "700")
                .containsEntry("group.id", "driftwatch")
                .containsEntry("auto.offset.reset", "earliest")
                .as("offsets are committed in the pane transactions, never automatically")
                .containsEntry("enable.auto.commit", "false")
                .as("a rewind reads only stable committed offsets")
                .containsEntry("isolation.level", "read_committed");
        assertThat(p.stringPropertyNames())
                .as("keys that are not consumer properties, and the deserializers (values are parsed by Driftwatch)")
                .doesNotContain("topic", "connector", "not.a.consumer.property", "value.deserializer");
    }
}

package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Configuration precedence as the README states it (issue 16, item 7), on the packaged app: {@code -D} flags and
 * environment variables override a file loaded with {@code quarkus.config.locations} when the file says
 * {@code config_ordinal=250} (the shipped demo file does); a file that does not is reported at start-up.
 */
class ConfigOverridesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void flagsAndEnvironmentOverrideTheShippedDemoFile() throws Exception {
        String topic = KafkaSupport.createTopic("it-config", 1);
        Map<String, String> props = Map.of(
                "quarkus.config.locations", "deploy/demo/demo.properties",
                "driftwatch.input.topic", topic,
                "driftwatch.simulator.enabled", "false", // the file says true
                "driftwatch.simulator.topic", topic,
                "driftwatch.monitors.score.window", "30s"); // the file says 60s
        Map<String, String> env = Map.of(
                "DRIFTWATCH_MONITORS_LABEL_WINDOW", "20s", // the file says 60s
                // a whole monitor from the environment alone
                "DRIFTWATCH_MONITORS_EXTRA_FIELD", "/extra",
                "DRIFTWATCH_MONITORS_EXTRA_KIND", "numeric",
                "DRIFTWATCH_MONITORS_EXTRA_REFERENCE", "src/test/resources/references/score.json",
                "DRIFTWATCH_MONITORS_EXTRA_PANE", "5s",
                "DRIFTWATCH_MONITORS_EXTRA_WINDOW", "15s");
        try (AppProcess app = AppProcess.start("config-overrides", props, env, AppProcess.freePort())) {
            JsonNode monitors = JSON.readTree(app.get("/api/monitors").body());
            assertThat(panes(monitors, "score"))
                    .as("-D over the file: 30 s of 5 s panes")
                    .isEqualTo(6);
            assertThat(panes(monitors, "label")).as("environment over the file").isEqualTo(4);
            assertThat(panes(monitors, "amount"))
                    .as("the file where nothing overrides it")
                    .isEqualTo(12);
            assertThat(panes(monitors, "extra"))
                    .as("a monitor defined by environment variables")
                    .isEqualTo(3);
            String log = Files.readString(app.log());
            assertThat(log).as("the simulator stayed off").doesNotContain("simulator:");
            assertThat(log).doesNotContain("config_ordinal=250 to the file");
        }
    }

    @Test
    void aFileThatOutranksTheFlagsIsReportedAtStartUp() throws Exception {
        Path file = Files.createTempFile("driftwatch-no-ordinal", ".properties");
        try {
            Files.writeString(
                    file,
                    """
                    driftwatch.monitors.score.field=/score
                    driftwatch.monitors.score.kind=numeric
                    driftwatch.monitors.score.reference=src/test/resources/references/score.json
                    driftwatch.monitors.score.window=60s
                    driftwatch.monitors.score.pane=5s
                    """);
            Map<String, String> props = Map.of(
                    "quarkus.config.locations", file.toString(),
                    "driftwatch.input.topic", KafkaSupport.createTopic("it-config-rank", 1),
                    "driftwatch.monitors.score.window", "30s");
            try (AppProcess app = AppProcess.start("config-no-ordinal", props)) {
                assertThat(panes(JSON.readTree(app.get("/api/monitors").body()), "score"))
                        .as("without config_ordinal the file named by -D outranks -D")
                        .isEqualTo(12);
                assertThat(Files.readString(app.log()))
                        .contains("configuration PropertiesConfigSource[source=file:" + file)
                        .contains("add the line config_ordinal=250 to the file");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int panes(JsonNode monitors, String name) {
        for (JsonNode m : monitors) {
            if (m.path("name").asText().equals(name)) {
                return m.path("panes").asInt();
            }
        }
        throw new AssertionError("no monitor " + name + " in " + monitors);
    }
}

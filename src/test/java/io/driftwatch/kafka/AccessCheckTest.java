package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The least privilege is stated once, in {@link AccessCheck#required}: the documentation's table and the Strimzi
 * {@code KafkaUser} shipped in deploy/ list exactly it, for the default configuration.
 */
class AccessCheckTest {

    private static DriftwatchConfig config(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of(
                "driftwatch.monitors.score.field", "/score",
                "driftwatch.monitors.score.kind", "numeric",
                "driftwatch.monitors.score.reference", "src/test/resources/references/score.json"));
        p.putAll(extra);
        return TestConfig.driftwatch(p);
    }

    private static List<AclRequirement> defaults() {
        DriftwatchConfig c = config(Map.of());
        return AccessCheck.required(c, new Topics("predictions", "driftwatch", c));
    }

    @Test
    void theDefaultDeploymentNeedsReadOnItsInputAndGroupsAndWritesOnlyItsOwnTopics() {
        List<AclRequirement> required = defaults();
        assertThat(required)
                .extracting(AclRequirement::describe)
                .containsExactly(
                        "Read on topic predictions",
                        "Read on consumer group driftwatch",
                        "Read on topic driftwatch-panes",
                        "Write on topic driftwatch-panes",
                        "DescribeConfigs on topic driftwatch-panes",
                        "Read on consumer group driftwatch-owners",
                        "Write on transactional ids with prefix driftwatch-panes-",
                        "Read on topic driftwatch-alert-states",
                        "Write on topic driftwatch-alert-states",
                        "DescribeConfigs on topic driftwatch-alert-states",
                        "Read on topic driftwatch-references",
                        "Write on topic driftwatch-references",
                        "DescribeConfigs on topic driftwatch-references",
                        "Write on transactional ids with prefix driftwatch-references-",
                        "Write on topic drift-alerts");
        assertThat(required)
                .noneMatch(r -> r.type() == ResourceType.CLUSTER)
                .noneMatch(r -> r.operation() == AclOperation.CREATE);
    }

    @Test
    void optionalPartsAddOrRemoveTheirPermissions() {
        DriftwatchConfig c = config(Map.of(
                "driftwatch.references.enabled", "false",
                "driftwatch.alerts.kafka.enabled", "false",
                "driftwatch.events.dead-letter-topic", "rejected"));
        List<AclRequirement> r = AccessCheck.required(c, new Topics("in", "team-a", c));
        assertThat(r)
                .extracting(AclRequirement::describe)
                .contains("Write on topic rejected", "Read on consumer group team-a-owners")
                .noneMatch(d -> d.contains("references") || d.contains("drift-alerts"));
        assertThat(AccessCheck.creating(c, new Topics("in", "team-a", c)))
                .extracting(AclRequirement::describe)
                .containsExactly(
                        "Create on topic team-a-panes",
                        "Create on topic team-a-alert-states",
                        "Create on topic rejected");
    }

    @Test
    void theDocsAndTheStrimziUserListExactlyThem() throws IOException {
        String doc = Files.readString(Path.of("docs/kafka-security.md"));
        String user = Files.readString(Path.of("deploy/k8s/components/strimzi/kafka-user.yaml"));
        for (AclRequirement r : defaults()) {
            assertThat(doc).as("docs/kafka-security.md").contains(r.command("User:driftwatch"));
            assertThat(user)
                    .as("kafka-user.yaml")
                    .containsPattern(
                            "(?s)type: " + r.strimziType() + "\\s+name: " + java.util.regex.Pattern.quote(r.name())
                                    + "\\s+patternType: " + r.strimziPattern()
                                    + "\\s+operations: \\[[^]]*\\b" + r.operationName() + "\\b");
        }
        assertThat(user.split("- resource:").length - 1)
                .as("one ACL entry per resource in kafka-user.yaml")
                .isEqualTo((int) defaults().stream()
                        .map(r -> r.type() + r.name())
                        .distinct()
                        .count());
    }
}

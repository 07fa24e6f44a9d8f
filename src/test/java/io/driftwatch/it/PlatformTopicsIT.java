package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.kafka.AccessCheck;
import io.driftwatch.kafka.Topics;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.SecuredBroker;
import io.driftwatch.testing.TestConfig;
import io.driftwatch.testing.TestMonitors;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Topics owned by the platform, on a broker with topic auto-creation off that denies {@code Create}: pre-created topics
 * work; a missing one is named at start-up (readiness DOWN, one {@code ERROR}) with the command that creates it, and
 * Driftwatch goes on once it exists, without a restart; when the broker refuses to create a topic Driftwatch would,
 * the reason says so; a pane topic with too few partitions or too short a retention stops the start naming the key and
 * the fix.
 */
class PlatformTopicsIT {

    private static final String USER = "driftwatch";
    private static final String PASSWORD = "dw-" + UUID.randomUUID();

    @Test
    void missingOrWronglyConfiguredTopicsAreNamedWithTheFix() throws Exception {
        try (SecuredBroker broker = SecuredBroker.start("platform-topics")) {
            broker.createUser(USER, PASSWORD);

            // 1. platform-owned, one topic forgotten: named with its command; created later, Driftwatch goes on
            String input = "pt-in";
            Map<String, String> props = settings(broker, input);
            props.put("driftwatch.topics.create", "false");
            Topics names = grant(broker, props, input);
            List<NewTopic> all = platformTopics(names, 12, Optional.empty());
            NewTopic forgotten = all.stream()
                    .filter(t -> t.name().equals(names.alertStates()))
                    .findFirst()
                    .orElseThrow();
            List<NewTopic> some = new ArrayList<>(all);
            some.remove(forgotten);
            broker.createTopics(some);
            try (AppProcess app = AppProcess.start("platform-topics-missing", props)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                                app.get("/q/health/ready").body())
                        .contains("topics missing")
                        .contains(names.alertStates())
                        .contains("kafka-topics.sh --bootstrap-server <broker> --create --topic " + names.alertStates()
                                + " --partitions 1")
                        .contains("cleanup.policy=compact"));
                assertThat(Files.readString(app.log()))
                        .containsPattern("ERROR .*topics missing.*")
                        .contains("driftwatch.topics.create=false");
                broker.createTopics(List.of(forgotten));
                LeastPrivilegeIT.awaitReady(app);
            }

            // 2. Driftwatch may create its topics but the broker refuses: the reason says so
            String refused = "pt-refused";
            Map<String, String> creating = settings(broker, refused);
            grant(broker, creating, refused);
            try (AppProcess app = AppProcess.start("platform-topics-refused", creating)) {
                Topics refusedNames = new Topics(refused, refused, TestConfig.driftwatch(creating));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                                app.get("/q/health/ready").body())
                        .contains(refusedNames.panes())
                        .contains("the broker refused to create it (TopicAuthorizationException)"));
            }

            // 3. wrongly configured pane topics stop the start, naming the key and the fix
            for (String wrong : List.of("partitions", "retention")) {
                String topic = "pt-" + wrong;
                Map<String, String> p = settings(broker, topic);
                p.put("driftwatch.topics.create", "false");
                Topics wrongNames = grant(broker, p, topic);
                broker.createTopics(platformTopics(
                        wrongNames,
                        wrong.equals("partitions") ? 2 : 12,
                        wrong.equals("retention") ? Optional.of(60_000L) : Optional.empty()));
                String expected = wrong.equals("partitions") ? "driftwatch.panes.partitions=12" : "retention.ms=60000";
                assertThatThrownBy(() ->
                                AppProcess.start("platform-topics-" + wrong, p).close())
                        .hasMessageContaining("exited")
                        .hasMessageContaining(expected)
                        .hasMessageContaining(wrongNames.panes());
            }
        }
    }

    private static Map<String, String> settings(SecuredBroker broker, String input) {
        Map<String, String> props = TestMonitors.properties(input, input);
        props.put("driftwatch.references.topic", input + "-references");
        props.put("driftwatch.alerts.kafka.topic", input + "-alerts");
        props.putAll(broker.appSettings(USER, PASSWORD));
        return props;
    }

    /** Grants the documented permissions (no Create) and makes the input topic; returns the topics' names. */
    private static Topics grant(SecuredBroker broker, Map<String, String> props, String input) throws Exception {
        DriftwatchConfig config = TestConfig.driftwatch(props);
        Topics names = new Topics(input, input, config);
        broker.allow(AccessCheck.required(config, names).stream()
                .map(a -> a.binding("User:" + USER))
                .toList());
        broker.createTopics(List.of(new NewTopic(input, 1, (short) 1)));
        return names;
    }

    /** Every topic Driftwatch writes, as the platform team would create them (the documented settings). */
    static List<NewTopic> platformTopics(Topics names, int panePartitions, Optional<Long> paneRetention) {
        List<NewTopic> out = new ArrayList<>();
        out.add(new NewTopic(names.panes(), panePartitions, (short) 1)
                .configs(Map.of(
                        "cleanup.policy", "delete", "retention.ms", Long.toString(paneRetention.orElse(3_600_000L)))));
        out.add(new NewTopic(names.alertStates(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        out.add(new NewTopic(names.references(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        names.alerts().ifPresent(t -> out.add(new NewTopic(t, 1, (short) 1)));
        names.deadLetters().ifPresent(t -> out.add(new NewTopic(t, 1, (short) 1)));
        return out;
    }

    static void createAsThePlatform(
            SecuredBroker broker, Topics names, int panePartitions, Optional<Long> paneRetention) throws Exception {
        broker.createTopics(platformTopics(names, panePartitions, paneRetention));
    }
}

package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client comes from {@link KafkaClients}: Quarkus' {@code kafka.*} settings reach every kind of client,
 * each client's own keys reach only it, and what a client must own cannot be configured away.
 */
class KafkaClientsTest {

    /** The {@code kafka.*} settings as Quarkus' {@code default-kafka-broker} map has them (prefix stripped). */
    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "broker-1:9093,broker-2:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"dw\" password=\"s3cret\";",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "ssl.truststore.password", "trust-me",
            "ssl.truststore.type", "PKCS12",
            "ssl.endpoint.identification.algorithm", "https",
            "client.dns.lookup", "resolve_canonical_bootstrap_servers_only");

    /** Every recipe Driftwatch makes a client from, by what it is. */
    private static Map<String, KafkaRecipe> everyClient() {
        Map<String, KafkaRecipe> all = new LinkedHashMap<>();
        all.put("input consumer", KafkaRecipes.input("driftwatch"));
        all.put("owner consumer", KafkaRecipes.owner("driftwatch-owners"));
        all.put("transactional pane producer", KafkaRecipes.panes("driftwatch-panes-pod-0", Duration.ofSeconds(10)));
        all.put("alert producer", KafkaRecipes.alerts());
        all.put("alert-state producer", KafkaRecipes.alertStatesWriter());
        all.put("alert-state reader", KafkaRecipes.alertStatesReader());
        all.put("reference producer", KafkaRecipes.referencesWriter("driftwatch-references-x", Duration.ofSeconds(20)));
        all.put("reference reader", KafkaRecipes.referencesReader());
        all.put("dead-letter producer", KafkaRecipes.deadLetters(512 * 1024));
        all.put("topics admin", KafkaRecipes.topicsAdmin(Duration.ofSeconds(10)));
        all.put("probe admin", KafkaRecipes.probeAdmin());
        all.put("simulator producer", KafkaRecipes.simulator());
        return all;
    }

    @Test
    void everyClientKindGetsTheClustersSecurityAndDnsSettings() {
        KafkaClients clients = new KafkaClients(SECURED, Map.of());
        everyClient().forEach((what, recipe) -> {
            Properties p = clients.properties(recipe);
            SECURED.forEach((k, v) -> assertThat(p).as(what + ": " + k).containsEntry(k, v));
        });
    }

    @Test
    void whatAClientMustOwnCannotBeConfiguredAway() {
        Map<String, Object> hostile = new LinkedHashMap<>(SECURED);
        hostile.putAll(Map.of(
                "transactional.id", "someone-else",
                "isolation.level", "read_uncommitted",
                "enable.auto.commit", "true",
                "group.id", "quarkus-application-name",
                "key.serializer", "com.example.Avro",
                "value.deserializer", "com.example.Avro",
                "enable.idempotence", "false",
                "acks", "1"));
        Map<KafkaClient, Map<String, String>> perClient = Map.of(
                KafkaClient.INPUT, Map.of("isolation.level", "read_uncommitted", "group.id", "other"),
                KafkaClient.PANES, Map.of("transactional.id", "other", "transaction.timeout.ms", "1"),
                KafkaClient.REFERENCES, Map.of("transactional.id", "other", "isolation.level", "read_uncommitted"));
        KafkaClients clients = new KafkaClients(hostile, perClient);

        Properties input = clients.properties(KafkaRecipes.input("driftwatch"));
        assertThat(input)
                .containsEntry("group.id", "driftwatch")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false");
        Properties owner = clients.properties(KafkaRecipes.owner("driftwatch-owners"));
        assertThat(owner)
                .containsEntry("group.id", "driftwatch-owners")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry(
                        "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        Properties panes = clients.properties(KafkaRecipes.panes("driftwatch-panes-pod-0", Duration.ofSeconds(10)));
        assertThat(panes)
                .containsEntry("transactional.id", "driftwatch-panes-pod-0")
                .containsEntry("transaction.timeout.ms", "10000")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all");
        Properties references = clients.properties(KafkaRecipes.referencesReader());
        assertThat(references)
                .containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id");
        assertThat(clients.properties(KafkaRecipes.referencesWriter("driftwatch-references-x", Duration.ofSeconds(20))))
                .containsEntry("transactional.id", "driftwatch-references-x");
        for (String alertProducer : List.of("alerts", "alert-states")) {
            KafkaRecipe r = alertProducer.equals("alerts") ? KafkaRecipes.alerts() : KafkaRecipes.alertStatesWriter();
            assertThat(clients.properties(r))
                    .as(alertProducer)
                    .containsEntry("acks", "all")
                    .containsEntry("enable.idempotence", "true")
                    .doesNotContainKey("transactional.id");
        }
        everyClient().forEach((what, recipe) -> {
            Properties p = clients.properties(recipe);
            assertThat(p.keySet())
                    .as(what + ": (de)serializers are byte arrays, passed to the constructor")
                    .doesNotContain("key.serializer", "value.serializer", "key.deserializer", "value.deserializer");
            if (!what.equals("input consumer") && !what.equals("owner consumer")) {
                assertThat(p.keySet()).as(what + ": no group").doesNotContain("group.id");
            }
        });
    }

    @Test
    void aClientsOwnKeysReachOnlyThatClient() {
        KafkaClients clients = new KafkaClients(
                SECURED,
                Map.of(
                        KafkaClient.ALERTS,
                        Map.of("sasl.jaas.config", "alerts-principal", "client.id", "dw-alerts", "linger.ms", "7")));
        assertThat(clients.properties(KafkaRecipes.alerts()))
                .containsEntry("sasl.jaas.config", "alerts-principal")
                .containsEntry("client.id", "dw-alerts")
                .containsEntry("linger.ms", "7");
        assertThat(clients.properties(KafkaRecipes.alertStatesWriter()))
                .containsEntry("sasl.jaas.config", SECURED.get("sasl.jaas.config"))
                .containsEntry("client.id", "driftwatch-alert-states");
    }

    @Test
    void perClientKeysAreReadFromPropertiesEnvironmentAndTheInputsOlderKeys() {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "driftwatch.kafka.alerts.sasl.jaas.config", "from-properties",
                                "DRIFTWATCH_KAFKA_ALERT_STATES_SASL_MECHANISM", "PLAIN",
                                "driftwatch.kafka.alert-states.linger.ms", "9",
                                "mp.messaging.incoming.predictions.max.poll.records", "700",
                                "mp.messaging.incoming.predictions.topic", "events",
                                "driftwatch.kafka.input.max.poll.records", "800"),
                        "test",
                        100))
                .build();
        Map<KafkaClient, Map<String, String>> keys = KafkaClients.perClientKeys(config);
        assertThat(keys.get(KafkaClient.ALERTS))
                .containsExactlyEntriesOf(Map.of("sasl.jaas.config", "from-properties"));
        assertThat(keys.get(KafkaClient.ALERT_STATES))
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("linger.ms", "9");
        assertThat(keys.get(KafkaClient.INPUT))
                .as("the newer key wins; `topic` is no consumer property")
                .containsExactlyEntriesOf(Map.of("max.poll.records", "800"));
    }

    @Test
    void consumerPropertiesComeFromKafkaThenFromTheInputsOwnKeys() {
        var config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "mp.messaging.incoming.predictions.security.protocol", "SASL_SSL",
                                "mp.messaging.incoming.predictions.max.poll.records", "700",
                                "mp.messaging.incoming.predictions.enable.auto.commit", "true",
                                "mp.messaging.incoming.predictions.topic", "events",
                                "mp.messaging.incoming.predictions.connector", "smallrye-kafka",
                                "mp.messaging.incoming.predictions.value.deserializer", "com.example.Avro"),
                        "test",
                        100))
                .build();
        KafkaClients clients = new KafkaClients(
                Map.of(
                        "bootstrap.servers", "broker:9092",
                        "security.protocol", "SSL",
                        "not.a.consumer.property", "x"),
                KafkaClients.perClientKeys(config));
        Properties p = clients.properties(KafkaRecipes.input("driftwatch"));
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

    @Test
    void secretsAreHiddenWhenASettingIsDescribed() {
        String text = new KafkaClients(SECURED, Map.of()).describe(KafkaRecipes.alerts());
        assertThat(text)
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain("s3cret", "trust-me");
    }
}

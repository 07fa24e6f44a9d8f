package io.driftwatch.kafka;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The one place Kafka clients are built. Every consumer, producer and admin client of Driftwatch gets, in this order
 * (later wins):
 *
 * <ol>
 *   <li>the defaults of its recipe ({@link KafkaRecipes}: time-outs, batching, client id);
 *   <li>Quarkus' Kafka configuration: every {@code kafka.*} key (and {@code KAFKA_*} environment variable), as the
 *       {@code default-kafka-broker} map of {@code quarkus-kafka-client} has them — {@code bootstrap.servers},
 *       {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, {@code client.dns.lookup}, ... Only keys Kafka defines
 *       for the kind of client are passed (a consumer gets no {@code acks}, a producer no {@code group.id}).
 *       {@code client.id}, {@code group.id}, {@code group.instance.id} and {@code transactional.id} are
 *       never taken from here: they name one client, not all;
 *   <li>the client's own keys {@code driftwatch.kafka.<client>.<property>} (e.g.
 *       {@code driftwatch.kafka.alerts.sasl.jaas.config} for another principal on the alert topic; environment:
 *       {@code DRIFTWATCH_KAFKA_ALERTS_SASL_JAAS_CONFIG}); for the input consumer also the older
 *       {@code mp.messaging.incoming.predictions.<property>} ({@link LegacyInputKeys});
 *   <li>what the client must own and nobody may change: transactional id, isolation level, group, auto-commit,
 *       idempotence; and the (de)serializers, which are always raw bytes (Driftwatch reads and writes the values
 *       itself), passed to the client's constructor.
 * </ol>
 *
 * <p>Secrets ({@code PASSWORD} settings of Kafka's own definitions, and plugin keys that look like one) are never
 * printed: {@link #describe} shows them as {@code [hidden]}.
 *
 * <p>Immutable after construction and thread-safe.
 */
@ApplicationScoped
public class KafkaClients {

    private static final Logger LOG = Logger.getLogger(KafkaClients.class);

    /** Keys that name one client: never shared by {@code kafka.*}. */
    static final Set<String> NEVER_SHARED = Set.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerConfig.CLIENT_ID_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    /** Quarkus' key naming a TLS configuration of its TLS registry (see {@code quarkus-kafka-client}). */
    static final String QUARKUS_TLS_CONFIGURATION = "tls-configuration-name";

    /** The prefix of per-client keys: {@code driftwatch.kafka.<client>.<property>}. */
    public static final String CLIENT_PREFIX = "driftwatch.kafka.";

    private final Map<String, Object> shared;
    private final Map<KafkaClient, Map<String, String>> perClient;

    @Inject
    KafkaClients(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, DriftwatchConfig driftwatch, Config config) {
        this(kafka, perClientKeys(config));
        for (String client : driftwatch.kafka().keySet()) {
            if (Arrays.stream(KafkaClient.values()).noneMatch(c -> c.key().equals(client))) {
                throw new InvalidConfigException(
                        CLIENT_PREFIX + client + ".*",
                        driftwatch.kafka().get(client).keySet(),
                        "a client of "
                                + Arrays.stream(KafkaClient.values())
                                        .map(KafkaClient::key)
                                        .collect(Collectors.joining(", ")));
            }
        }
    }

    /**
     * @param kafka the {@code kafka.*} settings without the prefix
     * @param perClient each client's own settings
     */
    public KafkaClients(Map<String, Object> kafka, Map<KafkaClient, Map<String, String>> perClient) {
        Map<String, Object> s = new TreeMap<>(kafka);
        s.keySet().removeAll(NEVER_SHARED);
        this.shared = Map.copyOf(s);
        Map<KafkaClient, Map<String, String>> p = new EnumMap<>(KafkaClient.class);
        perClient.forEach((c, m) -> p.put(c, Map.copyOf(m)));
        this.perClient = p;
    }

    /** The settings {@code recipe} gets, in the order of the class comment. */
    public Properties properties(KafkaRecipe recipe) {
        Map<String, Object> p = new TreeMap<>(recipe.defaults());
        shared.forEach((k, v) -> {
            if (belongs(k, recipe.type())) {
                p.put(k, v);
            }
        });
        perClient.getOrDefault(recipe.client(), Map.of()).forEach((k, v) -> {
            if (belongs(k, recipe.type())) {
                p.put(k, v);
            }
        });
        recipe.owned().forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /** A consumer of raw bytes made from {@code recipe} (a {@link KafkaRecipe.Type#CONSUMER}). */
    public KafkaConsumer<byte[], byte[]> consumer(KafkaRecipe recipe) {
        require(recipe, KafkaRecipe.Type.CONSUMER);
        log(recipe);
        return new KafkaConsumer<>(properties(recipe), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer of raw bytes made from {@code recipe} (a {@link KafkaRecipe.Type#PRODUCER}). */
    public KafkaProducer<byte[], byte[]> producer(KafkaRecipe recipe) {
        require(recipe, KafkaRecipe.Type.PRODUCER);
        log(recipe);
        return new KafkaProducer<>(properties(recipe), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** An admin client made from {@code recipe} (a {@link KafkaRecipe.Type#ADMIN}). */
    public Admin admin(KafkaRecipe recipe) {
        require(recipe, KafkaRecipe.Type.ADMIN);
        return Admin.create(properties(recipe));
    }

    /** The bootstrap servers every client uses (for messages; never a secret). */
    public String bootstrapServers() {
        Object b = shared.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        return b == null ? "localhost:9092" : b.toString();
    }

    /** {@code recipe}'s settings as text, secrets shown as {@code [hidden]}: safe to log. */
    public String describe(KafkaRecipe recipe) {
        Properties p = properties(recipe);
        return new TreeMap<>(p)
                .entrySet().stream()
                        .map(e -> e.getKey() + "="
                                + (secret(e.getKey().toString(), recipe.type()) ? "[hidden]" : e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    private void log(KafkaRecipe recipe) {
        LOG.debugf(
                "Kafka client %s (%s): %s",
                recipe.client().key(), recipe.type().name().toLowerCase(Locale.ROOT), describe(recipe));
    }

    private static void require(KafkaRecipe recipe, KafkaRecipe.Type type) {
        if (recipe.type() != type) {
            throw new IllegalArgumentException(
                    recipe.client().key() + " is a " + recipe.type() + " recipe, not " + type);
        }
    }

    /**
     * Whether {@code key} is for a client of {@code type}: a key Kafka defines for this type, or Quarkus' name of a
     * TLS configuration ({@code tls-configuration-name}, read by its SSL engine factory). Anything else would only make
     * the client warn that it does not know it.
     */
    static boolean belongs(String key, KafkaRecipe.Type type) {
        return definition(type).configKeys().containsKey(key) || key.equals(QUARKUS_TLS_CONFIGURATION);
    }

    /** Whether {@code key}'s value must not be printed. */
    static boolean secret(String key, KafkaRecipe.Type type) {
        ConfigDef.ConfigKey k = definition(type).configKeys().get(key);
        if (k != null) {
            return k.type == ConfigDef.Type.PASSWORD;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("secret")
                || lower.contains("jaas")
                || lower.contains("token")
                || lower.contains("credential")
                || lower.endsWith(".key");
    }

    private static ConfigDef definition(KafkaRecipe.Type type) {
        return switch (type) {
            case CONSUMER -> ConsumerConfig.configDef();
            case PRODUCER -> ProducerConfig.configDef();
            case ADMIN -> AdminClientConfig.configDef();
        };
    }

    /**
     * Every client's own keys: {@code driftwatch.kafka.<client>.<property>} (also as environment variables
     * {@code DRIFTWATCH_KAFKA_<CLIENT>_<PROPERTY>}, dots and dashes as underscores), and for the input consumer the
     * older {@code mp.messaging.incoming.predictions.<consumer property>} ({@link LegacyInputKeys}; the newer form
     * wins).
     */
    static Map<KafkaClient, Map<String, String>> perClientKeys(Config config) {
        Map<KafkaClient, Map<String, String>> out = new EnumMap<>(KafkaClient.class);
        Map<String, String> environment = new TreeMap<>();
        Map<String, String> dotted = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CLIENT_PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> dotted.put(name, v));
            } else if (name.startsWith("DRIFTWATCH_KAFKA_")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> environment.put(name, v));
            }
        }
        out.computeIfAbsent(KafkaClient.INPUT, c -> new TreeMap<>()).putAll(LegacyInputKeys.consumerProperties(config));
        for (KafkaClient client : KafkaClient.values()) {
            String envPrefix =
                    "DRIFTWATCH_KAFKA_" + client.key().toUpperCase(Locale.ROOT).replace('-', '_') + "_";
            environment.forEach((name, v) -> {
                if (name.startsWith(envPrefix)) {
                    String key = name.substring(envPrefix.length())
                            .toLowerCase(Locale.ROOT)
                            .replace('_', '.');
                    out.computeIfAbsent(client, c -> new TreeMap<>()).put(key, v);
                }
            });
            String prefix = CLIENT_PREFIX + client.key() + ".";
            dotted.forEach((name, v) -> {
                if (name.startsWith(prefix)) {
                    out.computeIfAbsent(client, c -> new TreeMap<>()).put(name.substring(prefix.length()), v);
                }
            });
        }
        return out;
    }
}

package io.driftwatch.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Every Kafka client Driftwatch makes, as a {@link KafkaRecipe}: what each one is tuned for (defaults) and what it must
 * own. {@link KafkaClients} adds the configured settings between the two.
 *
 * <p>Stateless.
 */
public final class KafkaRecipes {

    /** Dead letters larger than this are truncated (header {@code driftwatch-original-size}). */
    public static final int MAX_DEAD_LETTER_BYTES = 512 * 1024;

    private KafkaRecipes() {}

    /**
     * Stage 1's input consumer: in the input's group; offsets are committed in the pane transactions (never
     * auto-commit) and read {@code read_committed}, so a rewind after a failed commit never lands before offsets that
     * did commit (and a transactional input's aborted records are skipped).
     */
    public static KafkaRecipe input(String group) {
        return new KafkaRecipe(
                KafkaClient.INPUT,
                KafkaRecipe.Type.CONSUMER,
                Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-predictions",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"),
                consumerOwns(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, group,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")));
    }

    /**
     * Stage 2's owner consumer: in the owners' group, cooperative (only partitions that move are revoked),
     * {@code read_committed} (only committed stage-1 transactions), no commits (a new owner rebuilds by time).
     */
    public static KafkaRecipe owner(String group) {
        return new KafkaRecipe(
                KafkaClient.OWNER,
                KafkaRecipe.Type.CONSUMER,
                Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-owner",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"),
                consumerOwns(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName())));
    }

    /**
     * Stage 1's transactional producer of pane deltas: a flush waits at most 10 s for a broker that is gone, then
     * aborts and rewinds.
     */
    public static KafkaRecipe panes(String transactionalId, Duration transactionTimeout) {
        return new KafkaRecipe(
                KafkaClient.PANES,
                KafkaRecipe.Type.PRODUCER,
                Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-panes",
                        ProducerConfig.LINGER_MS_CONFIG, "5",
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000"),
                transactional(transactionalId, transactionTimeout));
    }

    /**
     * How long one alert send may take before the alert sink gives it up and its delivery queue sends it again: the
     * alert producer's {@code max.block.ms} (60 s, Kafka's default: a send waits for a broker that is restarting)
     * plus its {@code delivery.timeout.ms} (120 s), and 5 s to spare. Waiting the producer's whole time means a send
     * that is only late is never sent twice.
     */
    public static final Duration ALERT_SEND_GIVE_UP = Duration.ofSeconds(60 + 120 + 5);

    /**
     * The alert producer: idempotent, every replica acknowledges; a send waits up to 60 s for metadata, so a broker
     * restart delays an alert instead of failing it.
     */
    public static KafkaRecipe alerts() {
        return new KafkaRecipe(
                KafkaClient.ALERTS,
                KafkaRecipe.Type.PRODUCER,
                Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-alerts",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000"),
                producerOwns(
                        Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")));
    }

    /** The alert-state writer: idempotent, every replica acknowledges, at most 5 s blocked. */
    public static KafkaRecipe alertStatesWriter() {
        return new KafkaRecipe(
                KafkaClient.ALERT_STATES,
                KafkaRecipe.Type.PRODUCER,
                Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "driftwatch-alert-states",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        "5000"),
                producerOwns(
                        Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")));
    }

    /** The alert-state reader: follows the compacted topic from its beginning, no group. */
    public static KafkaRecipe alertStatesReader() {
        return follower(KafkaClient.ALERT_STATES, "driftwatch-alert-states");
    }

    /** The reference reader: follows the compacted topic from its beginning, no group, committed records only. */
    public static KafkaRecipe referencesReader() {
        return follower(KafkaClient.REFERENCES, "driftwatch-references-reader");
    }

    /**
     * The reference writer: one transaction per change; short time-outs (a REST change waits for it); large
     * records (a reference of many bins).
     */
    public static KafkaRecipe referencesWriter(String transactionalId, Duration transactionTimeout) {
        return new KafkaRecipe(
                KafkaClient.REFERENCES,
                KafkaRecipe.Type.PRODUCER,
                Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-references-writer",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000",
                        ProducerConfig.LINGER_MS_CONFIG, "0",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 * 1024 * 1024)),
                transactional(transactionalId, transactionTimeout));
    }

    /**
     * The dead-letter producer: a send waits at most 1 s for metadata or buffer space, never longer on an ingest
     * thread; requests large enough for a copy of {@code maxValueBytes}.
     */
    public static KafkaRecipe deadLetters(int maxValueBytes) {
        return new KafkaRecipe(
                KafkaClient.DEAD_LETTERS,
                KafkaRecipe.Type.PRODUCER,
                Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-dead-letters",
                        ProducerConfig.LINGER_MS_CONFIG, "50",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * maxValueBytes)),
                producerOwns(Map.of()));
    }

    /** The simulator's producer (demo traffic). */
    public static KafkaRecipe simulator() {
        return new KafkaRecipe(
                KafkaClient.SIMULATOR,
                KafkaRecipe.Type.PRODUCER,
                Map.of(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-simulator", ProducerConfig.LINGER_MS_CONFIG, "20"),
                producerOwns(Map.of()));
    }

    /** The admin client that creates and checks topics: every call bounded by {@code timeout} (requests by 5 s). */
    public static KafkaRecipe topicsAdmin(Duration timeout) {
        return new KafkaRecipe(
                KafkaClient.ADMIN,
                KafkaRecipe.Type.ADMIN,
                Map.of(
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "driftwatch-topics",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Long.toString(Math.min(timeout.toMillis(), 5_000)),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        Long.toString(timeout.toMillis())),
                Map.of());
    }

    /** The admin client of the 2 s broker probe (end offsets, health): answers within 2 s or not at all. */
    public static KafkaRecipe probeAdmin() {
        return new KafkaRecipe(
                KafkaClient.ADMIN,
                KafkaRecipe.Type.ADMIN,
                Map.of(
                        AdminClientConfig.CLIENT_ID_CONFIG, "driftwatch-lag",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500",
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"),
                Map.of());
    }

    private static KafkaRecipe follower(KafkaClient client, String clientId) {
        return new KafkaRecipe(
                client,
                KafkaRecipe.Type.CONSUMER,
                Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
                        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"),
                consumerOwns(Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")));
    }

    private static Map<String, Object> transactional(String transactionalId, Duration timeout) {
        return producerOwns(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                Long.toString(timeout.toMillis()),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true"));
    }

    private static Map<String, Object> consumerOwns(Map<String, Object> own) {
        Map<String, Object> m = new HashMap<>(own);
        // the factory passes byte-array deserializers to the constructor: none may be configured
        m.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, null);
        m.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, null);
        m.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, null); // followers read without a group
        return m;
    }

    private static Map<String, Object> producerOwns(Map<String, Object> own) {
        Map<String, Object> m = new HashMap<>(own);
        m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, null);
        m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, null);
        return m;
    }
}

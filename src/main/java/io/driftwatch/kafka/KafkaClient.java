package io.driftwatch.kafka;

/**
 * The Kafka clients of Driftwatch, by what they are for. Each name is the {@code <client>} of its own configuration keys
 * {@code driftwatch.kafka.<client>.<property>} ({@link KafkaClients}).
 */
public enum KafkaClient {
    /** Stage 1's consumer of the input topic, in the input's consumer group. */
    INPUT("input"),
    /** Stage 2's consumer of the pane topic, in the owners' consumer group. */
    OWNER("owner"),
    /** Stage 1's transactional producer of pane deltas and input offsets. */
    PANES("panes"),
    /** The producer of alert messages to the alert topic. */
    ALERTS("alerts"),
    /** The reader and writer of the compacted alert-state topic. */
    ALERT_STATES("alert-states"),
    /** The reader and transactional writer of the compacted reference topic. */
    REFERENCES("references"),
    /** The producer of rejected records to the dead-letter topic. */
    DEAD_LETTERS("dead-letters"),
    /** Admin clients: creating and checking topics, end offsets for lag and health. */
    ADMIN("admin"),
    /** The demo's prediction simulator. */
    SIMULATOR("simulator");

    private final String key;

    KafkaClient(String key) {
        this.key = key;
    }

    /** The {@code <client>} of {@code driftwatch.kafka.<client>.*}. */
    public String key() {
        return key;
    }
}

package io.driftwatch.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic Driftwatch needs, as it would create it: name, partitions and replication factor (empty: the broker's
 * default) and topic configuration, and what it is for. Immutable.
 *
 * @param name the topic
 * @param purpose what Driftwatch uses it for, in words
 * @param partitions partitions, or the broker's default
 * @param replicationFactor replication factor, or the broker's default
 * @param configs topic configuration
 */
public record TopicSpec(
        String name,
        String purpose,
        Optional<Integer> partitions,
        Optional<Short> replicationFactor,
        Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** The topic as the admin client creates it. */
    public NewTopic newTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /** The {@code kafka-topics.sh} command that creates it. */
    public String command() {
        StringBuilder b =
                new StringBuilder("kafka-topics.sh --bootstrap-server <broker> --create --topic ").append(name);
        b.append(" --partitions ").append(partitions.orElse(1));
        replicationFactor.filter(r -> r > 0).ifPresent(r -> b.append(" --replication-factor ")
                .append(r));
        new TreeMap<>(configs)
                .forEach((k, v) -> b.append(" --config ").append(k).append('=').append(v));
        return b.toString();
    }
}

package io.driftwatch.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The input's keys from when it was a reactive-messaging channel, {@code mp.messaging.incoming.predictions.*}: still
 * read for a release, each with one warning naming its new key ({@code driftwatch.input.topic},
 * {@code driftwatch.input.group}, {@code driftwatch.kafka.input.<property>}). The new key wins when both are set.
 * ({@code application.properties} declares the old channel {@code enabled=false} with its connector, so that the
 * messaging extension does not take the old keys for a channel of its own.)
 *
 * <p>Thread-safe.
 */
public final class LegacyInputKeys {

    /** The prefix of the older keys. */
    public static final String PREFIX = "mp.messaging.incoming.predictions.";

    private static final Logger LOG = Logger.getLogger(LegacyInputKeys.class);
    /** Keys the messaging extension needs on the disabled channel: set by Driftwatch, not by users. */
    private static final Set<String> OWN = Set.of("connector", "enabled");

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private LegacyInputKeys() {}

    /** The input topic from {@code mp.messaging.incoming.predictions.topic}, with a warning. */
    static Optional<String> topic(Config config) {
        return read(config, "topic", "driftwatch.input.topic");
    }

    /** The input group from {@code mp.messaging.incoming.predictions.group.id}, with a warning. */
    static Optional<String> group(Config config) {
        return read(config, "group.id", "driftwatch.input.group");
    }

    /** The Kafka consumer properties among the older keys, each with a warning. */
    static Map<String, String> consumerProperties(Config config) {
        Map<String, String> out = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String key = name.substring(PREFIX.length());
            if (ConsumerConfig.configNames().contains(key) && !key.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                read(config, key, KafkaClients.CLIENT_PREFIX + KafkaClient.INPUT.key() + "." + key)
                        .ifPresent(v -> out.put(key, v));
            } else if (!OWN.contains(key) && !key.equals("topic") && !key.equals("group.id")) {
                warnOnce(
                        name,
                        name + " is not read (not a Kafka consumer property); input keys are driftwatch.input.*"
                                + " and driftwatch.kafka.input.*");
            }
        }
        return out;
    }

    private static Optional<String> read(Config config, String key, String newKey) {
        Optional<String> value = config.getOptionalValue(PREFIX + key, String.class);
        value.ifPresent(v -> warnOnce(
                PREFIX + key, PREFIX + key + " is deprecated and will be removed: set " + newKey + " instead"));
        return value;
    }

    private static void warnOnce(String key, String message) {
        if (WARNED.add(key)) {
            LOG.warn(message);
        }
    }
}

package io.driftwatch.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one Kafka client is made: which client it is, its kind, the defaults it starts from (anything configured wins)
 * and the settings it must own (nothing configured changes them; a {@code null} value removes the key).
 *
 * @param client which client (names its own configuration keys)
 * @param type consumer, producer or admin client
 * @param defaults settings that configuration may override
 * @param owned settings that configuration may not override
 */
public record KafkaRecipe(KafkaClient client, Type type, Map<String, Object> defaults, Map<String, Object> owned) {

    /** The kind of client. */
    public enum Type {
        CONSUMER,
        PRODUCER,
        ADMIN
    }

    public KafkaRecipe {
        defaults = Map.copyOf(defaults);
        owned = Collections.unmodifiableMap(new LinkedHashMap<>(owned)); // may hold null: "remove"
    }
}

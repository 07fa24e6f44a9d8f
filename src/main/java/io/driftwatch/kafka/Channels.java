package io.driftwatch.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Map;

/**
 * The outgoing reactive-messaging channels (Quarkus' {@code quarkus-messaging-kafka}) and their Kafka configuration:
 * alert messages ({@value #ALERTS}) and dead letters ({@value #DEAD_LETTERS}). Each channel's producer gets the same
 * settings as every other Driftwatch client ({@link KafkaClients}: defaults, {@code kafka.*},
 * {@code driftwatch.kafka.<client>.*}, owned settings) through the map the Kafka connector looks up by the channel's
 * name; {@code mp.messaging.outgoing.<channel>.*} keys still win over it, as in any Quarkus application. Stateless.
 */
@ApplicationScoped
public class Channels {

    /** Alert messages: topic {@code driftwatch.alerts.kafka.topic} (default {@code drift-alerts}). */
    public static final String ALERTS = "drift-alerts";

    /** Rejected records: topic {@code driftwatch.events.dead-letter-topic}. */
    public static final String DEAD_LETTERS = "dead-letters";

    private final KafkaClients clients;
    private final Topics topics;

    Channels(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    @Produces
    @Identifier(ALERTS)
    Map<String, Object> alerts() {
        Map<String, Object> m = channel(KafkaRecipes.alerts());
        topics.alerts().ifPresent(t -> m.put("topic", t));
        return m;
    }

    @Produces
    @Identifier(DEAD_LETTERS)
    Map<String, Object> deadLetters() {
        Map<String, Object> m = channel(KafkaRecipes.deadLetters(KafkaRecipes.MAX_DEAD_LETTER_BYTES));
        topics.deadLetters().ifPresent(t -> m.put("topic", t));
        return m;
    }

    /** A recipe's settings as the connector reads them, with the raw-bytes serializers the channels send. */
    private Map<String, Object> channel(KafkaRecipe recipe) {
        Map<String, Object> m = new HashMap<>();
        clients.properties(recipe).forEach((k, v) -> m.put(k.toString(), v));
        m.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        m.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return m;
    }
}

package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaRecipes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Alerts as JSON on a Kafka topic, keyed by {@code monitor/model}; idempotent producer, acks=all. */
final class KafkaAlertSink implements AlertSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final ObjectMapper json;

    KafkaAlertSink(KafkaClients clients, String topic, ObjectMapper json) {
        this.producer = clients.producer(KafkaRecipes.alerts());
        this.topic = topic;
        this.json = json;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void deliver(AlertMessage message) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic, message.key().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(message)))
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Alerts as JSON on a Kafka topic, keyed by {@code monitor/model}; idempotent producer, acks=all. */
final class KafkaAlertSink implements AlertSink {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final ObjectMapper json;

    KafkaAlertSink(String bootstrap, String topic, ObjectMapper json) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-alerts");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.json = json;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void deliver(AlertMessage message) throws Exception {
        producer.send(new ProducerRecord<>(topic, message.key(), json.writeValueAsString(message)))
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

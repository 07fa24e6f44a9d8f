package io.driftwatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Access to the real test broker that {@code deploy/local/kafka.sh} starts around the integration tests. */
public final class KafkaSupport {

    private KafkaSupport() {}

    public static String bootstrap() {
        return System.getProperty("kafka.bootstrap", "127.0.0.1:9092");
    }

    /** A new topic with a unique name. */
    public static String createTopic(String prefix, int partitions) {
        return createNamedTopic(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), partitions);
    }

    /** A new topic of exactly this name. */
    public static String createNamedTopic(String name, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, name, partitions);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrap(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return name;
    }

    /**
     * Waits until the broker names a leader for every partition of a topic just created (producing earlier gets
     * NOT_LEADER_OR_FOLLOWER; it can still happen just after, see {@link #producer}).
     */
    private static void awaitLeaders(Admin admin, String name, int partitions)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long led;
            try {
                led =
                        admin
                                .describeTopics(List.of(name))
                                .allTopicNames()
                                .get(10, TimeUnit.SECONDS)
                                .get(name)
                                .partitions()
                                .stream()
                                .filter(p -> p.leader() != null && !p.leader().isEmpty())
                                .count();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
                led = 0; // the broker has not seen the topic yet
            }
            if (led == partitions) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException(
                        name + ": " + led + " of " + partitions + " partitions have a leader after 30 s");
            }
            Thread.sleep(50);
        }
    }

    public static KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        // one request in flight: a batch retried after NOT_LEADER_OR_FOLLOWER (a partition the broker is still
        // creating) is then never overtaken by the next, which the idempotent producer answers with
        // OUT_OF_ORDER_SEQUENCE_NUMBER retries until the batch expires (RecoveryCostIT lost 178-179 records so)
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The records of {@code topic} that consumer group {@code <topic>-reader} has not read yet (from the beginning the
     * first time), polled for {@code wait}, as text; commits what it read, so the next call returns only newer ones.
     */
    public static List<ConsumerRecord<String, String>> readNew(String topic, Duration wait) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> out = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            consumer.commitSync();
        }
        return out;
    }

    /** Sends {@code value} (may be null) keyed by {@code key}, asynchronously. */
    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
}

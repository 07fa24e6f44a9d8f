import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends prediction events to a topic, one record per non-blank line of standard input, as they are (Driftwatch
 * validates them). Used by {@code deploy/local/send.sh}:
 *   java -cp "deploy/local/target/libs/*" deploy/local/SendEvents.java BOOTSTRAP TOPIC &lt; events.jsonl
 */
public class SendEvents {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer());
                var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    sent.add(producer.send(new ProducerRecord<>(args[1], line.strip().getBytes(StandardCharsets.UTF_8))));
                }
            }
            for (var f : sent) {
                f.get(); // fails loudly if the broker did not take an event
            }
        }
        System.err.println("sent " + sent.size() + " event(s) to topic " + args[1] + " on " + args[0]);
    }
}

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces N prediction events (a given share of them bad) to a topic as fast as the broker takes them, for
 * throughput-bench.sh and sizing-bench.sh. Run with the broker jars on the classpath:
 *   java -cp "deploy/local/target/libs/*" deploy/test/ProduceEvents.java BOOTSTRAP TOPIC N BAD_PERCENT [MODELS]
 * With MODELS (default 2: "fraud" and "churn"), events go round-robin to models m0 .. m(MODELS-1). With FEATURES
 * (java ... BOOTSTRAP TOPIC N BAD_PERCENT MODELS FEATURES), good events carry FEATURES features under /features instead:
 * two thirds numeric (f0, f1, ...), one third categorical (c0, c1, ..., five letters), as sizing-bench.sh's training
 * file has them.
 */
public class ProduceEvents {
    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        int n = Integer.parseInt(args[2]);
        int badPercent = Integer.parseInt(args[3]);
        int models = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int features = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        SplittableRandom random = new SplittableRandom(1);
        long now = System.currentTimeMillis();
        String[] countries = {"DE", "FR", "US", "GB", "IT"};
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String model = models == 2 ? ((i & 1) == 0 ? "fraud" : "churn") : "m" + (i % models);
                String json;
                if (random.nextInt(100) < badPercent) {
                    json = switch (i % 4) {
                        case 0 -> "{\"model\":\"" + model + "\",\"score\":0.3,\"lab";
                        case 1 -> "{\"model\":\"" + model + "\",\"score\":\"high\",\"label\":\"ok\"}";
                        case 2 -> "{\"model\":\"" + model + "\",\"score\":NaN,\"label\":\"ok\"}";
                        default -> "{\"model\":\"" + model + "\",\"label\":\"ok\"}";
                    };
                } else if (features > 0) {
                    StringBuilder b = new StringBuilder("{\"model\":\"").append(model).append("\",\"ts\":")
                            .append(now - random.nextInt(60_000)).append(",\"features\":{");
                    int numeric = features * 2 / 3;
                    for (int f = 0; f < features; f++) {
                        b.append(f == 0 ? "" : ",");
                        if (f < numeric) {
                            b.append("\"f").append(f).append("\":").append(random.nextDouble() * 3);
                        } else {
                            b.append("\"c").append(f - numeric).append("\":\"").append((char) ('a' + random.nextInt(5))).append('"');
                        }
                    }
                    json = b.append("}}").toString();
                } else {
                    double score = random.nextDouble() * random.nextDouble();
                    json = "{\"model\":\"" + model + "\",\"ts\":" + (now - random.nextInt(60_000)) + ",\"score\":" + score
                            + ",\"label\":\"" + (score > 0.5 ? "fraud" : "ok") + "\",\"features\":{\"amount\":"
                            + random.nextInt(1000) + ".5,\"country\":\"" + countries[random.nextInt(5)] + "\"}}";
                }
                producer.send(new ProducerRecord<>(topic, model.getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        System.out.println("produced " + n + " events to " + topic);
    }
}

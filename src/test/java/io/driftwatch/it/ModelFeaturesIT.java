package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.io.BufferedWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A model with 60 features (40 numeric, 19 categorical, one user-id-like) monitored by ONE monitor block
 * ({@code fields=/features/*}) whose references all come from ONE uploaded training CSV of 100,000 rows, on the real
 * broker and the packaged app. Three features drift: exactly their series alert, the other 57 stay quiet; a feature the events
 * stopped carrying is counted as missing; an upload of a new training file rebuilds every feature's reference at once
 * and says what it did.
 */
class ModelFeaturesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-token-" + UUID.randomUUID();
    private static final int RATE = 500; // events per second
    private static final String[] LETTERS = {"a", "b", "c", "d", "e"};
    private static final double[] MIX = {0.4, 0.3, 0.15, 0.1, 0.05};
    private static final Set<String> DRIFTING = Set.of("features.f00", "features.f01", "features.c00");

    @Test
    void oneBlockOneTrainingFileSixtyFeaturesExactlyTheDriftingOnesAlert() throws Exception {
        Path training = Files.createTempFile("training-", ".csv");
        writeTraining(training, 100_000, new Random(60), true);
        String topic = KafkaSupport.createTopic("it-features", 1);
        String alertTopic = KafkaSupport.createTopic("it-features-alerts", 1);
        Map<String, String> props = TestMonitors.input(topic, topic);
        props.put("driftwatch.references.topic", topic + "-references");
        props.put("driftwatch.api.token", TOKEN);
        // the training file is 33 MB: above the 16 MiB default, within Quarkus' 64M body limit
        props.put("driftwatch.api.max-upload-bytes", "67108864");
        props.put("driftwatch.alerts.kafka.topic", alertTopic);
        props.put("driftwatch.monitors.features.fields", "/features/*");
        props.put("driftwatch.monitors.features.exclude", "row_id");
        TestMonitors.quickAlerts(props, "features");
        try (AppProcess app = AppProcess.start("model-features", props);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            assertThat(JSON.readTree(app.get("/api/monitors").body()))
                    .as("no feature before the training file")
                    .isEmpty();
            JsonNode trained = uploadTraining(app, training);
            System.out.println("ModelFeaturesIT: training upload of " + Files.size(training) + " bytes, rows="
                    + trained.get("rows") + " notStored=" + trained.get("notStored"));
            assertThat(trained.get("rows").asLong()).isEqualTo(100_000);
            assertThat(trained.get("features")).hasSize(60);
            assertThat(trained.get("notStored").get("row_id").asText()).isEqualTo("in exclude");
            JsonNode userFeature = null;
            for (JsonNode f : trained.get("features")) {
                assertThat(f.get("version").isNull()).as(f.toString()).isFalse();
                if (f.get("feature").asText().equals("user")) {
                    userFeature = f;
                }
            }
            assertThat(userFeature.get("kind").asText()).isEqualTo("categorical");
            assertThat(userFeature.get("bins").asInt()).as("top 50 + other").isEqualTo(51);
            assertThat(userFeature.get("other").asLong()).isGreaterThan(90_000);
            JsonNode monitors = JSON.readTree(app.get("/api/monitors").body());
            Set<String> names = new TreeSet<>();
            monitors.forEach(m -> names.add(m.get("name").asText()));
            assertThat(names).hasSize(60).allSatisfy(n -> assertThat(n).startsWith("features."));
            assertThat(names)
                    .contains("features.f00", "features.c18", "features.user")
                    .doesNotContain("features.row_id");

            Random random = new Random(61);
            produce(producer, topic, random, false, false, 6);
            produce(producer, topic, random, true, true, 10); // f60, a feature no training file has, appears
            int sent = 16 * RATE;

            List<JsonNode> alerts = new ArrayList<>();
            Set<String> firing = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (var r : KafkaSupport.readNew(alertTopic, Duration.ofSeconds(1))) {
                    JsonNode a = JSON.readTree(r.value());
                    alerts.add(a);
                    if (a.get("status").asText().equals("firing")) {
                        firing.add(a.get("monitor").asText());
                    }
                }
                assertThat(firing).containsAll(DRIFTING);
            });
            assertThat(alerts).as("only the three drifting features alert").allSatisfy(a -> assertThat(DRIFTING)
                    .contains(a.get("monitor").asText()));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            app.metrics().sum("drift_events_total", Map.of("outcome", "accepted")))
                    .isEqualTo(sent));
            PromText m = app.metrics();
            assertThat(m.value(
                            "drift_data_quality_events_total",
                            Map.of("monitor", "features.f39", "model", "fraud", "problem", "missing")))
                    .as("f39 stopped arriving: every event lacked it")
                    .isEqualTo(sent);
            assertThat(m.value("drift_window_samples", Map.of("monitor", "features.user", "model", "fraud")))
                    .as("the user-id-like feature is monitored within its top categories + other")
                    .isPositive();
            JsonNode user = JSON.readTree(
                    app.get("/api/monitors/features.user/models/fraud").body());
            assertThat(user.toString()).contains("(unseen)");
            JsonNode pattern =
                    JSON.readTree(app.get("/api/monitors/features/features").body());
            assertThat(pattern.get("features")).hasSize(60);
            assertThat(pattern.get("waiting")).singleElement().satisfies(w -> {
                assertThat(w.get("monitor").asText()).isEqualTo("features.f60");
                assertThat(w.get("state").asText()).isEqualTo("no reference yet");
                assertThat(w.get("types").toString()).contains("number");
            });
            assertThat(m.value("drift_features_without_reference", Map.of("monitor", "features")))
                    .isEqualTo(1);
            assertThat(m.valueOr("drift_window_samples", Map.of("monitor", "features.f60", "model", "fraud"), -1))
                    .as("not monitored while it has no reference")
                    .isEqualTo(-1);

            // "this is the new normal": every feature's window of the model blessed at once
            HttpResponse<String> bless = app.request(
                    "POST",
                    "/api/monitors/features/models/fraud/reference/from-window",
                    new byte[0],
                    "Authorization",
                    "Bearer " + TOKEN);
            assertThat(bless.statusCode()).as(bless.body()).isEqualTo(200);
            JsonNode blessed = JSON.readTree(bless.body());
            assertThat(blessed.get("blessed")).hasSize(59);
            assertThat(blessed.get("blessed").get("f00").asText()).isEqualTo("kept");
            assertThat(blessed.get("skipped").get("f39").asText()).contains("no events of model fraud");
            JsonNode f00 = JSON.readTree(
                    app.get("/api/monitors/features.f00/models/fraud/reference").body());
            assertThat(f00.get("source").asText()).startsWith("from-window:fraud@");

            // a new training file for every feature at once
            Path retrained = Files.createTempFile("retrained-", ".csv");
            writeTraining(retrained, 5_000, new Random(62), false);
            Files.writeString(retrained, "1,2\n", java.nio.file.StandardOpenOption.APPEND); // a broken row
            JsonNode summary = uploadTraining(app, retrained);
            System.out.println("ModelFeaturesIT: upload summary rows=" + summary.get("rows") + " rejected="
                    + summary.get("rejectedRows") + " notStored=" + summary.get("notStored"));
            assertThat(summary.get("rows").asLong()).isEqualTo(5_001);
            assertThat(summary.get("rejectedRows").get("wrong number of fields").asLong())
                    .isEqualTo(1);
            assertThat(summary.get("features")).hasSize(61);
            int stored = 0;
            for (JsonNode f : summary.get("features")) {
                if (!f.get("version").isNull()) {
                    stored++;
                }
            }
            assertThat(stored)
                    .as("59 features and the new f60; f39 has no values")
                    .isEqualTo(60);
            assertThat(summary.get("notStored").get("f39").asText()).contains("no values");
            JsonNode after =
                    JSON.readTree(app.get("/api/monitors/features/features").body());
            assertThat(after.get("features")).hasSize(61);
            assertThat(after.get("waiting")).isEmpty();
            produce(producer, topic, random, false, true, 2);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(app.metrics()
                            .valueOr("drift_window_samples", Map.of("monitor", "features.f60", "model", "fraud"), -1))
                    .as("f60 is monitored from the upload on")
                    .isPositive());
        }
    }

    /** PUTs {@code file} as the pattern's training file: 200 and its summary. */
    private static JsonNode uploadTraining(AppProcess app, Path file) throws Exception {
        HttpResponse<String> put = app.request(
                "PUT",
                "/api/monitors/features/reference",
                Files.readAllBytes(file),
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "text/csv");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return JSON.readTree(put.body());
    }

    /**
     * {@code rows} rows of the 60 features and a {@code row_id}; with {@code full} f39 is filled, else empty (and a
     * column {@code f60}, a feature the running monitor does not have yet).
     */
    private static void writeTraining(Path file, int rows, Random random, boolean full) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("row_id");
            for (int i = 0; i < 40; i++) {
                header.append(",f").append(String.format("%02d", i));
            }
            for (int i = 0; i < 19; i++) {
                header.append(",c").append(String.format("%02d", i));
            }
            header.append(",user");
            if (!full) {
                header.append(",f60");
            }
            w.write(header.append('\n').toString());
            StringBuilder row = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                row.setLength(0);
                row.append(r);
                for (int i = 0; i < 40; i++) {
                    row.append(',');
                    if (full || i != 39) {
                        row.append(Math.round(random.nextGaussian() * (i + 1) * 1000) / 1000.0);
                    }
                }
                for (int i = 0; i < 19; i++) {
                    row.append(',').append(category(random, false));
                }
                row.append(",u").append(random.nextInt(1_000_000));
                if (!full) {
                    row.append(',').append(Math.round(random.nextGaussian() * 1000) / 1000.0);
                }
                w.write(row.append('\n').toString());
            }
        }
    }

    private static String category(Random random, boolean drifted) {
        double u = random.nextDouble();
        for (int k = 0; k < MIX.length; k++) {
            u -= drifted ? MIX[MIX.length - 1 - k] : MIX[k];
            if (u < 0) {
                return LETTERS[k];
            }
        }
        return LETTERS[LETTERS.length - 1];
    }

    /** {@code seconds} seconds of events of model fraud at {@link #RATE}; f39 never sent, f60 with {@code f60}. */
    private static void produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            Random random,
            boolean drifted,
            boolean f60,
            int seconds)
            throws InterruptedException {
        for (int s = 0; s < seconds; s++) {
            long start = System.nanoTime();
            for (int e = 0; e < RATE; e++) {
                StringBuilder json = new StringBuilder("{\"model\":\"fraud\",\"ts\":")
                        .append(System.currentTimeMillis())
                        .append(",\"features\":{");
                for (int i = 0; i < 39; i++) {
                    double x = random.nextGaussian() * (i + 1);
                    if (drifted && i == 0) {
                        x += 1.5; // f00 moves by 1.5 of its standard deviations
                    } else if (drifted && i == 1) {
                        x *= 3; // f01 spreads three times as wide
                    }
                    json.append("\"f")
                            .append(String.format("%02d", i))
                            .append("\":")
                            .append(x)
                            .append(',');
                }
                for (int i = 0; i < 19; i++) {
                    json.append("\"c")
                            .append(String.format("%02d", i))
                            .append("\":\"")
                            .append(category(random, drifted && i == 0))
                            .append("\",");
                }
                if (f60) {
                    json.append("\"f60\":").append(random.nextGaussian()).append(',');
                }
                json.append("\"user\":\"u").append(random.nextInt(1_000_000)).append("\"}}");
                KafkaSupport.send(producer, topic, "fraud", json.toString().getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
            long left = 1_000 - (System.nanoTime() - start) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
        }
    }
}

package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.PromText;
import io.driftwatch.testing.TestMonitors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Scale-out (issue 12): three instances in one group on a 12-partition input topic, 2 models x 4 monitors. Every series
 * is exported by exactly one instance with the window counts and statistics of a single-instance control run over the
 * same records; after a {@code kill -9} of one instance mid-stream the survivors export every series, counts exact.
 */
class ScaleOutIT {

    private static final List<String> MONITORS = List.of("score", "label", "score2", "label2");
    private static final List<String> MODELS = List.of("fraud", "churn");
    private static final int FIRST = 4000;
    private static final int SECOND = 4000;

    static Map<String, String> properties(String topic, String group) {
        Map<String, String> props = TestMonitors.properties(topic, group);
        props.put("driftwatch.monitors.score2.field", "/s2");
        props.put("driftwatch.monitors.score2.kind", "numeric");
        props.put("driftwatch.monitors.score2.reference", "src/test/resources/references/score.json");
        props.put("driftwatch.monitors.label2.field", "/l2");
        props.put("driftwatch.monitors.label2.kind", "categorical");
        props.put("driftwatch.monitors.label2.reference", "src/test/resources/references/label.json");
        // a killed instance leaves its groups within seconds (the broker's minimum), not the 45 s default
        props.put("kafka.session.timeout.ms", "6000");
        props.put("kafka.heartbeat.interval.ms", "1000");
        return props;
    }

    /** Seeded events of both models with all four fields, event times within the last minute. */
    static final class Events {
        private final Random random = new Random(12);
        private final long now = System.currentTimeMillis();

        byte[] next(int i) {
            return event(i, now - random.nextInt(60_000));
        }

        private byte[] event(int i, long ts) {
            String model = MODELS.get(i % 2);
            double shift = model.equals("fraud") ? 1.0 : 1.6;
            return String.format(
                            Locale.ROOT,
                            "{\"model\":\"%s\",\"ts\":%d,\"score\":%.5f,\"label\":\"%s\",\"s2\":%.5f,\"l2\":\"%s\"}",
                            model,
                            ts,
                            Math.pow(random.nextDouble(), shift),
                            random.nextInt(3) == 0 ? "fraud" : "ok",
                            random.nextDouble(),
                            random.nextInt(5) == 0 ? "fraud" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void everySeriesHasOneExporterWithTheControlsNumbersAlsoAfterAKillMinus9() throws Exception {
        String topic = KafkaSupport.createTopic("it-scale", 12);
        Events events = new Events();
        List<AppProcess> instances = new ArrayList<>();
        try (AppProcess control = AppProcess.start("scale-control", properties(topic, topic + "-control"));
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            for (int n = 1; n <= 3; n++) {
                Map<String, String> props = properties(topic, topic + "-subject");
                props.put("driftwatch.panes.instance-id", "instance-" + n);
                instances.add(AppProcess.start("scale-instance-" + n, props));
            }
            for (int i = 0; i < FIRST; i++) {
                KafkaSupport.send(producer, topic, "k" + i, events.next(i));
            }
            producer.flush();
            awaitComplete(control, instances, FIRST / 2);
            assertEqualToControl(control, instances);

            // kill -9 of one instance while the second half is being produced
            AppProcess victim = instances.get(1);
            Thread more = new Thread(() -> {
                for (int i = FIRST; i < FIRST + SECOND; i++) {
                    KafkaSupport.send(producer, topic, "k" + i, events.next(i));
                    if (i % 500 == 0) {
                        producer.flush();
                        sleep(150);
                    }
                }
                producer.flush();
            });
            more.start();
            sleep(600);
            long killed = System.nanoTime();
            victim.kill9();
            instances.remove(victim);
            more.join();
            awaitComplete(control, instances, (FIRST + SECOND) / 2);
            double seconds = (System.nanoTime() - killed) / 1e9;
            System.out.printf(
                    Locale.ROOT, "ScaleOutIT: kill -9 to complete export by the survivors: %.1f s%n", seconds);
            assertEqualToControl(control, instances);
        } finally {
            instances.forEach(AppProcess::close);
        }
    }

    /** Until the control and the instances together export every series with {@code perSeries} events, once each. */
    private static void awaitComplete(AppProcess control, List<AppProcess> instances, int perSeries) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    PromText c = control.metrics();
                    for (Map<String, String> series : allSeries()) {
                        assertThat(c.valueOr("drift_window_samples", series, 0))
                                .as("control %s", series)
                                .isEqualTo(perSeries);
                    }
                    Map<Map<String, String>, List<Double>> exported = exported(instances);
                    for (Map<String, String> series : allSeries()) {
                        assertThat(exported.get(series))
                                .as("exporters of %s", series)
                                .containsExactly((double) perSeries);
                    }
                    for (AppProcess a : instances) {
                        assertThat(a.metrics().value("drift_rebuild_in_progress", Map.of()))
                                .isZero();
                    }
                });
    }

    /** Every gauge of every series equals the control's, to 1e-12. */
    private static void assertEqualToControl(AppProcess control, List<AppProcess> instances) throws Exception {
        PromText expected = control.metrics();
        List<PromText> subjects = new ArrayList<>();
        for (AppProcess a : instances) {
            subjects.add(a.metrics());
        }
        for (Map<String, String> series : allSeries()) {
            PromText owner = null;
            for (PromText m : subjects) {
                if (!Double.isNaN(m.valueOr("drift_window_samples", series, Double.NaN))) {
                    owner = m;
                }
            }
            assertThat(owner).as("owner of %s", series).isNotNull();
            TestMonitors.assertSameStatistics(expected, owner, series);
        }
    }

    /** Per series, the window sizes each instance exports for it (one entry per exporting instance). */
    private static Map<Map<String, String>, List<Double>> exported(List<AppProcess> instances) throws Exception {
        Map<Map<String, String>, List<Double>> out = new HashMap<>();
        for (AppProcess a : instances) {
            PromText m = a.metrics();
            for (Map<String, String> series : allSeries()) {
                double n = m.valueOr("drift_window_samples", series, Double.NaN);
                if (!Double.isNaN(n)) {
                    out.computeIfAbsent(series, s -> new ArrayList<>()).add(n);
                }
            }
        }
        return out;
    }

    private static List<Map<String, String>> allSeries() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String monitor : MONITORS) {
            for (String model : MODELS) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("monitor", monitor);
                labels.put("model", model);
                out.add(labels);
            }
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

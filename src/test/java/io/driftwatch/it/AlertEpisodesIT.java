package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.RealAlertmanager;
import io.driftwatch.testing.TestMonitors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The life of an alert during a real drift, on the real broker with the packaged app, read from the alerts topic:
 *
 * <ul>
 *   <li>drifted events in one burst, then none: the alert fires on the clock, within its {@code for} duration plus
 *       one evaluation period (a pane) of wall-clock time, and — nothing arriving any more — resolves as {@code no-data}
 *       once the idle window has emptied;
 *   <li>a drift kept for 5 minutes on 20 series (KL 0.1: between the warning's 0.05 and the critical's 0.15, 3,000
 *       events a window): each (series, severity) fires at most once, nothing resolves while the drift lasts, and every
 *       episode resolves once after it ends — on the alerts topic and through a real Alertmanager (one firing
 *       notification per page during the drift, one resolved after it).
 * </ul>
 *
 * Every firing message is checked for consistency: the number decided on, its span and what it was compared with are
 * there, the number reached it, the summary says the same, the lower bound is not above the estimate, and the bins it
 * names as driving the drift come largest first with the reference's true shares.
 */
class AlertEpisodesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference's shares over ten bins of 0.1 on [0, 1); 100,000 events. */
    private static final double[] SHARES = {0.05, 0.09, 0.12, 0.14, 0.15, 0.14, 0.12, 0.09, 0.06, 0.04};

    @Test
    void aBurstThenSilenceFiresOnTheClockAndResolvesAsNoData() throws Exception {
        String topic = KafkaSupport.createTopic("it-burst-in", 1);
        String alertTopic = KafkaSupport.createTopic("it-burst-alerts", 1);
        long paneMillis = 4_000;
        int forPanes = 2;
        Map<String, String> props = monitor(topic, alertTopic, "20s", "4s");
        props.put("driftwatch.idle-timeout", "30s");
        try (AlertReader alerts = new AlertReader(alertTopic);
                AppProcess app = AppProcess.start("alert-episodes-burst", props);
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            Random random = new Random(11);
            double[] drifted = tilt(SHARES, 0.3);
            for (int i = 0; i < 2_000; i++) {
                send(producer, topic, "batch", drifted, random, System.currentTimeMillis());
            }
            producer.flush();
            long burstSent = System.currentTimeMillis();

            long limit = (forPanes + 1) * paneMillis; // the for duration plus one evaluation period
            JsonNode firing = alerts.await(a -> a.get("status").asText().equals("firing"), Duration.ofSeconds(40));
            long firedAfter = alerts.arrival(firing) - burstSent;
            System.out.printf(
                    Locale.ROOT,
                    "[alert-episodes] burst then silence: firing on the alerts topic %d ms after the last event"
                            + " (limit: for %d panes + 1 pane = %d ms)%n",
                    firedAfter,
                    forPanes,
                    limit);
            assertThat(firedAfter)
                    .as("fired on the clock within for + one evaluation period, no more events needed")
                    .isLessThanOrEqualTo(limit);
            assertConsistent(firing, 20);

            // nothing arrives any more: after the idle timeout the window end follows the clock, the window empties and
            // every firing alert resolves as no-data
            JsonNode resolved = alerts.await(a -> a.get("status").asText().equals("resolved"), Duration.ofSeconds(90));
            long resolvedAfter = alerts.arrival(resolved) - burstSent;
            System.out.printf(
                    Locale.ROOT,
                    "[alert-episodes] burst then silence: resolved (%s) %d ms after the last event (idle timeout 30 s,"
                            + " window 20 s)%n",
                    resolved.get("reason").asText(),
                    resolvedAfter);
            assertThat(resolved.get("reason").asText()).isEqualTo("no-data");
            assertThat(resolved.get("alertId").asText())
                    .isEqualTo(firing.get("alertId").asText());
            assertThat(resolvedAfter).isLessThanOrEqualTo(30_000 + 20_000 + 3 * paneMillis);
            long firings = alerts.all().stream()
                    .filter(a -> a.get("status").asText().equals("firing"))
                    .count();
            alerts.awaitAll(
                    list -> list.stream()
                                    .filter(a -> a.get("status").asText().equals("resolved"))
                                    .count()
                            == firings,
                    Duration.ofSeconds(10));
            assertOneEpisodeEach(alerts.all());
        }
    }

    @Test
    void aDriftKeptForFiveMinutesPagesOncePerSeverityAndResolvesOnceWhenItEnds() throws Exception {
        String topic = KafkaSupport.createTopic("it-persist-in", 4);
        String alertTopic = KafkaSupport.createTopic("it-persist-alerts", 1);
        int series = 20;
        int rate = 100; // events per second per series: 3,000 a window of 30 s
        Map<String, String> props = monitor(topic, alertTopic, "30s", "3s");
        try (RealAlertmanager alertmanager = RealAlertmanager.start(Path.of("target", "alert-episodes-alertmanager"));
                AlertReader alerts = new AlertReader(alertTopic);
                AppProcess app = AppProcess.start("alert-episodes-persistent", withAlertmanager(props, alertmanager));
                KafkaProducer<byte[], byte[]> producer = KafkaSupport.producer(Map.of())) {
            Random random = new Random(29);
            double[] drifted = tilt(SHARES, 0.1);
            produce(producer, topic, series, rate, SHARES, random, Duration.ofSeconds(35));
            assertThat(alerts.all()).as("no alert on reference traffic").isEmpty();

            long driftStart = System.currentTimeMillis();
            produce(producer, topic, series, rate, drifted, random, Duration.ofMinutes(5));
            long driftEnd = System.currentTimeMillis();
            List<JsonNode> during = alerts.all();
            List<RealAlertmanager.Notification> pagedDuring = alertmanager.notifications();
            // the drift leaves the 30 s window, then every span must stay below the clear level for 6 panes (18 s)
            produce(producer, topic, series, rate, SHARES, random, Duration.ofSeconds(60));
            Thread.sleep(3_000); // the last panes' evaluations and deliveries
            List<JsonNode> all = alerts.all();

            Map<String, Long> firings = count(during, "firing");
            System.out.printf(
                    Locale.ROOT,
                    "[alert-episodes] KL 0.1 for 5 min on %d series: %d firing, %d resolved during the drift"
                            + " (by severity: %s); %d resolved after it%n",
                    series,
                    firings.values().stream().mapToLong(Long::longValue).sum(),
                    count(during, "resolved").values().stream()
                            .mapToLong(Long::longValue)
                            .sum(),
                    during.stream()
                            .filter(a -> a.get("status").asText().equals("firing"))
                            .collect(
                                    Collectors.groupingBy(a -> a.get("severity").asText(), Collectors.counting())),
                    all.size() - during.size());
            assertThat(during.stream().filter(a -> a.get("status").asText().equals("resolved")))
                    .as("nothing resolves while the drift lasts")
                    .isEmpty();
            assertThat(firings)
                    .as("at most one page per (series, severity)")
                    .allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
            for (int m = 0; m < series; m++) {
                assertThat(firings)
                        .as("a drift of twice the warning threshold pages")
                        .containsKey(model(m) + " warning");
            }
            for (JsonNode a : during) {
                assertConsistent(a, 30);
                assertThat(alerts.arrival(a)).isBetween(driftStart, driftEnd + 2_000);
            }
            assertOneEpisodeEach(all);
            assertThat(all.stream().filter(a -> a.get("status").asText().equals("resolved")))
                    .as("every episode resolves once the drift has left the window")
                    .allSatisfy(a -> assertThat(a.get("reason").asText()).isEqualTo("cleared"))
                    .hasSize(during.size());

            // the same through a real Alertmanager (one group per alert): one firing notification per page while the
            // drift lasts, no resolved one; one resolved notification each after it
            Map<String, List<String>> notifiedDuring = notified(pagedDuring);
            System.out.printf(
                    Locale.ROOT,
                    "[alert-episodes] Alertmanager during the drift: %d groups notified, %d notifications%n",
                    notifiedDuring.size(),
                    pagedDuring.size());
            assertThat(notifiedDuring)
                    .as("Alertmanager notified during the drift")
                    .containsOnlyKeys(firings.keySet())
                    .allSatisfy((k, statuses) -> assertThat(statuses).as(k).containsExactly("firing"));
            awaitNotifications(
                    alertmanager,
                    n -> notified(n).values().stream()
                                    .filter(l -> l.contains("resolved"))
                                    .count()
                            == firings.size(),
                    Duration.ofSeconds(20));
            assertThat(notified(alertmanager.notifications()))
                    .containsOnlyKeys(firings.keySet())
                    .allSatisfy((k, statuses) -> assertThat(statuses).as(k).containsExactly("firing", "resolved"));
        }
    }

    private static Map<String, String> withAlertmanager(Map<String, String> props, RealAlertmanager alertmanager) {
        props.put("driftwatch.alerts.alertmanager.url", alertmanager.url());
        props.put("driftwatch.alerts.alertmanager.resend-interval", "5s");
        return props;
    }

    /** Per (model, severity): the statuses Alertmanager notified, in order. */
    private static Map<String, List<String>> notified(List<RealAlertmanager.Notification> notifications) {
        Map<String, List<String>> byAlert = new TreeMap<>();
        for (RealAlertmanager.Notification n : notifications) {
            byAlert.computeIfAbsent(
                            n.labels().get("model").asText() + " "
                                    + n.labels().get("severity").asText(),
                            k -> new ArrayList<>())
                    .add(n.status());
        }
        return byAlert;
    }

    private static void awaitNotifications(
            RealAlertmanager alertmanager,
            java.util.function.Predicate<List<RealAlertmanager.Notification>> done,
            Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(alertmanager.notifications())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Alertmanager did not notify within " + timeout + ": "
                        + notified(alertmanager.notifications()));
            }
            Thread.sleep(100);
        }
    }

    /** One monitor {@code score} over ten bins, warning 0.05 and critical 0.15, for 2 panes. */
    private static Map<String, String> monitor(String topic, String alertTopic, String window, String pane)
            throws IOException {
        Path reference = Path.of("target", "it-refs", "alert-episodes.json");
        Files.createDirectories(reference.getParent());
        StringBuilder counts = new StringBuilder();
        for (double s : SHARES) {
            counts.append(counts.isEmpty() ? "" : ",").append(Math.round(s * 100_000));
        }
        Files.writeString(
                reference, "{\"edges\":[0.0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0],\"counts\":[" + counts + "]}");
        Map<String, String> props = TestMonitors.input(topic, topic);
        props.put("driftwatch.monitors.score.field", "/score");
        props.put("driftwatch.monitors.score.kind", "numeric");
        props.put("driftwatch.monitors.score.reference", reference.toString());
        props.put("driftwatch.monitors.score.window", window);
        props.put("driftwatch.monitors.score.pane", pane);
        props.put("driftwatch.monitors.score.min-samples", "300");
        props.put("driftwatch.monitors.score.alert.warning", "0.05");
        props.put("driftwatch.monitors.score.alert.critical", "0.15");
        props.put("driftwatch.monitors.score.alert.for", "2");
        props.put("driftwatch.alerts.kafka.topic", alertTopic);
        return props;
    }

    /**
     * The checks every firing message must pass: what was decided on is there, reached what it was compared with (60 %
     * of the threshold), came from a span of the window, and the summary says so; the lower bound is not above it.
     */
    static void assertConsistent(JsonNode a, int windowSeconds) {
        if (!a.get("status").asText().equals("firing")) {
            return;
        }
        JsonNode d = a.get("decidedOn");
        assertThat(d).as("decidedOn in %s", a).isNotNull();
        double value = d.get("value").asDouble();
        double threshold = a.get("threshold").asDouble();
        assertThat(d.get("measure").asText()).isEqualTo("drift");
        assertThat(d.get("comparedWith").asDouble()).isCloseTo(0.6 * threshold, within(1e-12));
        assertThat(value).as("the decided-on drift reached the firing level").isGreaterThanOrEqualTo(0.6 * threshold);
        assertThat(a.get("drift").asDouble()).isEqualTo(value);
        String span = d.get("span").asText();
        double spanSeconds = d.get("spanSeconds").asDouble();
        assertThat(spanSeconds).isPositive().isLessThanOrEqualTo(windowSeconds);
        assertThat(span)
                .isEqualTo(spanSeconds == windowSeconds ? "whole window" : "newest " + (int) spanSeconds + " s");
        assertThat(d.get("samples").asLong())
                .isPositive()
                .isLessThanOrEqualTo(a.get("samples").asLong());
        assertThat(d.get("pValue").asDouble()).isLessThan(a.get("alpha").asDouble());
        if (d.hasNonNull("lowerBound")) {
            assertThat(d.get("lowerBound").asDouble()).isLessThanOrEqualTo(value);
            assertThat(a.get("lowerBound").asDouble())
                    .isEqualTo(d.get("lowerBound").asDouble());
        }
        // why: the bins that drive the drift of the span decided on, largest first, with the reference's true shares
        JsonNode bins = a.get("topContributors");
        assertThat(bins).as("topContributors in %s", a).isNotNull();
        assertThat(bins.size()).isBetween(1, 3);
        double previous = Double.MAX_VALUE;
        double part = 0;
        for (JsonNode c : bins) {
            double contribution = c.get("contribution").asDouble();
            assertThat(contribution).as("largest first: %s", bins).isLessThanOrEqualTo(previous);
            previous = contribution;
            part += c.get("share").asDouble();
            int bin = binOf(c.get("bin").asText());
            double liveShare = c.get("liveShare").asDouble();
            assertThat(liveShare).isBetween(0.0, 1.0);
            if (bin >= 0) {
                assertThat(c.get("referenceShare").asDouble())
                        .as("the reference's share of %s", c.get("bin").asText())
                        .isCloseTo(SHARES[bin], within(1e-12));
            }
        }
        assertThat(part).isBetween(0.0, 1.0 + 1e-9);
        String summary = a.get("summary").asText();
        assertThat(summary)
                .contains("; moved most: " + bins.get(0).get("bin").asText())
                .startsWith(a.get("severity").asText() + " firing on score/")
                .contains(String.format(Locale.ROOT, "drift %.4g nats over the %s", value, span))
                .contains(String.format(Locale.ROOT, "reached %.4g", 0.6 * threshold))
                .contains(String.format(Locale.ROOT, "threshold %.4g", threshold));
    }

    /**
     * The index in {@link #SHARES} of a bin label ({@code [0.3, 0.4)}, {@code >= 0.9}, {@code < 0.1}); -1 for the
     * underflow and overflow bins, which the reference does not fill.
     */
    private static int binOf(String label) {
        if (label.startsWith("[")) {
            return (int) Math.round(10 * Double.parseDouble(label.substring(1, label.indexOf(','))));
        }
        if (label.startsWith(">=")) {
            return (int) Math.round(10 * Double.parseDouble(label.substring(2).trim()));
        }
        if (label.startsWith("< ") && Double.parseDouble(label.substring(2)) > 0) {
            return 0;
        }
        return -1;
    }

    /** Per (model, severity): firing and resolved alternate, each pair with one alert id, at most one episode. */
    private static void assertOneEpisodeEach(List<JsonNode> alerts) {
        Map<String, List<JsonNode>> byAlert = new TreeMap<>();
        for (JsonNode a : alerts) {
            byAlert.computeIfAbsent(key(a), k -> new ArrayList<>()).add(a);
        }
        byAlert.forEach((k, list) -> {
            assertThat(list.stream().map(a -> a.get("status").asText()).toList())
                    .as(k)
                    .isIn(List.of("firing"), List.of("firing", "resolved"));
            assertThat(list.stream().map(a -> a.get("alertId").asText()).distinct())
                    .as(k)
                    .hasSize(1);
        });
    }

    private static Map<String, Long> count(List<JsonNode> alerts, String status) {
        return alerts.stream()
                .filter(a -> a.get("status").asText().equals(status))
                .collect(Collectors.groupingBy(AlertEpisodesIT::key, TreeMap::new, Collectors.counting()));
    }

    private static String key(JsonNode a) {
        return a.get("model").asText() + " " + a.get("severity").asText();
    }

    private static String model(int m) {
        return String.format(Locale.ROOT, "m%02d", m);
    }

    /** {@code series} models at {@code rate} events a second each, event time now, for {@code length}. */
    private static void produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            int series,
            int rate,
            double[] shares,
            Random random,
            Duration length)
            throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            long tick = System.nanoTime();
            long now = System.currentTimeMillis();
            for (int m = 0; m < series; m++) {
                for (int i = 0; i < rate / 10; i++) {
                    send(producer, topic, model(m), shares, random, now);
                }
            }
            long sleep = 100 - (System.nanoTime() - tick) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        producer.flush();
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            String model,
            double[] shares,
            Random random,
            long ts) {
        double u = random.nextDouble();
        int bin = 0;
        while (bin < shares.length - 1 && u >= shares[bin]) {
            u -= shares[bin++];
        }
        double score = 0.1 * bin + 0.1 * random.nextDouble() * 0.999;
        String json = "{\"model\":\"" + model + "\",\"ts\":" + ts + ",\"score\":" + score + "}";
        KafkaSupport.send(producer, topic, model, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The reference's shares tilted towards the upper bins ({@code p_b ~ q_b e^(theta b)}) until KL(p || q) is
     * {@code kl} nats.
     */
    static double[] tilt(double[] q, double kl) {
        double lo = 0;
        double hi = 5;
        double[] p = q;
        for (int i = 0; i < 100; i++) {
            double theta = (lo + hi) / 2;
            p = tilted(q, theta);
            if (kl(p, q) < kl) {
                lo = theta;
            } else {
                hi = theta;
            }
        }
        assertThat(kl(p, q)).isCloseTo(kl, within(1e-9));
        return p;
    }

    private static double[] tilted(double[] q, double theta) {
        double[] p = new double[q.length];
        double z = 0;
        for (int b = 0; b < q.length; b++) {
            p[b] = q[b] * Math.exp(theta * b);
            z += p[b];
        }
        for (int b = 0; b < q.length; b++) {
            p[b] /= z;
        }
        return p;
    }

    private static double kl(double[] p, double[] q) {
        double d = 0;
        for (int b = 0; b < p.length; b++) {
            d += p[b] * Math.log(p[b] / q[b]);
        }
        return d;
    }

    /** Reads the alerts topic from its start on its own thread, noting when each message arrived (wall clock). */
    private static final class AlertReader implements AutoCloseable {
        private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        private final Map<String, Long> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        AlertReader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSupport.bootstrap());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(
                    () -> {
                        try (consumer) {
                            while (running.get()) {
                                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                                    JsonNode a = JSON.readTree(r.value());
                                    arrivals.put(
                                            a.get("alertId").asText()
                                                    + a.get("status").asText(),
                                            System.currentTimeMillis());
                                    alerts.add(a);
                                }
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "alert-reader");
            thread.start();
        }

        List<JsonNode> all() {
            return List.copyOf(alerts);
        }

        long arrival(JsonNode a) {
            return arrivals.get(a.get("alertId").asText() + a.get("status").asText());
        }

        /** Waits until {@code done} holds for the messages read so far. */
        void awaitAll(java.util.function.Predicate<List<JsonNode>> done, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(all())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + timeout + "; alerts so far: " + all());
                }
                Thread.sleep(50);
            }
        }

        JsonNode await(java.util.function.Predicate<JsonNode> which, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (JsonNode a : alerts) {
                    if (which.test(a)) {
                        return a;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError(
                    "no such alert within " + timeout + "; alerts so far: " + Arrays.toString(alerts.toArray()));
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}

package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.driftwatch.testing.AppProcess;
import io.driftwatch.testing.KafkaSupport;
import io.driftwatch.testing.LocalBroker;
import io.driftwatch.testing.PromText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Every scrape in between: three instances (separate processes, one real broker) are scraped every 100 ms, all at
 * once, while events flow, through a {@code kill -9} and restart of one, a pause ({@code SIGSTOP}) of another longer
 * than the session timeout (a zombie when it wakes), a broker restart, and a stop of all three at once. No scrape round
 * may show a series from two instances, and no exported window count may go below one exported earlier for that series
 * (the windows are longer than the test, so counts only grow); no instance may log an {@code ERROR}.
 */
class WholeWindowsIT {

    private static final List<String> MONITORS = List.of("score", "label", "score2", "label2");
    private static final int MODELS = 10;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

    private final Map<String, Double> highest = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger rounds = new AtomicInteger();
    private volatile String phase = "start";

    @Test
    void noScrapeShowsAPartialOrAStaleWindow() throws Exception {
        for (int n = 0; n < 3; n++) {
            Files.deleteIfExists(java.nio.file.Path.of("target", "it-logs", "whole-" + n + ".log")); // this run's only
        }
        String topic = KafkaSupport.createTopic("it-whole", 6);
        List<AppProcess> instances = new ArrayList<>(java.util.Collections.nCopies(3, (AppProcess) null));
        List<Map<String, String>> props = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            Map<String, String> p = ScaleOutIT.properties(topic, topic);
            for (String m : MONITORS) {
                p.put("driftwatch.monitors." + m + ".window", "30m");
                p.put("driftwatch.monitors." + m + ".pane", "1m");
            }
            p.put("driftwatch.panes.instance-id", "instance-" + n);
            // many small flushes: a rebuild replays thousands of pane records, long enough to be scraped meanwhile
            p.put("driftwatch.panes.flush-interval", "100ms");
            p.put("driftwatch.metrics.bin-shares", "false"); // small scrapes: 20 a second per instance
            props.add(p);
            instances.set(n, AppProcess.start("whole-" + n, p));
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicBoolean scraping = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = KafkaSupport.producer(Map.of("delivery.timeout.ms", 300_000))) {
                int i = 0;
                while (producing.get()) {
                    for (int k = 0; k < 40; k++, i++) {
                        KafkaSupport.send(p, topic, "k" + i, event(i));
                    }
                    sleep(50);
                }
                p.flush();
            }
        });
        Thread scraper = new Thread(() -> {
            while (scraping.get()) {
                round(instances);
                sleep(30);
            }
        });
        producer.start();
        scraper.start();
        try {
            awaitAllExported(instances);

            phase = "kill -9 and restart";
            int port = instances.get(0).port();
            instances.get(0).kill9();
            sleep(3000);
            instances.set(0, AppProcess.start("whole-0", props.get(0), port));
            awaitAllExported(instances);

            phase = "SIGSTOP beyond the session timeout, SIGCONT";
            AppProcess zombie = instances.get(1);
            zombie.pause();
            sleep(12_000);
            zombie.resume();
            sleep(5000);
            awaitAllExported(instances);

            phase = "broker restart";
            LocalBroker.stop();
            sleep(3000);
            LocalBroker.startKeepingData();
            awaitAllExported(instances);
            sleep(3000);
        } finally {
            producing.set(false);
            producer.join(60_000);
            sleep(1000);
            scraping.set(false);
            scraper.join(10_000);
            phase = "stop all at once";
            List<Thread> stops = new ArrayList<>();
            for (AppProcess a : instances) {
                Thread t = new Thread(a::close);
                t.start();
                stops.add(t);
            }
            for (Thread t : stops) {
                t.join(60_000);
            }
        }
        System.out.printf(Locale.ROOT, "WholeWindowsIT: %d scrape rounds, %d series%n", rounds.get(), highest.size());
        assertThat(violations)
                .as("scrapes that showed a partial, stale or doubled window")
                .isEmpty();
        assertThat(rounds.get()).as("scrape rounds").isGreaterThan(300);
        for (AppProcess a : instances) {
            assertThat(Files.readAllLines(a.log()))
                    .as("ERROR lines in %s", a.log())
                    .noneMatch(l -> l.contains(" ERROR "));
        }
    }

    /** One round: every live instance scraped at once; checks the round against the rules. */
    private void round(List<AppProcess> instances) {
        Map<Integer, CompletableFuture<HttpResponse<String>>> scrapes = new HashMap<>();
        for (int n = 0; n < instances.size(); n++) {
            AppProcess a = instances.get(n);
            if (a != null) {
                scrapes.put(
                        n,
                        HTTP.sendAsync(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/q/metrics"))
                                        .timeout(Duration.ofMillis(400))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
            }
        }
        Map<String, List<Integer>> exporters = new HashMap<>();
        Map<String, Double> values = new HashMap<>();
        for (var e : scrapes.entrySet()) {
            HttpResponse<String> r;
            try {
                r = e.getValue().get(500, TimeUnit.MILLISECONDS);
            } catch (Exception x) {
                continue; // paused, killed or starting: it says nothing this round
            }
            if (r.statusCode() != 200) {
                continue;
            }
            PromText m = PromText.parse(r.body());
            for (String monitor : MONITORS) {
                for (String model : models()) {
                    double v = m.valueOr("drift_window_samples", Map.of("monitor", monitor, "model", model), -1);
                    if (v >= 0) {
                        String series = monitor + "/" + model;
                        exporters
                                .computeIfAbsent(series, s -> new ArrayList<>())
                                .add(e.getKey());
                        values.merge(series, v, Math::min);
                    }
                }
            }
        }
        rounds.incrementAndGet();
        exporters.forEach((series, who) -> {
            if (who.size() > 1) {
                violations.add(phase + ": " + series + " exported by instances " + who);
            }
        });
        values.forEach((series, v) -> {
            Double before = highest.get(series);
            if (before != null && v < before) {
                violations.add(phase + ": " + series + " exported " + v + " after " + before);
            }
            highest.merge(series, v, Math::max);
        });
    }

    /** Until the instances together export all 40 series. */
    private void awaitAllExported(List<AppProcess> instances) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    int exported = 0;
                    List<String> failures = new ArrayList<>();
                    for (AppProcess a : instances) {
                        try {
                            PromText m = a.metrics();
                            for (String monitor : MONITORS) {
                                for (String model : models()) {
                                    Map<String, String> series = Map.of("monitor", monitor, "model", model);
                                    if (m.valueOr("drift_window_samples", series, -1) > 0) {
                                        exported++;
                                    }
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e.toString()); // not serving yet
                        }
                    }
                    assertThat(exported)
                            .as("series exported in %s (scrape failures: %s)", phase, failures)
                            .isEqualTo(MONITORS.size() * MODELS);
                });
    }

    private static List<String> models() {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            out.add("model-" + m);
        }
        return out;
    }

    /** Event {@code i}: model {@code i mod 10}, all four fields, the event time now. */
    private static byte[] event(int i) {
        java.util.Random r = new java.util.Random(i);
        return String.format(
                        Locale.ROOT,
                        "{\"model\":\"model-%d\",\"ts\":%d,\"score\":%.5f,\"label\":\"%s\",\"s2\":%.5f,\"l2\":\"%s\"}",
                        i % MODELS,
                        System.currentTimeMillis(),
                        r.nextDouble(),
                        r.nextInt(3) == 0 ? "fraud" : "ok",
                        r.nextDouble(),
                        r.nextInt(5) == 0 ? "fraud" : "ok")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

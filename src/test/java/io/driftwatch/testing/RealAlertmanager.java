package io.driftwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code deploy/test/ensure-alertmanager.sh}
 * installs before the integration tests) on a loopback port, routing every alert to a webhook receiver in this JVM that
 * keeps each notification. Groups by {@code alertname, monitor, model, severity}, so each alert is its own group:
 * one notification when it fires, one when it resolves (repeat interval 1 h).
 */
public final class RealAlertmanager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final HttpServer receiver;
    private final int port;
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();

    /** One webhook notification: its status and the labels of its alert, when it arrived. */
    public record Notification(String status, JsonNode labels, long arrivedMillis) {}

    private RealAlertmanager(Path dir) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            for (JsonNode alert : body.get("alerts")) {
                notifications.add(new Notification(
                        alert.get("status").asText(), alert.get("labels"), System.currentTimeMillis()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        port = AppProcess.freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(
                config,
                """
                route:
                  receiver: hook
                  group_by: [alertname, monitor, model, severity]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/
                        send_resolved: true
                """
                        .formatted(receiver.getAddress().getPort()));
        process = new ProcessBuilder(
                        "prometheus-alertmanager",
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
    }

    /**
     * Starts one, its files under {@code dir}, and waits until it is ready.
     *
     * @throws IllegalStateException when {@code prometheus-alertmanager} is not installed or does not become ready
     */
    public static RealAlertmanager start(Path dir) throws IOException, InterruptedException {
        RealAlertmanager am;
        try {
            am = new RealAlertmanager(dir);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start prometheus-alertmanager (bash deploy/test/ensure-alertmanager.sh installs it)", e);
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!am.process.isAlive()) {
                am.close();
                throw new IllegalStateException(
                        "prometheus-alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(am.url() + "/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return am;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        am.close();
        throw new IllegalStateException("prometheus-alertmanager not ready within 30 s");
    }

    /** Its base URL, for {@code driftwatch.alerts.alertmanager.url}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The notifications the webhook received so far, in order. */
    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        receiver.stop(0);
    }
}

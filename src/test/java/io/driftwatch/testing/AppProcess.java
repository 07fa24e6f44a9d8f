package io.driftwatch.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Driftwatch application run as a separate process, as users run it — the native executable when the
 * build made one ({@code -Dnative}), else {@code target/quarkus-app/quarkus-run.jar} — configured only through
 * {@code -D} system properties and observed only through HTTP.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the app and waits until it serves HTTP.
     *
     * @param name names the log file under {@code target/it-logs/}
     * @param properties system properties ({@code -Dkey=value})
     */
    public static AppProcess start(String name, Map<String, String> properties) throws IOException {
        return start(name, properties, freePort());
    }

    /** Starts the app on a given HTTP port (to restart it where it was). */
    public static AppProcess start(String name, Map<String, String> properties, int port) throws IOException {
        return start(name, properties, Map.of(), port);
    }

    /** Starts the app with environment variables added to this process' environment. */
    public static AppProcess start(
            String name, Map<String, String> properties, Map<String, String> environment, int port) throws IOException {
        // the native executable when `./mvnw verify -Dnative` built one, else the JVM application
        String nativeImage = System.getProperty("native.image.path", "");
        boolean isNative = !nativeImage.isEmpty() && Files.isExecutable(Path.of(nativeImage));
        String jar = System.getProperty("driftwatch.app.jar", "target/quarkus-app/quarkus-run.jar");
        if (!isNative && !Files.exists(Path.of(jar))) {
            throw new IllegalStateException(jar + " does not exist: run `./mvnw package` (or verify) first");
        }
        List<String> command = new ArrayList<>();
        if (isNative) {
            command.add(nativeImage);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dkafka.bootstrap.servers=" + KafkaSupport.bootstrap());
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (!isNative) {
            command.add("-jar");
            command.add(jar);
        }
        Path log = Path.of("target", "it-logs", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        AppProcess app = new AppProcess(process, port, log);
        app.awaitHttp(Duration.ofSeconds(60));
        return app;
    }

    private void awaitHttp(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + " during start-up;"
                        + " log " + log + ":\n" + tail());
            }
            try {
                if (get("/q/health/live").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException(
                "the app did not serve HTTP within " + timeout + "; log " + log + ":\n" + tail());
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** GET a path of the app. */
    public HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Any request to the app.
     *
     * @param headers header names and values, alternating
     * @param body request body, or {@code null} for none
     */
    public HttpResponse<String> request(String method, String path, byte[] body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The current /q/metrics, parsed. */
    public PromText metrics() throws IOException {
        HttpResponse<String> response = get("/q/metrics");
        if (response.statusCode() != 200) {
            throw new IOException("/q/metrics answered " + response.statusCode());
        }
        return PromText.parse(response.body());
    }

    /** SIGSTOP: the process freezes (a zombie: its connections stay open, it answers nothing). */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT: a paused process runs again. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process p = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no shutdown hooks, no commit, like a crashed pod. */
    public void kill9() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** SIGTERM and wait for a clean exit. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(30)) {
                process.destroyForcibly();
                waitFor(10);
            }
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the app's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

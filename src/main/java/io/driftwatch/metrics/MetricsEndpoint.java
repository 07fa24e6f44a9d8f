package io.driftwatch.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves {@code quarkus.micrometer.export.prometheus.path} ({@code /q/metrics}) as a stream: first the Micrometer
 * registry's meters (the process, Kafka clients, HTTP, Driftwatch's counters — a few hundred lines), then the
 * per-series families straight from the series ({@link SeriesCollector#write}), sent in chunks of about 64 KiB as they
 * are written. The exposition is never held whole in memory: Micrometer's own endpoint builds it as objects and one
 * string, which at 100,000 series (about 170 MB of text) ran a 1 GB heap out of memory. Same formats and negotiation as
 * Quarkus' endpoint: OpenMetrics 1.0.0, or the 0.0.4 text format when the {@code Accept} header asks for
 * {@code text/plain} (as Prometheus does) or {@code text/html}.
 *
 * <p>Runs on a worker thread; each chunk waits until the connection took the previous one, so a slow scraper slows the
 * scrape down instead of filling the heap.
 */
@ApplicationScoped
public class MetricsEndpoint {

    private static final Logger LOG = Logger.getLogger(MetricsEndpoint.class);
    private static final int CHUNK = 64 * 1024;
    private static final String EOF = "# EOF\n";

    private final PrometheusMeterRegistry prometheus;
    private final DriftMetrics metrics;
    private final String path;

    MetricsEndpoint(
            PrometheusMeterRegistry prometheus,
            DriftMetrics metrics,
            @ConfigProperty(name = "quarkus.micrometer.export.prometheus.path", defaultValue = "/q/metrics")
                    String path) {
        this.prometheus = prometheus;
        this.metrics = metrics;
        // a relative path is under the non-application root, as Quarkus reads it
        this.path = path.startsWith("/") ? path : "/q/" + path;
    }

    void install(@Observes Router router) {
        // ahead of Quarkus' own handler of the same path, which this one replaces
        router.get(path).order(Integer.MIN_VALUE + 1).blockingHandler(this::scrape, false);
    }

    /** With {@code quarkus.management.enabled}, Quarkus serves the metrics on the management port: so does this. */
    void installManagement(@Observes ManagementInterface management) {
        management.router().get(path).order(Integer.MIN_VALUE + 1).blockingHandler(this::scrape, false);
    }

    /** OpenMetrics unless the client asks for {@code text/plain} or {@code text/html}, as Quarkus' endpoint decides. */
    static boolean openMetrics(String accept) {
        return accept == null || !(accept.contains("text/plain") || accept.contains("text/html"));
    }

    private void scrape(RoutingContext ctx) {
        boolean openMetrics = openMetrics(ctx.request().getHeader("Accept"));
        String contentType = openMetrics ? TextFormat.CONTENT_TYPE_OPENMETRICS_100 : TextFormat.CONTENT_TYPE_004;
        HttpServerResponse response = ctx.response();
        String registryPart;
        try {
            StringWriter w = new StringWriter(32 * 1024);
            prometheus.scrape(w, contentType);
            registryPart = w.toString();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "scrape failed: %s", e.getMessage());
            response.setStatusCode(500).end("scrape failed: " + e);
            return;
        }
        if (openMetrics && registryPart.endsWith(EOF)) {
            registryPart = registryPart.substring(0, registryPart.length() - EOF.length());
        }
        response.setChunked(true).putHeader("Content-Type", contentType);
        try (ChunkedWriter out = new ChunkedWriter(response)) {
            out.write(registryPart);
            metrics.series().write(out, openMetrics);
            if (openMetrics) {
                out.write(EOF);
            }
        } catch (IOException | RuntimeException e) {
            // the status line is gone already: cut the response short, so that the scraper sees a failed scrape
            LOG.warnf("scrape of %s cut short: %s", path, e.toString());
            response.reset();
            return;
        }
        response.end();
    }

    /** Sends what is written in chunks, each once the connection took the one before. */
    private static final class ChunkedWriter extends Writer {
        private final HttpServerResponse response;
        private final StringBuilder buffer = new StringBuilder(CHUNK + 1024);

        ChunkedWriter(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            buffer.append(chars, off, len);
            maybeSend();
        }

        @Override
        public void write(String s) throws IOException {
            buffer.append(s);
            maybeSend();
        }

        @Override
        public Writer append(CharSequence s) throws IOException {
            buffer.append(s);
            maybeSend();
            return this;
        }

        @Override
        public Writer append(char c) throws IOException {
            buffer.append(c);
            maybeSend();
            return this;
        }

        private void maybeSend() throws IOException {
            if (buffer.length() >= CHUNK) {
                send();
            }
        }

        private void send() throws IOException {
            if (buffer.length() == 0) {
                return;
            }
            Buffer chunk = Buffer.buffer(buffer.toString());
            buffer.setLength(0);
            try {
                response.write(chunk).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException("the scraper's connection failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("the scraper took no data for 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void flush() throws IOException {
            send();
        }

        @Override
        public void close() throws IOException {
            send();
        }
    }
}

package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HTTP sinks: a generic JSON webhook and the Alertmanager v2 API. */
final class HttpAlertSinks {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpAlertSinks() {}

    static void post(URI uri, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(uri + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** POSTs each message as JSON, with {@code X-Driftwatch-Secret} when a secret is configured. */
    static final class Webhook implements AlertSink {
        private final URI uri;
        private final Optional<String> secret;
        private final ObjectMapper json;

        Webhook(String url, Optional<String> secret, ObjectMapper json) {
            this.uri = URI.create(url);
            this.secret = secret;
            this.json = json;
        }

        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public void deliver(AlertMessage message) throws Exception {
            post(
                    uri,
                    json.writeValueAsString(message),
                    secret.map(s -> Map.of("X-Driftwatch-Secret", s)).orElse(Map.of()));
        }
    }

    /**
     * Alertmanager v2: {@code POST /api/v2/alerts} with one alert. Labels identify the alert (Alertmanager groups and
     * deduplicates on them): {@code alertname=DriftDetected}, {@code monitor}, {@code model}, {@code severity},
     * {@code service=driftwatch}. Values go in annotations, so a changing KL never creates a new alert. Firing alerts
     * carry {@code endsAt} four resend intervals ahead and are re-sent every interval; resolved ones carry the time
     * they resolved.
     */
    static final class Alertmanager implements AlertSink {
        private final URI uri;
        private final Duration resendInterval;
        private final ObjectMapper json;

        private final InstantSource clock;

        Alertmanager(String baseUrl, Duration resendInterval, InstantSource clock, ObjectMapper json) {
            this.clock = clock;
            this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/api/v2/alerts");
            this.resendInterval = resendInterval;
            this.json = json;
        }

        @Override
        public String name() {
            return "alertmanager";
        }

        @Override
        public void deliver(AlertMessage m) throws Exception {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put(
                    "labels",
                    Map.of(
                            "alertname", "DriftDetected",
                            "monitor", m.monitor(),
                            "model", m.model(),
                            "severity", m.severity(),
                            "service", "driftwatch"));
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("summary", m.summary());
            annotations.put("alert_id", m.alertId());
            annotations.put("reason", m.reason());
            AlertMessage.DecidedOn d = m.decidedOn();
            if (d != null) { // what was decided on first, as in the summary
                annotations.put("decided_on", d.measure());
                annotations.put("decided_value", Double.toString(d.value()));
                annotations.put("decided_span", d.span());
                annotations.put("compared_with", Double.toString(d.comparedWith()));
            }
            if (m.contributorsText() != null) { // why: the bins that moved most
                annotations.put("top_contributors", m.contributorsText());
            }
            annotations.put("threshold", Double.toString(m.threshold()));
            annotations.put("statistic", m.statistic());
            annotations.put("value", Double.toString(m.value()));
            annotations.put("p_value", Double.toString(m.pValue()));
            annotations.put("window_samples", Long.toString(m.samples()));
            annotations.put("reference", m.reference());
            if (m.drift() != null) {
                annotations.put("drift", Double.toString(m.drift()));
                annotations.put("lower_bound", String.valueOf(m.lowerBound()));
                annotations.put("window_drift", String.valueOf(m.windowDrift()));
            }
            alert.put("annotations", annotations);
            alert.put("startsAt", m.startsAt());
            alert.put(
                    "endsAt",
                    m.firing()
                            ? clock.instant()
                                    .plus(resendInterval.multipliedBy(4))
                                    .toString()
                            : m.endsAt());
            post(uri, json.writeValueAsString(List.of(alert)), Map.of());
        }
    }
}

package io.driftwatch.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.divergence.Divergences;
import io.driftwatch.core.divergence.Smoothing;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.owner.PaneApplier;
import io.driftwatch.testing.PromText;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gauges on /q/metrics show what the core computes for the events the ingestor received. */
@QuarkusTest
class MetricsWiringTest {

    @Inject
    EventIngestor ingestor;

    @Inject
    MonitorRegistry registry;

    private PaneApplier owner;

    @org.junit.jupiter.api.BeforeEach
    void owner() {
        owner = new PaneApplier(registry);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void windowBelowMinimumShowsNaNThenTheSmoothedKlOfItsCounts() {
        long now = Instant.now().toEpochMilli();
        EventIngestor.Scratch scratch = ingestor.newScratch();
        double[] scores = {0.1, 0.3, 0.5, 0.7, 0.9};
        for (int i = 0; i < 5; i++) {
            send(scratch, "{\"model\":\"wiring\",\"ts\":" + now + ",\"score\":" + scores[i] + ",\"label\":\"ok\"}");
        }
        PromText thin = PromText.parse(metrics());
        Map<String, String> series = Map.of("monitor", "score", "model", "wiring");
        assertThat(thin.value("drift_window_samples", series)).isEqualTo(5.0);
        assertThat(thin.value("drift_kl_divergence", series)).isNaN();
        assertThat(thin.value("drift_p_value", series)).isNaN();

        // 5 more in bin [0.8, 1.0]: counts per bin (underflow, 5 interior, overflow) = 0,1,1,1,1,6,0
        for (int i = 0; i < 5; i++) {
            send(scratch, "{\"model\":\"wiring\",\"ts\":" + now + ",\"score\":0.95,\"label\":\"fraud\"}");
        }
        send(scratch, "{\"model\":\"wiring\",\"ts\":" + now + ",\"score\":\"oops\",\"label\":\"fraud\"}");
        double[] p = Smoothing.additive(new long[] {0, 1, 1, 1, 1, 6, 0}, 0.5);
        double[] q = Smoothing.additive(new long[] {0, 200, 300, 250, 150, 100, 0}, 0.5);
        PromText m = PromText.parse(metrics());
        assertThat(m.value("drift_window_samples", series)).isEqualTo(10.0);
        assertThat(m.value("drift_kl_divergence", series)).isEqualTo(Divergences.kl(p, q));
        assertThat(m.value("drift_kl_divergence_reverse", series)).isEqualTo(Divergences.kl(q, p));
        assertThat(m.value("drift_p_value", series)).isBetween(0.0, 1.0);
        // labels in alphabetical order, as before the per-series collector: scripts (demo --check) match the text
        assertThat(metrics())
                .containsPattern(
                        "(?m)^drift_p_value\\{model=\"wiring\",monitor=\"score\",reference=\"[0-9a-f]{12}\"\\} ");
        // the bad score costs the score series only: counted against it, the event's label still counted
        assertThat(m.value("drift_events_total", Map.of("outcome", "accepted", "reason", "partial")))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(m.value(
                        "drift_data_quality_events_total",
                        Map.of("monitor", "score", "model", "wiring", "problem", "wrong-type")))
                .isEqualTo(1.0);
        assertThat(m.value("drift_window_samples", Map.of("monitor", "label", "model", "wiring")))
                .isEqualTo(11.0);
    }

    /** Stage 1 counts the event; its deltas go straight to a stage-2 merge into this app's registry. */
    private void send(EventIngestor.Scratch scratch, String json) {
        ingestor.ingest(
                scratch, json.getBytes(StandardCharsets.UTF_8), Instant.now().toEpochMilli());
        ingestor.drain(scratch, d -> owner.apply(0, d, Instant.now().toEpochMilli()));
    }

    @Test
    void healthIsServed() {
        given().get("/q/health/live").then().statusCode(200);
    }
}

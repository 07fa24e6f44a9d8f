package io.driftwatch.metrics;

import io.driftwatch.alerting.AlertEvaluator;
import io.driftwatch.alerting.AlertSinks;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.AlertTransition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Alerting's meters: every sink's deliveries ({@code drift_alert_deliveries_total}) and every series' alert
 * transitions ({@code drift_alerts_total{monitor,model,severity,transition}}, removed with the series).
 */
@Startup
@ApplicationScoped
public class AlertMetrics {

    private final MeterRegistry meters;

    public AlertMetrics(MeterRegistry meters, AlertEvaluator evaluator, AlertSinks sinks, MonitorRegistry registry) {
        this.meters = meters;
        for (AlertSinks.Delivery d : sinks.deliveries()) {
            Tags tags = Tags.of("sink", d.sink());
            FunctionCounter.builder(
                            "drift.alert.deliveries", d, x -> x.delivered().getAsLong())
                    .tags(tags.and("result", "delivered"))
                    .description("Alert messages delivered, failed delivery attempts (retried), dropped (queue full)")
                    .register(meters);
            FunctionCounter.builder("drift.alert.deliveries", d, x -> x.failed().getAsLong())
                    .tags(tags.and("result", "failed"))
                    .register(meters);
            FunctionCounter.builder(
                            "drift.alert.deliveries", d, x -> x.dropped().getAsLong())
                    .tags(tags.and("result", "dropped"))
                    .register(meters);
        }
        evaluator.onTransition(this::count);
        registry.onSeriesRemoved((s, why) -> meters.find("drift.alerts")
                .tags("monitor", s.monitor().name(), "model", s.model())
                .meters()
                .forEach(meters::remove));
    }

    private void count(Series s, AlertTransition t) {
        Counter.builder("drift.alerts")
                .description("Alert transitions of a series and severity: pending, firing, resolved, cancelled")
                .tags(Tags.of(
                        "monitor", s.monitor().name(),
                        "model", s.model(),
                        "severity", t.severity().label(),
                        "transition", transitionName(t)))
                .register(meters)
                .increment();
    }

    private static String transitionName(AlertTransition t) {
        if (t.to() == AlertState.OK) {
            return "cancelled";
        }
        return t.to().name().toLowerCase(Locale.ROOT);
    }
}

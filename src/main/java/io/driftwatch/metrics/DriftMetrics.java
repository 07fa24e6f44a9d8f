package io.driftwatch.metrics;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.Statistic;
import io.driftwatch.health.ConsumerLag;
import io.driftwatch.ingest.DeadLetters;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.ingest.FieldProblems;
import io.driftwatch.ingest.Outcome;
import io.driftwatch.monitor.AlertStates;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.owner.AppliedOffsets;
import io.driftwatch.reference.ReferenceService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes Driftwatch's state: the process-wide counters and gauges as Micrometer meters, and the per-series metrics
 * through {@link SeriesCollector}, which writes the published entries of the statistics catalogue
 * ({@link Statistic#published()}: {@code drift_kl_divergence}, {@code drift_p_value}, ...) straight from the series at
 * scrape time, without a meter object per series ({@link MetricsEndpoint} streams both).
 */
@Startup
@ApplicationScoped
public class DriftMetrics {

    private final SeriesCollector series;

    DriftMetrics(
            MeterRegistry meters,
            MonitorRegistry monitors,
            EventIngestor ingestor,
            AppliedOffsets applied,
            DeadLetters deadLetters,
            ConsumerLag lag,
            ReferenceService references,
            DriftwatchConfig config,
            AlertStates alertStates) {
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder("drift.events", ingestor, i -> i.count(outcome))
                    .description("Input records by outcome (accepted, ignored, rejected) and rejection reason")
                    .tags("outcome", outcome.outcomeTag(), "reason", outcome.reasonTag())
                    .register(meters);
        }
        FieldProblems problems = ingestor.fieldProblems();
        problems.onNewKey(k -> FunctionCounter.builder("drift.data.quality.events", problems, p -> p.count(k))
                .description("Events of the model whose value for the monitor's field was missing (absent or null),"
                        + " of the wrong type or not finite: counted where events are parsed (stage 1), against that"
                        + " series only")
                .tags(
                        "monitor",
                        k.monitor(),
                        "model",
                        k.model(),
                        "problem",
                        k.problem().tag())
                .register(meters));
        for (String pattern : monitors.patterns().keySet()) {
            Gauge.builder("drift.features.without.reference", ingestor.newFeatures(), f -> f.waiting(pattern)
                            .size())
                    .description(
                            "Features of a field pattern (fields=/features/*) seen in events with no reference yet:"
                                    + " not monitored, never alerting, until a training file with them is uploaded")
                    .tags("monitor", pattern)
                    .register(meters);
        }
        Gauge.builder("drift.alert.false.alarms.per.day", monitors, MonitorRegistry::fleetFalseAlarmsPerDay)
                .description("Expected false alarms a day of all series together, at most (the alert budget: per series"
                        + " driftwatch.alerts.false-alarms-per-day, or the fleet's fleet-false-alarms-per-day)")
                .register(meters);
        Gauge.builder("drift.series", monitors, MonitorRegistry::seriesCount)
                .description("Series (monitor x model) this instance owns (stage 2) and exports")
                .register(meters);
        Gauge.builder("drift.rebuild.in.progress", applied, r -> r.awaitingAssignment() || r.rebuilding() ? 1 : 0)
                .description("1 until this process has been assigned its pane-topic partitions and while the windows"
                        + " of its series are being rebuilt from the pane topic after an assignment, else 0")
                .register(meters);
        FunctionCounter.builder("drift.rebuild.records", applied, AppliedOffsets::replayedRecords)
                .description("Pane-topic records replayed to rebuild the windows of newly owned series (cost grows"
                        + " with series x panes, not with the event rate)")
                .register(meters);
        FunctionCounter.builder("drift.dead.letters", deadLetters, DeadLetters::sent)
                .description("Rejected records copied to the dead-letter topic")
                .tags("result", "sent")
                .register(meters);
        FunctionCounter.builder("drift.dead.letters", deadLetters, DeadLetters::failed)
                .description("Rejected records copied to the dead-letter topic")
                .tags("result", "failed")
                .register(meters);
        this.series = new SeriesCollector(
                monitors,
                alertStates,
                config.binShares() ? config.binShareSeries() : 0,
                config.topContributors(),
                config.alerts().referenceRatioWarning());
        FunctionCounter.builder("drift.reference.records", references, ReferenceService::appliedRecords)
                .description("Records of the reference topic applied, or rejected as unreadable")
                .tags("result", "applied")
                .register(meters);
        FunctionCounter.builder("drift.reference.records", references, ReferenceService::invalidRecords)
                .description("Records of the reference topic applied, or rejected as unreadable")
                .tags("result", "invalid")
                .register(meters);
        Gauge.builder("drift.reference.store.up", references, r -> r.healthy() ? 1 : 0)
                .description(
                        "1 once the stored references were read and while their topic is followed; 0 before that, after"
                                + " a read error, or when disabled")
                .register(meters);
        lag.onNewPartition(tp -> Gauge.builder("drift.consumer.lag.records", lag, x -> x.lag(tp))
                .description("Records in the partition not yet taken: of the input, not yet counted in a pane delta;"
                        + " of the pane topic, not yet applied to the windows")
                .tags("topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                .register(meters));
    }

    /** The per-series metrics, written by {@link MetricsEndpoint} after the registry's meters. */
    SeriesCollector series() {
        return series;
    }
}

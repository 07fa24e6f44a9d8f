package io.driftwatch.metrics;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.WindowSnapshot;
import io.driftwatch.ingest.AppliedOffsets;
import io.driftwatch.ingest.BrokerProbe;
import io.driftwatch.ingest.DeadLetters;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.ingest.Outcome;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.reference.ReferenceService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes Driftwatch's state as Micrometer meters. The comparison gauges are the published entries of the statistics
 * catalogue ({@link Statistic#published()}: {@code drift_kl_divergence}, {@code drift_p_value}, ...), each reading its
 * value from the series' report; a series' report is scored at most once per window change, however many gauges read
 * it.
 */
@Startup
@ApplicationScoped
public class DriftMetrics {

    private final MeterRegistry meters;
    private final boolean binShares;
    private final Map<Series, List<Meter>> referenceMeters = new ConcurrentHashMap<>();

    DriftMetrics(
            MeterRegistry meters,
            MonitorRegistry monitors,
            EventIngestor ingestor,
            AppliedOffsets applied,
            DeadLetters deadLetters,
            BrokerProbe broker,
            ReferenceService references,
            DriftwatchConfig config) {
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder("drift.events", ingestor, i -> i.count(outcome))
                    .description("Input records by outcome (accepted, ignored, rejected) and rejection reason")
                    .tags("outcome", outcome.outcomeTag(), "reason", outcome.reasonTag())
                    .register(meters);
        }
        Gauge.builder("drift.series", monitors, MonitorRegistry::seriesCount)
                .description("Series (monitor x model) in memory")
                .register(meters);
        Gauge.builder("drift.rebuild.in.progress", applied, r -> r.awaitingAssignment() || r.rebuilding() ? 1 : 0)
                .description("1 until this process has been assigned its partitions and while windows are being"
                        + " rebuilt from the log after an assignment, else 0")
                .register(meters);
        FunctionCounter.builder("drift.dead.letters", deadLetters, DeadLetters::sent)
                .description("Rejected records copied to the dead-letter topic")
                .tags("result", "sent")
                .register(meters);
        FunctionCounter.builder("drift.dead.letters", deadLetters, DeadLetters::failed)
                .description("Rejected records copied to the dead-letter topic")
                .tags("result", "failed")
                .register(meters);
        this.meters = meters;
        this.binShares = config.binShares();
        monitors.onNewSeries(series -> {
            registerWallClock(meters, series);
            syncReferenceMeters(series);
        });
        monitors.onReferenceChange((series, change) -> syncReferenceMeters(series));
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
        broker.onNewPartition((tp, l) -> Gauge.builder("drift.consumer.lag.records", l, x -> x.lag(tp))
                .description("Records in the partition not yet applied to the windows")
                .tags("topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                .register(meters));
    }

    /** Meters that do not depend on the reference: they keep their series when the reference changes. */
    private static void registerWallClock(MeterRegistry meters, Series series) {
        Tags tags = Tags.of("monitor", series.monitor().name(), "model", series.model());
        Gauge.builder("drift.last.event.age.seconds", series, Series::lastEventAgeSeconds)
                .description("Seconds since the series' last event arrived (wall clock)")
                .tags(tags)
                .register(meters);
        FunctionCounter.builder("drift.late.events", series, Series::lateEvents)
                .description("Events dropped because they were older than the window")
                .tags(tags)
                .register(meters);
        String early = "Events ahead of the window end's bound (driftwatch.events.max-window-lead): held for their"
                + " future pane, or dropped when a window's worth of future panes was already held";
        FunctionCounter.builder("drift.early.events", series, Series::heldEvents)
                .description(early)
                .tags(tags.and("result", "held"))
                .register(meters);
        FunctionCounter.builder("drift.early.events", series, Series::droppedEarlyEvents)
                .description(early)
                .tags(tags.and("result", "dropped"))
                .register(meters);
    }

    /**
     * (Re-)registers the meters that compare the window with the reference, tagged {@code reference=<version>}: when
     * the reference changes, the old series end and new ones start, so a dashboard shows when the baseline moved.
     */
    private void syncReferenceMeters(Series series) {
        synchronized (referenceMeters) { // not the series' lock: scrapes take that one while the registry is busy
            String version = series.versionedReference().version();
            List<Meter> old = referenceMeters.get(series);
            if (old != null
                    && !old.isEmpty()
                    && old.get(0).getId().getTag("reference").equals(version)) {
                return;
            }
            if (old != null) {
                old.forEach(meters::remove);
            }
            List<Meter> registered = new ArrayList<>();
            Tags tags = Tags.of("monitor", series.monitor().name(), "model", series.model(), "reference", version);
            register(registered, series, tags);
            if (binShares) {
                registerBinShares(registered, series, tags);
            }
            referenceMeters.put(series, registered);
        }
    }

    private void register(List<Meter> out, Series series, Tags tags) {
        MeterRegistry meters = this.meters;
        for (Statistic statistic : Statistic.published()) {
            out.add(Gauge.builder(statistic.metricName().orElseThrow(), series, s -> statistic.of(s.report()))
                    .description(statistic.description())
                    .tags(tags)
                    .register(meters));
        }
        out.add(Gauge.builder("drift.window.samples", series, s -> s.report().liveSamples())
                .description("Events in the live window")
                .tags(tags)
                .register(meters));
        out.add(Gauge.builder("drift.reference.samples", series, s -> s.report().referenceSamples())
                .description("Events in the reference")
                .tags(tags)
                .register(meters));
        out.add(Gauge.builder(
                        "drift.window.end.seconds", series, s -> s.report().windowEndMillis() / 1000.0)
                .description("End of the live window, epoch seconds (event time)")
                .tags(tags)
                .register(meters));
    }

    /** Live and reference share of every bin; the {@code bin} label sorts in bin order ({@code 03 [0.2, 0.4)}). */
    private void registerBinShares(List<Meter> out, Series series, Tags seriesTags) {
        Reference reference = series.reference();
        var bins = reference.bins();
        for (int b = 0; b < bins.binCount(); b++) {
            int bin = b;
            Tags tags = seriesTags.and("bin", String.format(Locale.ROOT, "%02d %s", b, bins.label(b)));
            out.add(Gauge.builder("drift.bin.share", series, s -> {
                        WindowSnapshot w = s.snapshot();
                        // NaN for an empty window, and in the instant between a bin change and re-registration
                        return w.total() == 0 || bin >= w.binCount() ? Double.NaN : (double) w.count(bin) / w.total();
                    })
                    .description("Share of the window (source=live) or of the reference (source=reference) in a bin")
                    .tags(tags.and("source", "live"))
                    .register(meters));
            out.add(Gauge.builder("drift.bin.share", reference, r -> (double) r.count(bin) / r.total())
                    .tags(tags.and("source", "reference"))
                    .register(meters));
        }
    }
}

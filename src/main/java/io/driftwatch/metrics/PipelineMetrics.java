package io.driftwatch.metrics;

import io.driftwatch.ingest.InputLoop;
import io.driftwatch.owner.OwnerLoop;
import io.driftwatch.owner.PaneApplier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;

/**
 * The two stages' meters: stage 1's transactions of pane deltas and input offsets, their duration and the deltas they
 * published, the input consumer's own {@code kafka_consumer_*} metrics; stage 2's pane records by result.
 */
@Startup
@ApplicationScoped
public class PipelineMetrics {

    private final MeterRegistry meters;
    private final InputLoop input;
    private KafkaClientMetrics inputClient;

    PipelineMetrics(MeterRegistry meters, InputLoop input, OwnerLoop owner) {
        this.meters = meters;
        this.input = input;
        FunctionCounter.builder("drift.pane.transactions", input, InputLoop::committedTransactions)
                .description("Stage 1's transactions of pane deltas and input offsets: committed, aborted (their input"
                        + " is consumed again)")
                .tags("result", "committed")
                .register(meters);
        FunctionCounter.builder("drift.pane.transactions", input, InputLoop::abortedTransactions)
                .tags("result", "aborted")
                .register(meters);
        Timer flush = Timer.builder("drift.pane.flush")
                .description("Stage 1's flushes: publishing the deltas and committing the input offsets in one"
                        + " transaction (on the publisher thread, while ingest goes on)")
                .register(meters);
        input.onFlushCommitted(nanos -> flush.record(nanos, TimeUnit.NANOSECONDS));
        FunctionCounter.builder("drift.pane.deltas.published", input, InputLoop::publishedDeltas)
                .description("Pane deltas (one series, one pane) published by stage 1 in committed transactions")
                .register(meters);
        for (PaneApplier.Result r : PaneApplier.Result.values()) {
            FunctionCounter.builder("drift.pane.records", owner, o -> o.records(r))
                    .description("Pane-topic records read by this owner, by result: applied to a window, or skipped"
                            + " (unreadable, unknown monitor, series limit, bins changed)")
                    .tags("result", r.tag())
                    .register(meters);
        }
    }

    /** After stage 1 made its consumer: the client's own {@code kafka_consumer_*} metrics. */
    void bindInputClient(@Observes @Priority(30) StartupEvent event) {
        if (input.consumer() != null) {
            inputClient = new KafkaClientMetrics(input.consumer());
            inputClient.bindTo(meters);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (inputClient != null) {
            inputClient.close();
        }
    }
}

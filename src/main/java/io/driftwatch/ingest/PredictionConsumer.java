package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Takes the prediction topic in batches (one call per Kafka poll, from {@link PredictionLoop}) and hands every record
 * to the {@link EventIngestor}, which counts it in this instance's pane deltas until the next {@link #drain}; bad
 * records are counted there and optionally copied to the dead-letter topic. Nothing here throws on bad input.
 *
 * <p>With {@code driftwatch.events.ingest-threads} above 1, a poll's partitions are split between that many threads
 * (the polling thread is one of them), each partition's records in order on one thread, and the call returns when all
 * are done: the next poll, the flush, idle-series eviction and rebalances still happen between batches, with no
 * ingest running. Each thread slot has its own delta histograms ({@link EventIngestor.Batch}).
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    private final EventIngestor ingestor;
    private final DeadLetters deadLetters;
    private final int threads;
    private final ExecutorService helpers;
    private final EventIngestor.Batch[] batches;

    PredictionConsumer(EventIngestor ingestor, DeadLetters deadLetters, DriftwatchConfig config) {
        this.ingestor = ingestor;
        this.deadLetters = deadLetters;
        this.threads =
                threads(config.events().ingestThreads(), Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.helpers = threads <= 1
                ? null
                : Executors.newFixedThreadPool(threads - 1, r -> {
                    Thread t = new Thread(r, "driftwatch-ingest-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.batches = new EventIngestor.Batch[threads];
        for (int i = 0; i < threads; i++) {
            batches[i] = ingestor.newBatch();
        }
        LOG.infof("ingesting with %d thread%s", threads, threads == 1 ? "" : "s");
    }

    /**
     * Hands every pane delta counted since the last drain to {@code out}, and forgets them. Call between batches (on
     * the polling thread, while no ingest runs).
     */
    public void drain(java.util.function.Consumer<PaneDelta> out) {
        for (EventIngestor.Batch b : batches) {
            ingestor.drain(b, out);
        }
    }

    /** {@code configured} threads, or for 0 the processors, at most 8; never below 1. */
    static int threads(int configured, int processors) {
        if (configured < 0) {
            throw new io.driftwatch.monitor.InvalidConfigException(
                    "driftwatch.events.ingest-threads", configured, "0 (one per processor, at most 8) or more");
        }
        return configured == 0 ? Math.max(1, Math.min(8, processors)) : configured;
    }

    public void consume(ConsumerRecords<byte[], byte[]> records) {
        ingestor.evictIdleSeries(); // on this thread, between batches: see MonitorRegistry.evictIdleSeries
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        int groups = Math.min(threads, partitions.size());
        if (groups <= 1) {
            ingest(batches[0], records, partitions);
            return;
        }
        List<List<TopicPartition>> split = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            split.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            split.get(i % groups).add(partitions.get(i));
        }
        List<Future<?>> others = new ArrayList<>(groups - 1);
        for (int g = 1; g < groups; g++) {
            List<TopicPartition> mine = split.get(g);
            EventIngestor.Batch batch = batches[g];
            others.add(helpers.submit(() -> ingest(batch, records, mine)));
        }
        RuntimeException failure = null;
        try {
            ingest(batches[0], records, split.get(0));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : others) { // wait for every thread, also when one failed: no ingest runs past this call
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ingesting a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ingest(
            EventIngestor.Batch batch, ConsumerRecords<byte[], byte[]> records, List<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                Outcome outcome = ingestor.ingest(batch, record.value(), record.timestamp());
                if (outcome.isRejected() && deadLetters.enabled()) {
                    deadLetters.send(record, outcome, batch.detail());
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}

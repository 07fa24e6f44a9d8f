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
 * <p>Ingest runs beside the polling thread: {@link #consume} hands a poll's records to the ingest threads
 * ({@code driftwatch.events.ingest-threads}, default 1) and returns, so the next poll — fetching and decoding the next
 * batch — overlaps the ingest of this one. One batch is in flight at most: {@link #consume} first waits for the
 * previous one, and {@link #drain} and {@link #awaitIngest} wait for it, so the flush, idle-series eviction, rewinds
 * and rebalances still see every record handed over counted and no ingest running. With several threads a batch's
 * partitions are split between them, each partition's records in order on one thread; each thread has its own delta
 * histograms ({@link EventIngestor.Batch}).
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    private final EventIngestor ingestor;
    private final DeadLetters deadLetters;
    private final int threads;
    private final ExecutorService workers;
    private final EventIngestor.Batch[] batches;
    /** The batch being ingested; touched by the polling thread only. */
    private List<Future<?>> inFlight = List.of();

    private int inFlightRecords;

    PredictionConsumer(EventIngestor ingestor, DeadLetters deadLetters, DriftwatchConfig config) {
        this.ingestor = ingestor;
        this.deadLetters = deadLetters;
        this.threads =
                threads(config.events().ingestThreads(), Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "driftwatch-ingest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.batches = new EventIngestor.Batch[threads];
        for (int i = 0; i < threads; i++) {
            batches[i] = ingestor.newBatch();
        }
        LOG.infof("ingesting with %d thread%s beside the polling thread", threads, threads == 1 ? "" : "s");
    }

    /**
     * Hands every pane delta counted since the last drain to {@code out}, and forgets them; waits for the batch in
     * flight first. Call from the polling thread.
     */
    public void drain(java.util.function.Consumer<PaneDelta> out) {
        awaitIngest();
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

    /**
     * Starts ingesting {@code records} on the ingest threads and returns; waits first for the previous batch. Call
     * from the polling thread.
     */
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        awaitIngest();
        ingestor.evictIdleSeries(); // between batches, no ingest running: see MonitorRegistry.evictIdleSeries
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        int groups = Math.min(threads, partitions.size());
        if (groups == 0) {
            return;
        }
        List<List<TopicPartition>> split = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            split.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            split.get(i % groups).add(partitions.get(i));
        }
        List<Future<?>> started = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            List<TopicPartition> mine = split.get(g);
            EventIngestor.Batch batch = batches[g];
            started.add(workers.submit(() -> ingest(batch, records, mine)));
        }
        inFlight = started;
        inFlightRecords = records.count();
    }

    /**
     * Waits until the batch handed over by the last {@link #consume} is ingested. A batch that failed (not a bad
     * record: those are counted) is logged, and the stream goes on, as with a bad record.
     */
    public void awaitIngest() {
        List<Future<?>> running = inFlight;
        if (running.isEmpty()) {
            return;
        }
        inFlight = List.of();
        boolean interrupted = false;
        for (Future<?> f : running) { // every thread, also when one failed: no ingest runs past this call
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    LOG.errorf(e.getCause(), "a batch of %d records failed; continuing with the next", inFlightRecords);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // shutting down: still wait, the flush after this reads the batches
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void ingest(
            EventIngestor.Batch batch, ConsumerRecords<byte[], byte[]> records, List<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ingestor.pinClock(batch); // once per partition's records, not per record
            try {
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    Outcome outcome = ingestor.ingest(batch, record.value(), record.timestamp());
                    if (outcome.isRejected() && deadLetters.enabled()) {
                        deadLetters.send(record, outcome, batch.detail());
                    }
                }
            } finally {
                ingestor.unpinClock(batch);
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}

package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.panes.PaneDelta;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The ingest threads beside stage 1's polling thread ({@code driftwatch-ingest-1}…, {@code
 * driftwatch.events.ingest-threads}, default 1): {@link #consume} hands one poll's records to them and returns, so the
 * next poll — fetching and decoding the next records — overlaps the ingest of these. Every record goes to the
 * {@link EventIngestor}, which counts it in this instance's pane deltas until the next {@link #drain}; bad records are
 * counted there and optionally copied to the dead-letter topic ({@link DeadLetters}). Nothing here throws on bad input.
 *
 * <p>One poll's records are in flight at most: {@link #consume} first waits for the previous poll's, and
 * {@link #drain} and {@link #awaitIngest} wait for them, so the flush, idle-series eviction, rewinds and rebalances
 * see every record handed over counted and no ingest running. With several threads a poll's partitions are split
 * between them, each partition's records in order on one thread; each thread has its own delta histograms
 * ({@link EventIngestor.Scratch}).
 *
 * <p>Thread-safety: called by the polling thread only.
 */
@ApplicationScoped
public class IngestWorkers {

    private static final Logger LOG = Logger.getLogger(IngestWorkers.class);

    private final EventIngestor ingestor;
    private final DeadLetters deadLetters;
    private final int threads;
    private final ExecutorService pool;
    private final EventIngestor.Scratch[] scratch;
    /** The ingest of the last poll's records, one future per thread used. */
    private List<Future<?>> inFlight = List.of();

    private int inFlightRecords;

    IngestWorkers(EventIngestor ingestor, DeadLetters deadLetters, DriftwatchConfig config) {
        this.ingestor = ingestor;
        this.deadLetters = deadLetters;
        this.threads =
                threads(config.events().ingestThreads(), Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "driftwatch-ingest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scratch = new EventIngestor.Scratch[threads];
        for (int i = 0; i < threads; i++) {
            scratch[i] = ingestor.newScratch();
        }
        LOG.infof("ingesting with %d thread%s beside the polling thread", threads, threads == 1 ? "" : "s");
    }

    /**
     * Hands every pane delta counted since the last drain to {@code out}, and forgets them; waits for the records in
     * flight first.
     */
    public void drain(Consumer<PaneDelta> out) {
        awaitIngest();
        for (EventIngestor.Scratch s : scratch) {
            ingestor.drain(s, out);
        }
    }

    /** {@code configured} threads, or for 0 the processors, at most 8; never below 1. */
    static int threads(int configured, int processors) {
        if (configured < 0) {
            throw new InvalidConfigException(
                    "driftwatch.events.ingest-threads", configured, "0 (one per processor, at most 8) or more");
        }
        return configured == 0 ? Math.max(1, Math.min(8, processors)) : configured;
    }

    /** Starts ingesting one poll's {@code records} on the ingest threads and returns; waits first for the last poll's. */
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        awaitIngest();
        ingestor.evictIdleSeries(); // between polls, no ingest running: see SeriesAdmission
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
            EventIngestor.Scratch s = scratch[g];
            started.add(pool.submit(() -> ingest(s, records, mine)));
        }
        inFlight = started;
        inFlightRecords = records.count();
    }

    /**
     * Waits until the records handed over by the last {@link #consume} are ingested. An ingest that failed (not a bad
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
                    LOG.errorf(
                            e.getCause(),
                            "ingesting %d polled records failed; continuing with the next poll",
                            inFlightRecords);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // shutting down: still wait, the flush after this reads the deltas
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void ingest(
            EventIngestor.Scratch s, ConsumerRecords<byte[], byte[]> records, List<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ingestor.pinClock(s); // once per partition's records, not per record
            try {
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    Outcome outcome = ingestor.ingest(s, record.value(), record.timestamp());
                    if (outcome.isRejected() && deadLetters.enabled()) {
                        deadLetters.send(record, outcome, s.detail());
                    }
                }
            } finally {
                ingestor.unpinClock(s);
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}

package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.Spans;
import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import io.driftwatch.kafka.PollLoops;
import io.driftwatch.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Stage 1's poll loop: one thread ({@code driftwatch-input}) and one {@link KafkaConsumer} in the input's consumer
 * group (partitions split between instances). Each poll's records go as they are to the {@link IngestWorkers}, which
 * count them in delta histograms per (series, pane) while the next poll fetches. Every
 * {@code driftwatch.panes.flush-interval}, on revoke and on shutdown the deltas go to the pane topic in one
 * transaction with the consumed input offsets ({@link InputTransactions}, {@link PanePublisher}).
 *
 * <p>A batch that throws is logged and skipped like a bad record; a broker outage makes polls return nothing and
 * flushes fail, abort and rewind until it is back.
 */
@ApplicationScoped
public class InputLoop {

    private static final Logger LOG = Logger.getLogger(InputLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String CONSUMER = "input consumer (group ";

    private final IngestWorkers workers;
    private final Topics topics;
    private final InternalTopics internalTopics;
    private final KafkaClients clients;
    private final KafkaProblems problems;
    private final String consumerName;
    private final PanePublisher publisher;
    private final InputTransactions transactions;
    private final long flushNanos;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private long lastFlushNanos = System.nanoTime();
    private Thread thread;

    InputLoop(
            DriftwatchConfig config,
            Topics topics,
            InternalTopics internalTopics,
            KafkaClients clients,
            IngestWorkers workers,
            InputOffsets positions,
            KafkaProblems problems,
            InstantSource clock) {
        this.workers = workers;
        this.problems = problems;
        this.consumerName = CONSUMER + topics.inputGroup() + ", topic " + topics.input() + ")";
        this.topics = topics;
        this.internalTopics = internalTopics;
        this.clients = clients;
        var panes = config.panes();
        this.flushNanos = panes.flushInterval().toNanos();
        String instance = panes.instanceId().orElse(UUID.randomUUID().toString());
        this.publisher = new PanePublisher(
                clients, topics.paneTransactionalIdPrefix() + instance, panes.transactionTimeout(), problems);
        this.transactions = new InputTransactions(
                workers,
                publisher,
                new InputStart(clock, Spans.replay(config), positions),
                positions,
                topics.panes(),
                internalTopics::panePartitions,
                clock);
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        // created here, so that a configuration the client refuses stops the start with the client's message
        consumer = clients.consumer(KafkaRecipes.input(topics.inputGroup()));
        running = true;
        thread = new Thread(this::run, "driftwatch-input");
        thread.start();
        LOG.infof(
                "stage 1: consuming topic %s as group %s from %s; pane deltas to %s every %d ms (transactional id %s)",
                topics.input(),
                topics.inputGroup(),
                clients.bootstrapServers(),
                topics.panes(),
                flushNanos / 1_000_000,
                publisher.transactionalId());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        PollLoops.wakeAndJoin(consumer, thread, Duration.ofSeconds(15));
    }

    /** The input consumer, once started (for its client metrics); {@code null} before. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** Transactions of pane deltas and input offsets committed since start. */
    public long committedTransactions() {
        return publisher.committed();
    }

    /** Transactions aborted since start (their input is consumed again). */
    public long abortedTransactions() {
        return publisher.aborted();
    }

    /** Pane deltas published in committed transactions since start. */
    public long publishedDeltas() {
        return publisher.deltas();
    }

    /** Called with the duration in nanoseconds of every committed flush transaction. */
    public void onFlushCommitted(LongConsumer nanos) {
        publisher.onCommitted(nanos);
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        try {
            String stage = "stage 1 start (topic check, transactional pane producer with transactional id "
                    + publisher.transactionalId() + ")";
            PollLoops.untilReady(stage, () -> running, problems, () -> {
                internalTopics.ensure(Duration.ofSeconds(10));
                publisher.connect();
            });
            c.subscribe(List.of(topics.input()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    transactions.assigned(c, partitions);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    flush(c, true); // while the partitions are still ours: their deltas and offsets, committed
                    partitions.forEach(transactions::revoked);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // another instance has them already: what was counted since the last commit is theirs to count
                    LOG.warnf("input partitions %s lost; dropping what was counted since the last commit", partitions);
                    transactions.discard();
                    partitions.forEach(transactions::revoked);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(POLL);
                    problems.recovered(consumerName);
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break; // stopping: an interrupted poll is no error
                    }
                    // e.g. authorization or an unknown topic: the client keeps its state; try again in a second
                    if (!problems.failed(consumerName, e)) {
                        LOG.errorf("polling topic %s failed: %s; retrying in 1 s", topics.input(), e.toString());
                    }
                    pause();
                    continue;
                }
                if (!transactions.settle(c, false)) {
                    continue; // the last transaction failed: rewound, what was polled is read again
                }
                if (transactions.needsRewind()) {
                    transactions.rewind(c);
                    continue; // what was polled came from the positions given up: read again after the seek
                }
                consume(records);
                if (System.nanoTime() - lastFlushNanos >= flushNanos) {
                    flush(c, false);
                }
            }
            flush(c, true);
        } catch (WakeupException e) {
            // shutdown while waiting for the broker
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "the prediction consumer stopped: %s", e.getMessage());
            }
        } finally {
            publisher.close();
            // bounded: with the broker gone, a default close would wait 30 s for the group
            c.close(Duration.ofSeconds(5));
        }
    }

    private void consume(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            workers.consume(records);
        } catch (RuntimeException e) {
            // like a bad record: logged, and the stream goes on
            LOG.errorf(e, "a batch of %d records failed; continuing with the next", records.count());
        }
        transactions.consumed(records);
    }

    private void flush(KafkaConsumer<byte[], byte[]> c, boolean wait) {
        lastFlushNanos = System.nanoTime();
        transactions.flush(c, wait);
    }

    private void pause() {
        if (!PollLoops.pause()) {
            running = false;
        }
    }
}

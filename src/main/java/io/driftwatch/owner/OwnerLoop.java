package io.driftwatch.owner;

import io.driftwatch.kafka.InternalTopics;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import io.driftwatch.kafka.PollLoops;
import io.driftwatch.kafka.Topics;
import io.driftwatch.monitor.MonitorRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Stage 2, the series owner: one thread ({@code driftwatch-owner}) and one {@link KafkaConsumer} in the owners' group on the pane topic
 * ({@code read_committed}: only deltas of committed stage-1 transactions). Each series belongs to the instance that
 * owns its pane-topic partition, which merges the deltas into the series' window ({@link PaneApplier}); its metrics
 * and alerts are exported there and nowhere else.
 *
 * <p>On assignment the {@link WindowRebuilder} replays each new partition from {@code now - longest window - lateness
 * - flush}; on revoke (cooperative rebalancing: only partitions that really move) the partition's series are handed
 * over — removed here without resolving their alerts, which the new owner restores from the alert-state topic. Idle
 * series are evicted on this thread between batches, so no delta is added to a removed series.
 *
 * <p>Owner offsets are never committed: a new owner always rebuilds from the pane topic by time.
 */
@ApplicationScoped
public class OwnerLoop {

    private static final Logger LOG = Logger.getLogger(OwnerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Topics topics;
    private final KafkaProblems problems;
    private final String consumerName;
    private final InternalTopics internalTopics;
    private final KafkaClients clients;
    private final MonitorRegistry registry;
    private final WindowRebuilder rebuilder;
    private final AppliedOffsets applied;
    private final PaneApplier applier;
    private volatile boolean running;
    /** When the owner's last poll returned, {@link System#nanoTime()}. */
    private volatile long lastPollNanos = Long.MIN_VALUE;
    /** The consumer's "last-heartbeat-seconds-ago" metric (heartbeats sent to the coordinator), once it exists. */
    private volatile Metric heartbeatAge;
    /**
     * This instance may have lost its partitions without knowing it yet (it was paused, or cut off from the group's
     * coordinator, for longer than the session timeout): true until the group has spoken again in a rebalance.
     */
    private volatile boolean suspect;

    private volatile boolean assignedOnce;
    /** Until then a stale heartbeat is not suspicious: the group has just spoken, the next heartbeat is on its way. */
    private volatile long heartbeatGraceUntilNanos;

    private final long sessionTimeoutNanos;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    OwnerLoop(
            Topics topics,
            InternalTopics internalTopics,
            KafkaClients clients,
            MonitorRegistry registry,
            WindowRebuilder rebuilder,
            AppliedOffsets applied,
            KafkaProblems problems) {
        this.topics = topics;
        Object session = clients.properties(KafkaRecipes.owner(topics.ownerGroup()))
                .get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        this.sessionTimeoutNanos = (session == null ? 45_000 : Long.parseLong(session.toString())) * 1_000_000L;
        this.problems = problems;
        this.consumerName = "owner consumer (group " + topics.ownerGroup() + ", topic " + topics.panes() + ")";
        this.internalTopics = internalTopics;
        this.clients = clients;
        this.registry = registry;
        this.rebuilder = rebuilder;
        this.applied = applied;
        this.applier = new PaneApplier(registry);
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        consumer = clients.consumer(KafkaRecipes.owner(topics.ownerGroup()));
        running = true;
        thread = new Thread(this::run, "driftwatch-owner");
        thread.start();
        LOG.infof("stage 2: owning the series of topic %s as group %s", topics.panes(), topics.ownerGroup());
    }

    /**
     * Whether the owners' group still counts this instance as the owner of its partitions, as far as it can tell: its
     * last poll returned within the session timeout, and it has not been paused or cut off from the coordinator for
     * longer than that since the group last spoke (a rebalance). After such a gap it forces a rebalance, in which the
     * group either confirms the assignment or revokes it ({@code onPartitionsLost}).
     */
    boolean confirmed() {
        long polled = lastPollNanos;
        return !suspect && polled != Long.MIN_VALUE && System.nanoTime() - polled <= sessionTimeoutNanos;
    }

    /** On the polling thread: after a pause or a silent coordinator longer than the session timeout, ask the group. */
    private void checkMembership(KafkaConsumer<byte[], byte[]> c, long gapNanos) {
        Metric m = heartbeatAge;
        double heartbeatNanos = 0;
        if (m != null
                && assignedOnce
                && System.nanoTime() - heartbeatGraceUntilNanos > 0
                && m.metricValue() instanceof Number n
                && Double.isFinite(n.doubleValue())) {
            heartbeatNanos = n.doubleValue() * 1e9;
        }
        if (!suspect && (gapNanos > sessionTimeoutNanos || heartbeatNanos > sessionTimeoutNanos)) {
            suspect = true;
            LOG.infof(
                    "owner: %s for longer than the session timeout (%d ms); its series are not exported until the"
                            + " group confirms or revokes its partitions",
                    gapNanos > sessionTimeoutNanos ? "paused" : "no heartbeat reached the coordinator",
                    sessionTimeoutNanos / 1_000_000);
            c.enforceRebalance("membership unconfirmed for longer than the session timeout");
        }
    }

    /** The group has spoken (a rebalance ended): the assignment is what it says. */
    private void groupSpoke() {
        heartbeatGraceUntilNanos = System.nanoTime() + sessionTimeoutNanos;
        if (suspect) {
            LOG.info("owner: the group confirmed this instance's partitions");
        }
        suspect = false;
    }

    /** Pane-topic records read by this owner with result {@code r}, since start. */
    public long records(PaneApplier.Result r) {
        return applier.records(r);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        PollLoops.wakeAndJoin(consumer, thread, Duration.ofSeconds(10));
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        try {
            awaitTopics();
            // read by scrapes without touching the consumer (which is not thread-safe)
            c.metrics().forEach((name, metric) -> {
                if (name.name().equals("last-heartbeat-seconds-ago")
                        && name.group().equals("consumer-coordinator-metrics")) {
                    heartbeatAge = metric;
                }
            });
            c.subscribe(List.of(topics.panes()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebuilder.onPartitionsAssigned(c, partitions);
                    assignedOnce = true;
                    groupSpoke();
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    handOver(partitions);
                    rebuilder.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    handOver(partitions);
                    rebuilder.onPartitionsRevoked(partitions);
                    groupSpoke();
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                long before = System.nanoTime();
                if (lastPollNanos != Long.MIN_VALUE) {
                    checkMembership(c, before - lastPollNanos);
                }
                try {
                    records = c.poll(POLL);
                    lastPollNanos = System.nanoTime();
                    problems.recovered(consumerName);
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break; // stopping: an interrupted poll is no error
                    }
                    if (!problems.failed(consumerName, e)) {
                        LOG.errorf("polling topic %s failed: %s; retrying in 1 s", topics.panes(), e.toString());
                    }
                    pause();
                    continue;
                }
                registry.evictIdleSeries(); // between batches, on this thread: no delta meets a removed series
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (applied.shouldApply(tp, r.offset())) {
                        try {
                            applier.apply(r.partition(), r.value(), r.timestamp());
                        } catch (RuntimeException e) {
                            LOG.errorf(e, "a pane record of %s at offset %d failed; skipped", tp, r.offset());
                        }
                    }
                }
                try {
                    for (TopicPartition tp : c.assignment()) { // past transaction markers, which are no records
                        applied.positionReached(tp, c.position(tp, Duration.ofSeconds(1)));
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break; // stopping: an interrupted poll is no error
                    }
                    LOG.debugf("positions of %s unknown for now: %s", c.assignment(), e.toString());
                }
            }
        } catch (WakeupException e) {
            // shutdown while waiting for the broker
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "the series owner stopped: %s", e.getMessage());
            }
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    private void handOver(Collection<TopicPartition> partitions) {
        int n = 0;
        for (TopicPartition tp : partitions) {
            n += applier.release(tp.partition());
        }
        if (n > 0) {
            LOG.infof("pane partitions %s revoked: %d series handed over to their new owner", partitions, n);
        }
    }

    private void awaitTopics() {
        PollLoops.untilReady(
                "stage 2 (topics check)", () -> running, problems, () -> internalTopics.ensure(Duration.ofSeconds(10)));
    }

    private void pause() {
        if (!PollLoops.pause()) {
            running = false;
        }
    }
}

package io.driftwatch.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows a compacted topic: reads it from the beginning (no consumer group: every instance reads all of it), hands
 * every record to an applier in log order, then keeps following. Serves the reference topic and the alert-state topic.
 *
 * <p>One thread ({@code driftwatch-<name>}) owns the consumer. While the broker is away, or the topic cannot be read,
 * it retries every 2 s with a new consumer, continuing after the last record it applied; {@link #problem()} says why
 * it is not following meanwhile (logged once per different problem). {@link #loaded()} turns true once the topic has
 * been read to the end it had when reading began; {@link #awaitApplied} lets a writer wait until its own record has
 * been applied here.
 *
 * <p>Thread-safety: the applier runs on the follower thread only; the other methods may be called from any thread.
 */
public final class CompactedLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedLog.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_MILLIS = 2_000;

    private final String name;
    private final String topic;
    private final Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers;
    private final Runnable ensureTopic;
    private final Consumer<ConsumerRecord<byte[], byte[]>> applier;
    private final Runnable onLoaded;
    private final KafkaProblems problems;
    private final String client;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Object progress = new Object();
    private volatile boolean running = true;
    private volatile String problem = "not started";
    /** The last attempt failed in a way retrying alone does not fix. */
    private volatile boolean blocked;

    private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> current;
    private Thread thread;

    /**
     * @param name names the thread and the log lines ({@code references}, {@code alert-states})
     * @param consumers makes a consumer (one per attempt)
     * @param ensureTopic creates or checks the topic before it is read; throws while it cannot
     * @param applier applies one record; what it throws is logged and the record skipped
     * @param onLoaded runs once, on the follower thread, when the topic has been read to its end the first time
     * @param problems where an authentication or authorization failure is reported
     */
    public CompactedLog(
            String name,
            String topic,
            Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers,
            Runnable ensureTopic,
            Consumer<ConsumerRecord<byte[], byte[]>> applier,
            Runnable onLoaded,
            KafkaProblems problems) {
        this.name = name;
        this.problems = problems;
        this.client = "reader of topic " + topic;
        this.topic = topic;
        this.consumers = consumers;
        this.ensureTopic = ensureTopic;
        this.applier = applier;
        this.onLoaded = onLoaded;
    }

    /** Starts following on thread {@code driftwatch-<name>}. */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::follow, "driftwatch-" + name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Waits at most {@code timeout} until the topic has been read to its end once; returns whether it has. Returns
     * early (false) when reading failed in a way waiting does not fix: authentication, a missing permission, missing
     * topics (reported to {@link KafkaProblems}).
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!blocked) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (loaded.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
        return loaded();
    }

    /** Whether the topic has been read to its end once. */
    public boolean loaded() {
        return loaded.getCount() == 0;
    }

    /** What keeps the topic from being read, or {@code null} while it is followed normally. */
    public String problem() {
        return problem;
    }

    /**
     * Waits until the record at {@code offset} of {@code partition} has been applied here, at most until
     * {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @return whether it has been applied
     */
    public boolean awaitApplied(int partition, long offset, long deadlineNanos) throws InterruptedException {
        synchronized (progress) {
            while (applied.getOrDefault(partition, -1L) < offset) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                progress.wait(left);
            }
            return true;
        }
    }

    private void follow() {
        while (running) {
            try (var consumer = consumers.get()) {
                current = consumer;
                if (!running) {
                    return;
                }
                ensureTopic.run();
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                for (TopicPartition tp : partitions) {
                    consumer.seek(tp, applied.getOrDefault(tp.partition(), -1L) + 1);
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                problem = null;
                blocked = false;
                problems.recovered(client);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    if (loaded.getCount() > 0
                            && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        loaded.countDown();
                        onLoaded.run();
                    }
                }
            } catch (WakeupException | InterruptException e) {
                if (!running) {
                    return;
                }
                retryLater(e);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                retryLater(e);
            } finally {
                current = null;
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            applier.accept(record);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: record %s-%d@%d could not be applied", name, topic, record.partition(), record.offset());
        }
        synchronized (progress) {
            applied.put(record.partition(), record.offset());
            progress.notifyAll();
        }
    }

    private void retryLater(RuntimeException e) {
        String now = e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean reported = e instanceof InternalTopics.MissingTopicsException || problems.failed(client, e);
        blocked = reported;
        if (!reported && !now.equals(problem)) {
            LOG.warnf("%s: cannot read topic %s (%s); retrying every 2 s", name, topic, now);
        }
        problem = now;
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException ie) {
            running = false;
        }
    }

    private List<TopicPartition> partitions(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(topic, i.partition())));
        return out;
    }

    /** Stops following: the thread leaves its poll at once and closes its consumer; waits at most 5 s for it. */
    @Override
    public void close() {
        running = false;
        var c = current;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt(); // stuck waiting for an absent broker
            }
        }
    }
}

package io.driftwatch.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Asks the broker, off the ingest path, every 2 s (admin client, on the shared scheduler): the end offset of every
 * assigned partition, and so two things:
 *
 * <ul>
 *   <li>consumer lag: end offset minus the next offset Driftwatch will apply (independent of committed offsets, so it
 *       shows how far the windows are behind the log even while rebuilding);
 *   <li>broker health: when the broker last answered, for the readiness check ({@link BrokerReadiness}).
 * </ul>
 *
 * <p>Thread-safety: written by the scheduler thread only; read by metrics and health from any thread (volatile fields,
 * concurrent maps).
 */
@ApplicationScoped
public class BrokerProbe {

    private static final Logger LOG = Logger.getLogger(BrokerProbe.class);
    private static final long REFRESH_SECONDS = 2;

    private final AppliedOffsets applied;
    private final InputOffsets input;
    private final String bootstrap;
    private final Map<TopicPartition, Long> endOffsets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Boolean> known = new ConcurrentHashMap<>();
    private volatile BiConsumer<TopicPartition, BrokerProbe> onNewPartition = (tp, lag) -> {};
    private volatile long lastAnswerNanos = System.nanoTime();
    private volatile String lastError = "no answer from the broker yet";
    private volatile Admin admin;

    BrokerProbe(
            AppliedOffsets applied,
            InputOffsets input,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.applied = applied;
        this.input = input;
        this.bootstrap = bootstrap;
    }

    /** Called once for every partition whose lag becomes known (to register its gauge). */
    public void onNewPartition(BiConsumer<TopicPartition, BrokerProbe> listener) {
        onNewPartition = listener;
        known.keySet().forEach(tp -> listener.accept(tp, this));
    }

    /**
     * Records between the partition's end and the next offset this instance will take: of an input partition, not yet
     * counted in a pane delta (stage 1); of a pane-topic partition, not yet in the windows (stage 2). NaN when
     * unknown or not assigned.
     */
    public double lag(TopicPartition tp) {
        Long end = endOffsets.get(tp);
        if (end == null) {
            return Double.NaN;
        }
        if (input.isAssigned(tp)) {
            return Math.max(0, end - input.nextOffset(tp));
        }
        if (applied.isAssigned(tp)) {
            return Math.max(0, end - applied.nextOffset(tp));
        }
        return Double.NaN;
    }

    /** Nanoseconds since the broker last answered (or since start, if it never did). */
    public long nanosSinceBrokerAnswered() {
        return System.nanoTime() - lastAnswerNanos;
    }

    /** The last error talking to the broker. */
    public String lastError() {
        return lastError;
    }

    void start(@Observes StartupEvent event) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "driftwatch-lag");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        admin = Admin.create(props);
    }

    @Scheduled(every = REFRESH_SECONDS + "s", delayed = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void refresh() {
        Admin admin = this.admin;
        if (admin == null) {
            return;
        }
        try {
            var partitions = new java.util.ArrayList<>(input.assignedPartitions());
            partitions.addAll(applied.assignedPartitions());
            if (partitions.isEmpty()) {
                admin.describeCluster().clusterId().get(REFRESH_SECONDS, TimeUnit.SECONDS);
                lastAnswerNanos = System.nanoTime();
                return;
            }
            ListOffsetsResult result = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                    new ListOffsetsOptions());
            for (var e : result.all().get(REFRESH_SECONDS, TimeUnit.SECONDS).entrySet()) {
                endOffsets.put(e.getKey(), e.getValue().offset());
                if (known.putIfAbsent(e.getKey(), Boolean.TRUE) == null) {
                    onNewPartition.accept(e.getKey(), this);
                }
            }
            lastAnswerNanos = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.debugf("no answer from the broker: %s", lastError);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Admin a = admin;
        admin = null;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }
}

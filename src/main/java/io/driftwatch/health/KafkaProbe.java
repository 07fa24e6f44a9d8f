package io.driftwatch.health;

import io.driftwatch.ingest.InputOffsets;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.KafkaRecipes;
import io.driftwatch.owner.AppliedOffsets;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Asks the broker every 2 s, off every poll loop (an admin client, on the shared scheduler): whether it answers, and the
 * end offset of every partition this instance is assigned (input partitions of stage 1, pane-topic partitions of
 * stage 2). Readiness reads the first ({@link BrokerReadiness}), lag the second ({@link ConsumerLag}).
 *
 * <p>Thread-safety: written by the scheduler thread only; read from any thread (volatile fields, concurrent maps).
 */
@ApplicationScoped
public class KafkaProbe {

    private static final Logger LOG = Logger.getLogger(KafkaProbe.class);
    private static final long REFRESH_SECONDS = 2;

    private static final String CLIENT = "admin client of the 2 s broker probe (driftwatch-lag)";

    private final KafkaClients clients;
    private final KafkaProblems problems;
    private final InputOffsets input;
    private final AppliedOffsets applied;
    private final Map<TopicPartition, Long> endOffsets = new ConcurrentHashMap<>();
    private volatile Consumer<TopicPartition> onNewPartition = tp -> {};
    private volatile long lastAnswerNanos = System.nanoTime();
    private volatile String lastError = "no answer from the broker yet";
    private volatile Admin admin;

    KafkaProbe(KafkaClients clients, KafkaProblems problems, InputOffsets input, AppliedOffsets applied) {
        this.clients = clients;
        this.problems = problems;
        this.input = input;
        this.applied = applied;
    }

    /** Called once for every partition whose end offset becomes known (and at once for those known already). */
    public void onNewPartition(Consumer<TopicPartition> listener) {
        onNewPartition = listener;
        endOffsets.keySet().forEach(listener);
    }

    /** The end offset of {@code tp} at the last answer, if it was assigned then. */
    public OptionalLong endOffset(TopicPartition tp) {
        Long end = endOffsets.get(tp);
        return end == null ? OptionalLong.empty() : OptionalLong.of(end);
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
        admin = clients.admin(KafkaRecipes.probeAdmin());
    }

    @Scheduled(every = REFRESH_SECONDS + "s", delayed = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void refresh() {
        Admin admin = this.admin;
        if (admin == null) {
            return;
        }
        try {
            List<TopicPartition> partitions = new ArrayList<>(input.assignedPartitions());
            partitions.addAll(applied.assignedPartitions());
            if (partitions.isEmpty()) {
                admin.describeCluster().clusterId().get(REFRESH_SECONDS, TimeUnit.SECONDS);
                answered();
                return;
            }
            ListOffsetsResult result = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                    new ListOffsetsOptions());
            for (var e : result.all().get(REFRESH_SECONDS, TimeUnit.SECONDS).entrySet()) {
                if (endOffsets.put(e.getKey(), e.getValue().offset()) == null) {
                    onNewPartition.accept(e.getKey());
                }
            }
            answered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            if (!problems.failed(CLIENT, cause)) {
                LOG.debugf("no answer from the broker: %s", lastError);
            }
        }
    }

    private void answered() {
        lastAnswerNanos = System.nanoTime();
        problems.recovered(CLIENT);
    }

    void stop(@Observes ShutdownEvent event) {
        Admin a = admin;
        admin = null;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }
}

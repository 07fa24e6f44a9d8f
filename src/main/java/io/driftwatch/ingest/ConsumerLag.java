package io.driftwatch.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * Consumer lag per assigned partition: the partition's end offset (asked of the broker every 5 s with an admin client,
 * off the ingest path) minus the next offset Driftwatch will apply. Independent of committed offsets, so it shows
 * how far the windows are behind the log even while rebuilding.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);
    private static final long REFRESH_SECONDS = 5;

    private final WindowRebuilder rebuilder;
    private final String bootstrap;
    private final Map<TopicPartition, Long> endOffsets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Boolean> known = new ConcurrentHashMap<>();
    private volatile BiConsumer<TopicPartition, ConsumerLag> onNewPartition = (tp, lag) -> {};
    private ScheduledExecutorService executor;
    private Admin admin;

    ConsumerLag(WindowRebuilder rebuilder, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.rebuilder = rebuilder;
        this.bootstrap = bootstrap;
    }

    /** Called once for every partition whose lag becomes known (to register its gauge). */
    public void onNewPartition(BiConsumer<TopicPartition, ConsumerLag> listener) {
        onNewPartition = listener;
        known.keySet().forEach(tp -> listener.accept(tp, this));
    }

    /** Records between the partition's end and the next offset to apply, or NaN when unknown or not assigned. */
    public double lag(TopicPartition tp) {
        Long end = endOffsets.get(tp);
        if (end == null || !rebuilder.isAssigned(tp)) {
            return Double.NaN;
        }
        return Math.max(0, end - rebuilder.nextOffset(tp));
    }

    void start(@Observes StartupEvent event) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "driftwatch-lag");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        admin = Admin.create(props);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "driftwatch-lag");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::refresh, 1, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        try {
            var partitions = rebuilder.assignedPartitions();
            if (partitions.isEmpty()) {
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
        } catch (Exception e) {
            LOG.debugf("cannot refresh end offsets: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}

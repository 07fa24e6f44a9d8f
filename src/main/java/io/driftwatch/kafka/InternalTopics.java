package io.driftwatch.kafka;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.InvalidConfigException;
import io.driftwatch.config.Spans;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * The one place that creates and checks Driftwatch's internal topics ({@link Topics} names them):
 *
 * <ul>
 *   <li>the <b>pane topic</b> (stage 1 writes pane deltas, stage 2 owners read them): its partitions bound the number
 *       of owners; its retention must cover the longest window plus lateness plus one flush (owners rebuild from it);
 *   <li>the compacted <b>alert-state topic</b> (firing alerts survive restarts and handovers), one partition;
 *   <li>the compacted <b>reference topic</b> (run-time references), one partition, unless references are off.
 * </ul>
 *
 * Created on first use with partitions and retention derived from the configuration; an existing pane topic that
 * cannot serve the configuration is a start-up error naming the key, the value and the fix.
 *
 * <p>Thread-safe: {@link #ensure} is synchronized and, once it succeeded, a no-op.
 */
@ApplicationScoped
public class InternalTopics {

    private static final Logger LOG = Logger.getLogger(InternalTopics.class);
    private static final Duration MIN_RETENTION = Duration.ofHours(1);

    private final Topics topics;
    private final KafkaClients clients;
    private final int wantedPartitions;
    private final short replicationFactor;
    private final boolean references;
    private final short referenceReplicationFactor;
    private final Duration required;
    private final Duration retention;
    private volatile int partitions;

    InternalTopics(DriftwatchConfig config, Topics topics, KafkaClients clients) {
        this.topics = topics;
        this.clients = clients;
        var panes = config.panes();
        this.wantedPartitions = panes.partitions();
        if (wantedPartitions < 1) {
            throw new InvalidConfigException("driftwatch.panes.partitions", wantedPartitions, "at least 1");
        }
        this.replicationFactor = panes.replicationFactor();
        if (panes.flushInterval().toMillis() < 10) {
            throw new InvalidConfigException("driftwatch.panes.flush-interval", panes.flushInterval(), "at least 10ms");
        }
        this.references = config.references().enabled();
        this.referenceReplicationFactor = config.references().replicationFactor();
        this.required = Spans.rebuild(config);
        Duration derived = required.multipliedBy(2);
        this.retention = panes.retention().orElse(derived.compareTo(MIN_RETENTION) < 0 ? MIN_RETENTION : derived);
        if (retention.compareTo(required) < 0) {
            throw new InvalidConfigException(
                    "driftwatch.panes.retention",
                    retention,
                    "at least " + required + " (the longest window + driftwatch.events.allowed-lateness + one flush"
                            + " interval): owners rebuild windows from that much of the pane topic");
        }
    }

    /**
     * Checks the topics right after the configuration, before the scheduler or any consumer starts, so that an
     * existing topic that cannot serve the configuration stops start-up with one clear error. A broker that does not
     * answer within 5 s only delays the check: the loops try again before they consume.
     */
    void checkFirst(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent event) {
        try {
            ensure(Duration.ofSeconds(5));
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("%s; will retry before consuming", e.getMessage());
        }
    }

    /** Partitions of the pane topic as it is (after {@link #ensure}); 0 before. */
    public int panePartitions() {
        return partitions;
    }

    /**
     * Creates the topics if missing and checks existing ones.
     *
     * @throws InvalidConfigException when an existing pane topic cannot serve the configuration
     * @throws IllegalStateException when the broker does not answer within {@code timeout} (try again later)
     */
    public synchronized void ensure(Duration timeout) {
        if (partitions > 0) {
            return;
        }
        long t = timeout.toMillis();
        try (Admin admin = clients.admin(KafkaRecipes.topicsAdmin(timeout))) {
            Set<String> names = admin.listTopics().names().get(t, TimeUnit.MILLISECONDS);
            create(
                    admin,
                    names,
                    new NewTopic(topics.panes(), Optional.of(wantedPartitions), Optional.of(replicationFactor))
                            .configs(Map.of(
                                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
                                    TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segmentMillis()))),
                    t);
            create(admin, names, compacted(topics.alertStates(), replicationFactor), t);
            if (references) {
                if (!create(admin, names, compacted(topics.references(), referenceReplicationFactor), t)) {
                    warnUnlessCompacted(admin, topics.references(), t);
                }
            }
            TopicDescription d = admin.describeTopics(List.of(topics.panes()))
                    .allTopicNames()
                    .get(t, TimeUnit.MILLISECONDS)
                    .get(topics.panes());
            var retentionEntry = config(admin, topics.panes(), t).get(TopicConfig.RETENTION_MS_CONFIG);
            long existingRetention = retentionEntry == null ? -1 : Long.parseLong(retentionEntry.value());
            check(d.partitions().size(), existingRetention);
            partitions = d.partitions().size();
            LOG.infof(
                    "pane topic %s: %d partitions (at most %d series owners), retention %s; owners group %s,"
                            + " alert states in %s",
                    topics.panes(),
                    partitions,
                    partitions,
                    existingRetention < 0 ? "unlimited" : Duration.ofMillis(existingRetention),
                    topics.ownerGroup(),
                    topics.alertStates());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + topics.panes(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or check topic " + topics.panes() + ": " + e, e);
        }
    }

    /** Whether an existing pane topic of {@code existingPartitions} and {@code retentionMillis} (-1: unlimited) serves. */
    void check(int existingPartitions, long retentionMillis) {
        String paneTopic = topics.panes();
        if (retentionMillis >= 0 && retentionMillis < required.toMillis()) {
            throw new InvalidConfigException(
                    "driftwatch.monitors.*.window",
                    "(longest window + lateness + flush) " + required,
                    "at most the retention of the existing pane topic " + paneTopic + " (retention.ms="
                            + retentionMillis + "): raise it (kafka-configs.sh --alter --entity-type topics"
                            + " --entity-name " + paneTopic + " --add-config retention.ms=" + retention.toMillis()
                            + ") or shorten the window");
        }
        if (existingPartitions < wantedPartitions) {
            throw new InvalidConfigException(
                    "driftwatch.panes.partitions",
                    wantedPartitions,
                    "at most the " + existingPartitions + " partitions of the existing pane topic " + paneTopic
                            + ": add partitions (kafka-topics.sh --alter --topic " + paneTopic + " --partitions "
                            + wantedPartitions + "; series then move between owners and their windows refill"
                            + " within one window) or set driftwatch.panes.partitions=" + existingPartitions);
        }
    }

    private long segmentMillis() {
        // segments are deleted whole: a few per retention, so the topic holds little more than it must
        return Math.max(60_000, retention.toMillis() / 4);
    }

    private static NewTopic compacted(String name, short replicationFactor) {
        return new NewTopic(name, Optional.of(1), Optional.of(replicationFactor))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private static Config config(Admin admin, String topic, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(timeoutMillis, TimeUnit.MILLISECONDS)
                .get(resource);
    }

    private static void warnUnlessCompacted(Admin admin, String topic, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        var policy = config(admin, topic, timeoutMillis).get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warnf(
                    "topic %s has cleanup.policy=%s, not compact: old records may be deleted by retention and then"
                            + " lost on restart",
                    topic, policy == null ? "?" : policy.value());
        }
    }

    /**
     * Creates {@code topic} unless it is among the existing {@code names} (or another instance made it meanwhile).
     *
     * @return whether this call created it
     */
    private static boolean create(Admin admin, Set<String> names, NewTopic topic, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (names.contains(topic.name())) {
            return false;
        }
        try {
            admin.createTopics(List.of(topic)).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.infof("created topic %s (%d partitions, %s)", topic.name(), topic.numPartitions(), topic.configs());
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            return false;
        }
    }
}

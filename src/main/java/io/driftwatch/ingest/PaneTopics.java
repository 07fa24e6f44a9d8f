package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.monitor.InvalidConfigException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The internal topics of the two stages, their names and their checks: the <b>pane topic</b> (stage 1 writes pane
 * deltas, stage 2 owners read them; partitions bound the number of owners, retention must cover the longest window
 * plus lateness plus one flush) and the compacted <b>alert-state topic</b> (firing alerts, so that they survive
 * restarts and handovers). Created on first use with partitions and retention derived from the configuration; an
 * existing topic that cannot serve the configuration is a start-up error naming the key, the value and the fix.
 *
 * <p>Thread-safe: {@link #ensure} is synchronized and idempotent.
 */
@ApplicationScoped
public class PaneTopics {

    private static final Logger LOG = Logger.getLogger(PaneTopics.class);
    private static final Duration MIN_RETENTION = Duration.ofHours(1);

    private final String bootstrap;
    private final String inputGroup;
    private final String paneTopic;
    private final String ownerGroup;
    private final String alertStateTopic;
    private final int wantedPartitions;
    private final short replicationFactor;
    private final Duration required;
    private final Duration retention;
    private volatile int partitions;

    PaneTopics(DriftwatchConfig config, Config raw) {
        this.bootstrap =
                raw.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("127.0.0.1:9092");
        this.inputGroup = raw.getOptionalValue(PredictionLoop.PREFIX + "group.id", String.class)
                .orElse("driftwatch");
        var panes = config.panes();
        this.paneTopic = panes.topic().orElse(inputGroup + "-panes");
        this.ownerGroup = panes.ownerGroup().orElse(inputGroup + "-owners");
        this.alertStateTopic = panes.alertStateTopic().orElse(inputGroup + "-alert-states");
        this.wantedPartitions = panes.partitions();
        if (wantedPartitions < 1) {
            throw new InvalidConfigException("driftwatch.panes.partitions", wantedPartitions, "at least 1");
        }
        this.replicationFactor = panes.replicationFactor();
        if (panes.flushInterval().toMillis() < 10) {
            throw new InvalidConfigException("driftwatch.panes.flush-interval", panes.flushInterval(), "at least 10ms");
        }
        this.required = replaySpan(config).plus(panes.flushInterval());
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

    /** The longest window plus {@code driftwatch.events.allowed-lateness}: how far back a rebuild reads. */
    static Duration replaySpan(DriftwatchConfig config) {
        long longest = config.monitors().values().stream()
                .mapToLong(m -> m.window().toMillis())
                .max()
                .orElse(0);
        return Duration.ofMillis(longest).plus(config.events().allowedLateness());
    }

    public String paneTopic() {
        return paneTopic;
    }

    public String ownerGroup() {
        return ownerGroup;
    }

    public String alertStateTopic() {
        return alertStateTopic;
    }

    public String inputGroup() {
        return inputGroup;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** How far back an owner rebuilds: the longest window + allowed lateness + one flush interval. */
    public Duration rebuildSpan() {
        return required;
    }

    /** Partitions of the pane topic as it is (after {@link #ensure}); 0 before. */
    public int partitions() {
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
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "driftwatch-panes-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 5_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        long t = timeout.toMillis();
        try (Admin admin = Admin.create(props)) {
            Set<String> names = admin.listTopics().names().get(t, TimeUnit.MILLISECONDS);
            create(
                    admin,
                    names,
                    new NewTopic(paneTopic, Optional.of(wantedPartitions), Optional.of(replicationFactor))
                            .configs(Map.of(
                                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
                                    TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segmentMillis()))),
                    t);
            create(
                    admin,
                    names,
                    new NewTopic(alertStateTopic, Optional.of(1), Optional.of(replicationFactor))
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                    t);
            TopicDescription d = admin.describeTopics(List.of(paneTopic))
                    .allTopicNames()
                    .get(t, TimeUnit.MILLISECONDS)
                    .get(paneTopic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, paneTopic);
            var topicConfig = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(t, TimeUnit.MILLISECONDS)
                    .get(resource);
            var retentionEntry = topicConfig.get(TopicConfig.RETENTION_MS_CONFIG);
            long existingRetention = retentionEntry == null ? -1 : Long.parseLong(retentionEntry.value());
            check(d.partitions().size(), existingRetention);
            partitions = d.partitions().size();
            LOG.infof(
                    "pane topic %s: %d partitions (at most %d series owners), retention %s; owners group %s,"
                            + " alert states in %s",
                    paneTopic,
                    partitions,
                    partitions,
                    existingRetention < 0 ? "unlimited" : Duration.ofMillis(existingRetention),
                    ownerGroup,
                    alertStateTopic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + paneTopic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create or check topic " + paneTopic + ": " + e, e);
        }
    }

    /** Whether an existing pane topic of {@code existingPartitions} and {@code retentionMillis} (-1: unlimited) serves. */
    void check(int existingPartitions, long retentionMillis) {
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

    /** Creates {@code topic} unless it is among the existing {@code names} (or another instance made it meanwhile). */
    private static void create(Admin admin, Set<String> names, NewTopic topic, long timeoutMillis)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        if (names.contains(topic.name())) {
            return;
        }
        try {
            admin.createTopics(List.of(topic)).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.infof("created topic %s (%d partitions, %s)", topic.name(), topic.numPartitions(), topic.configs());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}

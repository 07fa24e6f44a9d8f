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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * The one place that creates and checks the topics Driftwatch writes ({@link Topics} names them):
 *
 * <ul>
 *   <li>the <b>pane topic</b> (stage 1 writes pane deltas, stage 2 owners read them): its partitions bound the number
 *       of owners; its retention must cover the longest window plus lateness plus one flush (owners rebuild from it);
 *   <li>the compacted <b>alert-state topic</b> (firing alerts survive restarts and handovers), one partition;
 *   <li>the compacted <b>reference topic</b> (run-time references), one partition, unless references are off;
 *   <li>the <b>alert topic</b> (when the Kafka sink is on) and the <b>dead-letter topic</b> (when configured).
 * </ul>
 *
 * With {@code driftwatch.topics.create=true} (default) missing topics are created, with partitions and retention
 * derived from the configuration; with {@code false}, or when the broker refuses to create them, nothing is created:
 * the missing topics are reported to {@link KafkaProblems} (readiness DOWN, one {@code ERROR}) with the commands that
 * create them, and {@link #ensure} fails until they exist. An existing pane topic that cannot serve the configuration
 * is a start-up error naming the key, the value and the fix.
 *
 * <p>Thread-safe: {@link #ensure} is synchronized and, once it succeeded, a no-op.
 */
@ApplicationScoped
public class InternalTopics {

    private static final Logger LOG = Logger.getLogger(InternalTopics.class);
    private static final Duration MIN_RETENTION = Duration.ofHours(1);

    /** The client name missing topics are reported under. */
    static final String CLIENT = "topics";

    private final Topics topics;
    private final KafkaClients clients;
    private final KafkaProblems problems;
    private final boolean create;
    private final int wantedPartitions;
    private final short replicationFactor;
    private final boolean references;
    private final short referenceReplicationFactor;
    private final Duration required;
    private final Duration retention;
    private volatile int partitions;

    InternalTopics(DriftwatchConfig config, Topics topics, KafkaClients clients, KafkaProblems problems) {
        this.topics = topics;
        this.clients = clients;
        this.problems = problems;
        this.create = config.topics().create();
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
        } catch (MissingTopicsException e) {
            // reported (ERROR, readiness); the loops check again before they consume
        } catch (RuntimeException e) {
            if (!problems.failed(CLIENT, e)) {
                LOG.warnf("%s; will retry before consuming", e.getMessage());
            }
        }
    }

    /** Partitions of the pane topic as it is (after {@link #ensure}); 0 before. */
    public int panePartitions() {
        return partitions;
    }

    /** Every topic Driftwatch writes, as it would create it. */
    public List<TopicSpec> specs() {
        List<TopicSpec> out = new ArrayList<>();
        Map<String, String> panes = new LinkedHashMap<>();
        panes.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        panes.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        panes.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segmentMillis()));
        out.add(new TopicSpec(
                topics.panes(),
                "pane deltas of stage 1, read by the series owners",
                Optional.of(wantedPartitions),
                Optional.of(replicationFactor),
                panes));
        out.add(compacted(topics.alertStates(), "firing alerts, restored after restarts", replicationFactor));
        if (references) {
            out.add(compacted(topics.references(), "run-time references", referenceReplicationFactor));
        }
        topics.alerts()
                .ifPresent(t -> out.add(new TopicSpec(
                        t, "alert messages", Optional.empty(), Optional.of(replicationFactor), Map.of())));
        topics.deadLetters()
                .ifPresent(t -> out.add(new TopicSpec(
                        t, "rejected records", Optional.empty(), Optional.of(replicationFactor), Map.of())));
        return out;
    }

    /**
     * Creates the topics that are missing (unless {@code driftwatch.topics.create=false}) and checks the existing ones.
     *
     * @throws InvalidConfigException when an existing pane topic cannot serve the configuration
     * @throws MissingTopicsException when topics are missing that Driftwatch may or must not create (reported)
     * @throws IllegalStateException when the broker does not answer within {@code timeout} (try again later)
     */
    public synchronized void ensure(Duration timeout) {
        if (partitions > 0) {
            return;
        }
        long t = timeout.toMillis();
        try (Admin admin = clients.admin(KafkaRecipes.topicsAdmin(timeout))) {
            Set<String> names = admin.listTopics().names().get(t, TimeUnit.MILLISECONDS);
            Map<TopicSpec, String> notThere = new LinkedHashMap<>();
            for (TopicSpec spec : specs()) {
                if (!names.contains(spec.name())) {
                    absent(admin, spec, t).ifPresent(why -> notThere.put(spec, why));
                }
            }
            if (!notThere.isEmpty()) {
                String message = missing(notThere);
                problems.report(CLIENT, KafkaProblems.Kind.TOPICS, message);
                throw new MissingTopicsException(message);
            }
            if (references) {
                warnUnlessCompacted(admin, topics.references(), t);
            }
            warnUnlessCompacted(admin, topics.alertStates(), t);
            TopicDescription d = admin.describeTopics(List.of(topics.panes()))
                    .allTopicNames()
                    .get(t, TimeUnit.MILLISECONDS)
                    .get(topics.panes());
            var retentionEntry = config(admin, topics.panes(), t).get(TopicConfig.RETENTION_MS_CONFIG);
            long existingRetention = retentionEntry == null ? -1 : Long.parseLong(retentionEntry.value());
            check(d.partitions().size(), existingRetention);
            if (!names.contains(topics.input())) {
                LOG.warnf("input topic %s does not exist (yet): stage 1 reads it once it does", topics.input());
            }
            problems.recovered(CLIENT);
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
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create or check topic " + topics.panes() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create or check topic " + topics.panes() + ": " + e, e);
        }
    }

    /**
     * A topic the listing did not show: created now (empty), or why it cannot be used: it does not exist and may not
     * be created, or this principal may not see it.
     */
    private Optional<String> absent(Admin admin, TopicSpec spec, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.describeTopics(List.of(spec.name())).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS);
            return Optional.empty(); // it was created meanwhile
        } catch (ExecutionException e) {
            if (KafkaProblems.classify(e.getCause()).isPresent()) {
                return Optional.of("it may exist, but this principal may not see it (grant Describe on topic "
                        + spec.name() + ")");
            }
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        if (!create) {
            return Optional.of("it does not exist (driftwatch.topics.create=false)");
        }
        try {
            admin.createTopics(List.of(spec.newTopic())).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            LOG.infof("created topic %s (%s; %s)", spec.name(), spec.purpose(), spec.configs());
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return Optional.empty();
            }
            if (KafkaProblems.classify(e.getCause()).isPresent()
                    || e.getCause() instanceof org.apache.kafka.common.errors.PolicyViolationException) {
                return Optional.of("it does not exist and the broker refused to create it ("
                        + e.getCause().getClass().getSimpleName() + ")");
            }
            throw e;
        }
    }

    /** What to create, and how. */
    private static String missing(Map<TopicSpec, String> notThere) {
        StringBuilder b = new StringBuilder("topics Driftwatch needs are missing; create them (or set"
                + " driftwatch.topics.create=true and grant Create on them):");
        notThere.forEach((spec, why) -> b.append("\n  ")
                .append(spec.name())
                .append(" (")
                .append(spec.purpose())
                .append("): ")
                .append(why)
                .append("\n    ")
                .append(spec.command()));
        b.append("\n  (on Strimzi: KafkaTopic resources like deploy/k8s/components/strimzi/kafka-topics.yaml)");
        return b.toString();
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

    private static TopicSpec compacted(String name, String purpose, short replicationFactor) {
        return new TopicSpec(
                name,
                purpose,
                Optional.of(1),
                Optional.of(replicationFactor),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
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

    /** Topics Driftwatch needs are missing: the message names each one and how to create it. */
    public static final class MissingTopicsException extends IllegalStateException {
        MissingTopicsException(String message) {
            super(message);
        }
    }
}

package io.driftwatch.kafka;

import io.driftwatch.config.DriftwatchConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.jboss.logging.Logger;

/**
 * The least privilege Driftwatch needs, stated once ({@link #required}) and checked against the cluster: the broker is
 * asked which operations this principal may perform on each topic and consumer group Driftwatch uses
 * ({@code includeAuthorizedOperations}), and whatever is missing is reported to {@link KafkaProblems} — readiness DOWN
 * and one {@code ERROR} naming each missing permission, its resource and the {@code kafka-acls.sh} command that grants
 * it. Checked 2 s after start and every 30 s, so a fix takes effect without a restart. Transactional ids cannot be
 * asked about; a missing one shows when the producer starts (its failure names it).
 *
 * <p>Thread-safe: runs on the shared scheduler, one check at a time.
 */
@ApplicationScoped
public class AccessCheck {

    private static final Logger LOG = Logger.getLogger(AccessCheck.class);
    static final String CLIENT = "permissions";

    private final Topics topics;
    private final KafkaClients clients;
    private final KafkaProblems problems;
    private final boolean references;

    AccessCheck(DriftwatchConfig config, Topics topics, KafkaClients clients, KafkaProblems problems) {
        this.topics = topics;
        this.clients = clients;
        this.problems = problems;
        this.references = config.references().enabled();
    }

    /** {@link #required} of a configuration (for tests, docs and tools). */
    public static List<AclRequirement> required(DriftwatchConfig config, Topics topics) {
        return new AccessCheck(config, topics, null, null).required();
    }

    /** {@link #creating} of a configuration. */
    public static List<AclRequirement> creating(DriftwatchConfig config, Topics topics) {
        return new AccessCheck(config, topics, null, null).creating();
    }

    /**
     * Every permission Driftwatch needs with this configuration. Read and Write imply Describe (Kafka's rule), so
     * Describe is not listed. Creating topics needs {@code Create} on them as well, unless the platform creates them
     * ({@code driftwatch.topics.create=false}): {@link #creating()}.
     */
    public List<AclRequirement> required() {
        List<AclRequirement> out = new ArrayList<>();
        out.add(topic(topics.input(), AclOperation.READ, "stage 1 reads the predictions"));
        out.add(group(topics.inputGroup(), "stage 1's consumer group (offsets committed in its transactions)"));
        String panes = "stage 1 writes pane deltas, owners read them and check the topic's retention";
        out.add(topic(topics.panes(), AclOperation.READ, panes));
        out.add(topic(topics.panes(), AclOperation.WRITE, panes));
        out.add(topic(topics.panes(), AclOperation.DESCRIBE_CONFIGS, panes));
        out.add(group(topics.ownerGroup(), "the series owners' consumer group (stage 2)"));
        out.add(new AclRequirement(
                ResourceType.TRANSACTIONAL_ID,
                topics.paneTransactionalIdPrefix(),
                PatternType.PREFIXED,
                AclOperation.WRITE,
                "stage 1's transactions of pane deltas and input offsets (one id per instance)"));
        String states = "firing alerts, kept across restarts and handovers";
        out.add(topic(topics.alertStates(), AclOperation.READ, states));
        out.add(topic(topics.alertStates(), AclOperation.WRITE, states));
        out.add(topic(topics.alertStates(), AclOperation.DESCRIBE_CONFIGS, states));
        if (references) {
            String refs = "run-time references, shared by every instance";
            out.add(topic(topics.references(), AclOperation.READ, refs));
            out.add(topic(topics.references(), AclOperation.WRITE, refs));
            out.add(topic(topics.references(), AclOperation.DESCRIBE_CONFIGS, refs));
            out.add(new AclRequirement(
                    ResourceType.TRANSACTIONAL_ID,
                    topics.referenceTransactionalIdPrefix(),
                    PatternType.PREFIXED,
                    AclOperation.WRITE,
                    "each reference change is one transaction"));
        }
        topics.alerts().ifPresent(t -> out.add(topic(t, AclOperation.WRITE, "alert messages")));
        topics.deadLetters().ifPresent(t -> out.add(topic(t, AclOperation.WRITE, "copies of rejected records")));
        return out;
    }

    /** What Driftwatch needs besides {@link #required} to create its topics ({@code driftwatch.topics.create=true}). */
    public List<AclRequirement> creating() {
        List<AclRequirement> out = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(topics.panes(), topics.alertStates()));
        if (references) {
            names.add(topics.references());
        }
        topics.alerts().ifPresent(names::add);
        topics.deadLetters().ifPresent(names::add);
        names.forEach(n -> out.add(topic(n, AclOperation.CREATE, "created when missing")));
        return out;
    }

    @Scheduled(every = "30s", delayed = "2s", concurrentExecution = ConcurrentExecution.SKIP)
    void check() {
        try (Admin admin = clients.admin(KafkaRecipes.topicsAdmin(Duration.ofSeconds(10)))) {
            List<String> missing = missing(admin);
            if (missing.isEmpty()) {
                problems.recovered(CLIENT);
            } else {
                problems.report(
                        CLIENT,
                        KafkaProblems.Kind.AUTHORIZATION,
                        "this principal lacks " + missing.size()
                                + " permission(s) Driftwatch needs (docs/kafka-security.md):"
                                + String.join("", missing));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException | java.util.concurrent.TimeoutException e) {
            // the broker is away or refuses the principal: the clients' own failures say so
            LOG.debugf("permission check skipped: %s", e.toString());
        }
    }

    /** The missing permissions, each with the command that grants it. */
    List<String> missing(Admin admin)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Map<String, List<AclRequirement>> byTopic = new LinkedHashMap<>();
        Map<String, List<AclRequirement>> byGroup = new LinkedHashMap<>();
        for (AclRequirement r : required()) {
            if (r.type() == ResourceType.TOPIC) {
                byTopic.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
            } else if (r.type() == ResourceType.GROUP) {
                byGroup.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
            }
        }
        List<String> out = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(
                        byTopic.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                .topicNameValues();
        for (var e : byTopic.entrySet()) {
            Set<AclOperation> allowed;
            try {
                allowed = described.get(e.getKey()).get(10, TimeUnit.SECONDS).authorizedOperations();
            } catch (ExecutionException x) {
                if (x.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue; // missing topics are InternalTopics' to report
                }
                if (!(x.getCause() instanceof TopicAuthorizationException)) {
                    throw x;
                }
                allowed = Set.of();
            }
            addMissing(out, e.getValue(), allowed);
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> groups = admin.describeConsumerGroups(
                        byGroup.keySet(), new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                .describedGroups();
        for (var e : byGroup.entrySet()) {
            Set<AclOperation> allowed;
            try {
                allowed = groups.get(e.getKey()).get(10, TimeUnit.SECONDS).authorizedOperations();
            } catch (ExecutionException x) {
                if (!(x.getCause() instanceof GroupAuthorizationException)) {
                    throw x;
                }
                allowed = Set.of();
            }
            addMissing(out, e.getValue(), allowed);
        }
        return out;
    }

    private static void addMissing(List<String> out, List<AclRequirement> wanted, Set<AclOperation> allowed) {
        if (allowed == null) {
            return; // the broker did not say (an old broker): the clients' own failures will
        }
        for (AclRequirement r : wanted) {
            if (!allowed.contains(r.operation()) && !allowed.contains(AclOperation.ALL)) {
                out.add("\n  " + r.describe() + " (" + r.why() + "): " + r.command("User:<driftwatch's principal>"));
            }
        }
    }

    private static AclRequirement topic(String name, AclOperation op, String why) {
        return new AclRequirement(ResourceType.TOPIC, name, PatternType.LITERAL, op, why);
    }

    private static AclRequirement group(String name, String why) {
        return new AclRequirement(ResourceType.GROUP, name, PatternType.LITERAL, AclOperation.READ, why);
    }
}

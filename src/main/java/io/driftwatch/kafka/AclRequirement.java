package io.driftwatch.kafka;

import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One permission Driftwatch needs, in Kafka's own terms: an operation on a resource (a literal name, or every name
 * with a prefix), and why. Immutable.
 *
 * @param type topic, group, transactional id or cluster
 * @param name the resource's name, or the prefix
 * @param pattern {@code LITERAL} or {@code PREFIXED}
 * @param operation what Driftwatch does with it
 * @param why which part of Driftwatch needs it, in words
 */
public record AclRequirement(ResourceType type, String name, PatternType pattern, AclOperation operation, String why) {

    /** The ACL that grants it to {@code principal} ({@code User:driftwatch}), from any host. */
    public AclBinding binding(String principal) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** The operation as Kafka's tools write it ({@code Read}, {@code DescribeConfigs}). */
    public String operationName() {
        String[] words = operation.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
    }

    /** The resource type as Strimzi writes it ({@code topic}, {@code group}, {@code transactionalId}). */
    public String strimziType() {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The pattern type as Strimzi writes it ({@code literal}, {@code prefix}). */
    public String strimziPattern() {
        return pattern == PatternType.PREFIXED ? "prefix" : "literal";
    }

    /** {@code Read on topic predictions}, {@code Write on transactional ids with prefix dw-panes-}. */
    public String describe() {
        String what =
                switch (type) {
                    case TOPIC -> "topic";
                    case GROUP -> "consumer group";
                    case TRANSACTIONAL_ID -> "transactional ids";
                    case CLUSTER -> "the cluster";
                    default -> type.name().toLowerCase(Locale.ROOT);
                };
        if (type == ResourceType.CLUSTER) {
            return operationName() + " on the cluster";
        }
        return operationName() + " on " + what + (pattern == PatternType.PREFIXED ? " with prefix " : " ") + name;
    }

    /** The {@code kafka-acls.sh} command that grants it to {@code principal}. */
    public String command(String principal) {
        String resource =
                switch (type) {
                    case TOPIC -> "--topic " + name;
                    case GROUP -> "--group " + name;
                    case TRANSACTIONAL_ID -> "--transactional-id " + name;
                    case CLUSTER -> "--cluster";
                    default -> "--" + type.name().toLowerCase(Locale.ROOT) + " " + name;
                };
        return "kafka-acls.sh --bootstrap-server <broker> --add --allow-principal " + principal + " --operation "
                + operationName() + " " + resource
                + (pattern == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
    }
}

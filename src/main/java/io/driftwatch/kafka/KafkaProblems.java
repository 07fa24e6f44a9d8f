package io.driftwatch.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.jboss.logging.Logger;

/**
 * What keeps Driftwatch's Kafka clients from working that waiting will not fix: a failed authentication or TLS
 * handshake, a missing permission, topics that must be created. Every client reports here when it fails and when it
 * works again; readiness reads {@link #current()} and says what it is, naming the client, within seconds of the first
 * failure (not after a time-out), and each new problem is logged once at {@code ERROR}.
 *
 * <p>Other failures (the broker is away, a time-out) are not kept here: they are retried and shown as "broker
 * unreachable" once they last.
 *
 * <p>Thread-safe (a concurrent map).
 */
@ApplicationScoped
public class KafkaProblems {

    private static final Logger LOG = Logger.getLogger(KafkaProblems.class);

    /** The kinds of problems kept. */
    public enum Kind {
        /** SASL authentication failed, or the TLS handshake (the broker's certificate is not trusted, ...). */
        AUTHENTICATION("authentication failed"),
        /** The broker refused an operation on a resource: an ACL is missing. */
        AUTHORIZATION("not authorized"),
        /** Topics Driftwatch needs do not exist and it may or must not create them. */
        TOPICS("topics missing");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** How readiness names it. */
        public String text() {
            return text;
        }
    }

    /**
     * One problem of one client.
     *
     * @param client which client, in words ({@code input consumer (driftwatch-predictions)})
     * @param kind what kind of problem
     * @param detail what the broker said, and the fix where it is known
     * @param since when it was first reported
     */
    public record Problem(String client, Kind kind, String detail, Instant since) {

        /** The problem as one line: kind, client, detail. */
        public String describe() {
            return kind.text() + ": " + client + ": " + detail;
        }
    }

    private final Map<String, Problem> problems = new ConcurrentHashMap<>();
    private final InstantSource clock;

    public KafkaProblems(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * The kind of {@code failure} (or of its causes) if it is one kept here.
     *
     * @return empty for failures that retrying can fix
     */
    public static Optional<Kind> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Optional.of(Kind.AUTHENTICATION);
            }
            if (t instanceof AuthorizationException) {
                return Optional.of(Kind.AUTHORIZATION);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** What {@code failure} says, with the resource it names and the ACL that would fix it where it is known. */
    public static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return "TLS handshake with the broker failed (" + t.getMessage() + "): check ssl.truststore.* (the"
                        + " broker's CA) and ssl.keystore.* (mutual TLS)";
            }
            if (t instanceof SaslAuthenticationException) {
                return "SASL authentication failed (" + t.getMessage() + "): check sasl.mechanism and"
                        + " sasl.jaas.config";
            }
            if (t instanceof AuthenticationException) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t instanceof TopicAuthorizationException e) {
                return "no permission on topic " + String.join(", ", e.unauthorizedTopics()) + " (" + e.getMessage()
                        + "): grant the topic ACLs of docs/kafka-security.md";
            }
            if (t instanceof GroupAuthorizationException e) {
                return "no permission on consumer group " + e.groupId() + " (" + e.getMessage() + "): grant Read on"
                        + " group " + e.groupId();
            }
            if (t instanceof TransactionalIdAuthorizationException) {
                return "no permission on its transactional id (" + t.getMessage() + "): grant Write on the"
                        + " transactional-id prefix (docs/kafka-security.md)";
            }
            if (t instanceof ClusterAuthorizationException) {
                return "no permission on the cluster (" + t.getMessage() + ")";
            }
            if (t instanceof AuthorizationException) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /**
     * Reports that {@code client} failed with {@code failure}. An authentication or authorization failure is kept
     * until the client {@link #recovered} (logged at {@code ERROR} when it is new); anything else is ignored here.
     *
     * @return whether it was such a failure
     */
    public boolean failed(String client, Throwable failure) {
        Optional<Kind> kind = classify(failure);
        if (kind.isEmpty()) {
            return false;
        }
        report(client, kind.get(), explain(failure));
        return true;
    }

    /** Reports a problem found otherwise (a permission check, missing topics). */
    public void report(String client, Kind kind, String detail) {
        Problem before = problems.get(client);
        if (before == null || before.kind() != kind || !before.detail().equals(detail)) {
            Problem now = new Problem(client, kind, detail, before == null ? clock.instant() : before.since());
            problems.put(client, now);
            LOG.errorf("Kafka %s", now.describe());
        }
    }

    /** Reports that {@code client} works (again): its problem, if any, is over. */
    public void recovered(String client) {
        if (!problems.isEmpty()) {
            Problem gone = problems.remove(client);
            if (gone != null) {
                LOG.infof("Kafka %s works again (was: %s)", client, gone.kind().text());
            }
        }
    }

    /** The problems now, oldest first. */
    public List<Problem> current() {
        List<Problem> out = new ArrayList<>(problems.values());
        out.sort((a, b) -> a.since().compareTo(b.since()));
        return out;
    }
}

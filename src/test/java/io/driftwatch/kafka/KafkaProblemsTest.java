package io.driftwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

/** What a client failure is, in words, and how long readiness keeps it. */
class KafkaProblemsTest {

    private final long[] now = {1_000};
    private final KafkaProblems problems = new KafkaProblems(() -> Instant.ofEpochMilli(now[0]));

    @Test
    void authenticationAndPermissionFailuresAreKeptOthersAreRetriedQuietly() {
        assertThat(KafkaProblems.classify(new ExecutionException(new SaslAuthenticationException("bad password"))))
                .contains(KafkaProblems.Kind.AUTHENTICATION);
        assertThat(KafkaProblems.classify(new KafkaException(new SslAuthenticationException("PKIX path"))))
                .contains(KafkaProblems.Kind.AUTHENTICATION);
        assertThat(KafkaProblems.classify(new TopicAuthorizationException(Set.of("t"))))
                .contains(KafkaProblems.Kind.AUTHORIZATION);
        assertThat(KafkaProblems.classify(new TimeoutException("slow"))).isEmpty();

        assertThat(problems.failed("probe", new TimeoutException("slow"))).isFalse();
        assertThat(problems.current()).isEmpty();
        assertThat(problems.failed("input consumer", new GroupAuthorizationException("denied", "dw")))
                .isTrue();
        now[0] = 2_000;
        assertThat(problems.failed("alert producer", new TopicAuthorizationException(Set.of("drift-alerts"))))
                .isTrue();
        assertThat(problems.current())
                .extracting(KafkaProblems.Problem::client)
                .as("oldest first")
                .containsExactly("input consumer", "alert producer");
        problems.recovered("input consumer");
        assertThat(problems.current()).extracting(KafkaProblems.Problem::client).containsExactly("alert producer");
    }

    @Test
    void theExplanationNamesTheResourceAndTheFix() {
        assertThat(KafkaProblems.explain(new TopicAuthorizationException(Set.of("drift-alerts"))))
                .contains("no permission on topic drift-alerts");
        assertThat(KafkaProblems.explain(new GroupAuthorizationException("denied", "dw-owners")))
                .contains("consumer group dw-owners")
                .contains("grant Read on group dw-owners");
        assertThat(KafkaProblems.explain(new TransactionalIdAuthorizationException("denied")))
                .contains("transactional-id prefix");
        assertThat(KafkaProblems.explain(new SslAuthenticationException("PKIX path building failed")))
                .contains("TLS handshake with the broker failed")
                .contains("ssl.truststore");
        assertThat(KafkaProblems.explain(new SaslAuthenticationException("Authentication failed")))
                .contains("SASL authentication failed")
                .contains("sasl.jaas.config");
    }

    @Test
    void aProblemKeepsItsStartWhileItLastsAndIsDescribedWithItsClient() {
        problems.report("topics", KafkaProblems.Kind.TOPICS, "x is missing");
        now[0] = 5_000;
        problems.report("topics", KafkaProblems.Kind.TOPICS, "x and y are missing");
        KafkaProblems.Problem p = problems.current().get(0);
        assertThat(p.since()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(p.describe()).isEqualTo("topics missing: topics: x and y are missing");
        assertThat(new KafkaProblems(InstantSource.system()).current()).isEmpty();
    }
}

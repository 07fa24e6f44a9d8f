package io.driftwatch.kafka;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client of the application is built by {@link KafkaClients} (so every client gets the cluster's
 * security settings): no other class calls a client's constructor or an admin client's {@code create}. Checked on the
 * compiled classes, whatever the source looks like.
 */
class OneClientFactoryTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.driftwatch");

    private static final ArchRule ONLY_THE_FACTORY_MAKES_CLIENTS = noClasses()
            .that()
            .doNotBelongToAnyOf(KafkaClients.class)
            .should()
            .accessTargetWhere(
                    describe("a Kafka client constructor or Admin.create", OneClientFactoryTest::makesAClient))
            .because("every client must get Quarkus' kafka.* settings: make it with KafkaClients");

    private static boolean makesAClient(JavaAccess<?> access) {
        var target = access.getTarget();
        String owner = target.getOwner().getName();
        boolean constructor = target.getName().equals("<init>")
                && (owner.equals(KafkaConsumer.class.getName()) || owner.equals(KafkaProducer.class.getName()));
        boolean create = target.getName().equals("create")
                && (owner.equals(Admin.class.getName())
                        || owner.equals(org.apache.kafka.clients.admin.AdminClient.class.getName()));
        return constructor || create;
    }

    @Test
    void noClassButTheFactoryMakesAKafkaClient() {
        ONLY_THE_FACTORY_MAKES_CLIENTS.check(APP);
    }

    @Test
    void theRuleWouldSeeAClientMadeElsewhere() {
        JavaClasses offender = new ClassFileImporter().importClasses(MakesItsOwnClient.class, KafkaClients.class);
        EvaluationResult result = ONLY_THE_FACTORY_MAKES_CLIENTS.evaluate(offender);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("MakesItsOwnClient");
        assertThat(APP.contain(KafkaClients.class)).isTrue();
    }

    /** Not run: only its bytecode is inspected. */
    static final class MakesItsOwnClient {
        Object make() {
            return new KafkaProducer<byte[], byte[]>(new java.util.Properties());
        }
    }
}

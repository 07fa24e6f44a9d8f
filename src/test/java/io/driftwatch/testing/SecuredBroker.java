package io.driftwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A broker as companies run it, in its own JVM on loopback ports of its own: clients must authenticate with
 * SCRAM-SHA-512 over TLS (listener {@code SASL_SSL}), the {@code StandardAuthorizer} denies what no ACL allows
 * ({@code allow.everyone.if.no.acl.found=false}) and topics are never created automatically. The test makes
 * everything itself: the TLS key and trust stores with {@code keytool} (a self-signed certificate for
 * {@code 127.0.0.1}), the super user {@code admin} at format time, every other user and ACL through Kafka's admin API.
 *
 * <p>Uses the broker jars {@code deploy/local/kafka.sh} collected (the integration tests' broker runs first).
 */
public final class SecuredBroker implements AutoCloseable {

    public static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();

    private final Process process;
    private final Path dir;
    private final int port;
    private final Path truststore;

    private SecuredBroker(Process process, Path dir, int port, Path truststore) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.truststore = truststore;
    }

    /** Formats and starts a fresh broker under {@code target/secured-broker/<name>} and waits until it serves. */
    public static SecuredBroker start(String name) throws IOException, InterruptedException {
        Path libs = Path.of("deploy/local/target/libs");
        if (!Files.exists(libs.resolve(".complete"))) {
            throw new IllegalStateException(libs + " is missing: deploy/local/kafka.sh start collects the broker jars");
        }
        Path dir = Path.of("target", "secured-broker", name).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path certificate = dir.resolve("broker.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-rfc",
                "-file",
                certificate.toString(),
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        int port = AppProcess.freePort();
        int controller = AppProcess.freePort();
        String jaas = scramJaas(ADMIN, ADMIN_PASSWORD);
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                        "listeners=SECURE://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                        "advertised.listeners=SECURE://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=SECURE",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SECURE:SASL_SSL",
                        "sasl.enabled.mechanisms=SCRAM-SHA-512",
                        "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                        "listener.name.secure.scram-sha-512.sasl.jaas.config=" + jaas,
                        "ssl.keystore.location=" + keystore,
                        "ssl.keystore.type=PKCS12",
                        "ssl.keystore.password=" + STORE_PASSWORD,
                        "ssl.key.password=" + STORE_PASSWORD,
                        "ssl.truststore.location=" + truststore,
                        "ssl.truststore.type=PKCS12",
                        "ssl.truststore.password=" + STORE_PASSWORD,
                        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "allow.everyone.if.no.acl.found=false",
                        // the broker itself, on its loopback controller listener (PLAINTEXT) and as admin
                        "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                        "auto.create.topics.enable=false",
                        "log.dirs=" + dir.resolve("data"),
                        "num.partitions=1",
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=3",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "message.max.bytes=4194304",
                        ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = libs.toAbsolutePath() + "/*";
        run(
                dir.resolve("format.log"),
                java,
                "-cp",
                cp,
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "-t",
                "Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 21),
                "-c",
                config.toString(),
                "--add-scram",
                "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + ADMIN_PASSWORD + "]");
        Path log = dir.resolve("broker.log");
        Process broker = new ProcessBuilder(java, "-Xms128m", "-Xmx512m", "-cp", cp, "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SecuredBroker b = new SecuredBroker(broker, dir, port, truststore);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(log).contains("Kafka Server started")) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                b.close();
                throw new IllegalStateException(
                        "the secured broker did not start; " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return b;
    }

    /** The SASL_SSL listener. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The JAAS line of a SCRAM user. */
    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Kafka client settings of {@code user} (no prefix): SCRAM-SHA-512 over TLS, the broker's certificate trusted. */
    public Map<String, String> clientSettings(String user, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrap());
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", "SCRAM-SHA-512");
        s.put("sasl.jaas.config", scramJaas(user, password));
        s.put("ssl.truststore.location", truststore.toString());
        s.put("ssl.truststore.type", "PKCS12");
        s.put("ssl.truststore.password", STORE_PASSWORD);
        return s;
    }

    /** The same as Driftwatch's {@code kafka.*} properties. */
    public Map<String, String> appSettings(String user, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        clientSettings(user, password).forEach((k, v) -> s.put("kafka." + k, v));
        return s;
    }

    /**
     * Writes a PKCS12 trust store at {@code path}, protected like the broker's, that trusts some other self-signed
     * certificate but not the broker's: a client with it fails the TLS handshake.
     */
    public static void keystoreWithoutTheBroker(Path path) throws IOException, InterruptedException {
        Path other = Files.createTempFile("other", ".p12");
        Path pem = Files.createTempFile("other", ".pem");
        Files.delete(other);
        keytool(
                "-genkeypair",
                "-alias",
                "other",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=someone-else",
                "-keystore",
                other.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "other",
                "-rfc",
                "-file",
                pem.toString(),
                "-keystore",
                other.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "other",
                "-file",
                pem.toString(),
                "-keystore",
                path.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
    }

    /** Kafka client settings of the super user (no prefix). */
    public Map<String, String> adminSettings() {
        return clientSettings(ADMIN, ADMIN_PASSWORD);
    }

    /** An admin client of the super user. */
    public Admin admin() {
        Properties p = new Properties();
        p.putAll(clientSettings(ADMIN, ADMIN_PASSWORD));
        return Admin.create(p);
    }

    /** A producer of the super user. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.putAll(clientSettings(ADMIN, ADMIN_PASSWORD));
        p.put("linger.ms", "5");
        p.put("max.in.flight.requests.per.connection", "1");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates (or replaces) a SCRAM-SHA-512 user, through the admin API. */
    public void createUser(String user, String password) throws Exception {
        try (Admin a = admin()) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        awaitLogin(user, password);
    }

    /** Waits until the new credentials are in force (the metadata log applies them asynchronously). */
    private void awaitLogin(String user, String password) throws InterruptedException {
        Properties p = new Properties();
        p.putAll(clientSettings(user, password));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin a = Admin.create(p)) {
                a.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(user + " cannot log in after 30 s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Creates topics as the platform team would. */
    public void createTopics(Collection<NewTopic> topics) throws Exception {
        try (Admin a = admin()) {
            a.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    public void allow(Collection<AclBinding> acls) throws Exception {
        try (Admin a = admin()) {
            a.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    public void revoke(Collection<AclBinding> acls) throws Exception {
        List<AclBindingFilter> filters = new ArrayList<>();
        acls.forEach(b -> filters.add(b.toFilter()));
        try (Admin a = admin()) {
            a.deleteAcls(filters).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The broker's log, for failure messages. */
    public Path log() {
        return dir.resolve("broker.log");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("keytool", ".log");
        run(log, command.toArray(String[]::new));
    }

    private static void run(Path log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command).replace(ADMIN_PASSWORD, "***").replace(STORE_PASSWORD, "***")
                            + " failed:\n" + Files.readString(log));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Waits at most {@code timeout} for nothing but time (brokers apply ACLs asynchronously). */
    public static void settle(Duration timeout) throws InterruptedException {
        Thread.sleep(timeout.toMillis());
    }
}

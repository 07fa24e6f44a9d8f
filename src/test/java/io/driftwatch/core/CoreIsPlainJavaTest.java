package io.driftwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code io.driftwatch.core} is plain Java: no framework imports, and no wall clock. */
class CoreIsPlainJavaTest {

    private static final Path CORE = Path.of("src/main/java/io/driftwatch/core");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?((jakarta|javax\\.inject|io\\.quarkus|io\\.smallrye|io\\.micrometer|io\\.vertx"
                    + "|org\\.apache\\.kafka|com\\.fasterxml|org\\.jboss)[.;]|io\\.driftwatch\\.(?!core[.;]))",
            Pattern.MULTILINE);

    @Test
    void coreImportsNoFrameworkAndNoAdapterPackage() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(CORE)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> FORBIDDEN.matcher(read(p)).find())
                    .map(Path::toString)
                    .toList();
        }
        assertThat(CORE).isDirectory();
        assertThat(offenders)
                .as("core files importing a framework or an adapter")
                .isEmpty();
    }

    @Test
    void coreNeverReadsTheWallClock() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(CORE)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains("System.currentTimeMillis") || read(p).contains("Instant.now("))
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScanWouldCatchAFrameworkImport() {
        assertThat(FORBIDDEN
                        .matcher("package x;\nimport io.micrometer.core.instrument.Gauge;\n")
                        .find())
                .isTrue();
        assertThat(FORBIDDEN.matcher("import io.driftwatch.monitor.Series;").find())
                .isTrue();
        assertThat(FORBIDDEN
                        .matcher("import io.driftwatch.core.histogram.Reference;")
                        .find())
                .isFalse();
        assertThat(FORBIDDEN
                        .matcher("import org.apache.commons.statistics.distribution.X;")
                        .find())
                .isFalse();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

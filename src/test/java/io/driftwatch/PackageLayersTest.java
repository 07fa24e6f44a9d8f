package io.driftwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floor plan: every reference between Driftwatch's packages points down, so there is no cycle. A file in package
 * {@code P} may name a class of package {@code Q} (import, fully qualified name or javadoc link) only when {@code Q} is
 * on a lower floor than {@code P}; packages on one floor do not use each other.
 *
 * <pre>
 *   6  api
 *   5  alerting  metrics  sim
 *   4  ingest
 *   3  reference
 *   2  monitor
 *   1  config
 *   0  core
 * </pre>
 */
class PackageLayersTest {

    static final Map<String, Integer> FLOORS = Map.of(
            "core", 0,
            "config", 1,
            "monitor", 2,
            "reference", 3,
            "ingest", 4,
            "alerting", 5,
            "metrics", 5,
            "sim", 5,
            "api", 6);

    private static final Path MAIN = Path.of("src/main/java/io/driftwatch");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.driftwatch\\.([a-z]+)\\b");

    @Test
    void everyPackageIsOnAFloor() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .as("packages under io.driftwatch (add a new one to FLOORS)")
                    .allMatch(FLOORS::containsKey);
        }
    }

    @Test
    void everyReferenceBetweenPackagesPointsDown() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .forEach(file -> upward.addAll(violations(packageOf(file), read(file), file.toString())));
        }
        assertThat(upward).as("references that do not point down a floor").isEmpty();
    }

    @Test
    void theScanCatchesUpwardAndSidewaysReferences() {
        assertThat(violations("monitor", "import io.driftwatch.ingest.EventIngestor;", "x"))
                .hasSize(1);
        assertThat(violations("alerting", "/** {@link io.driftwatch.metrics.DriftMetrics} */", "x"))
                .as("sideways, on one floor")
                .hasSize(1);
        assertThat(violations("reference", "var r = new io.driftwatch.api.Views();", "x"))
                .hasSize(1);
        assertThat(violations("api", "import io.driftwatch.core.Statistic;\nimport io.driftwatch.api.X;", "x"))
                .isEmpty();
    }

    static List<String> violations(String from, String source, String where) {
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(source.replaceFirst("(?m)^package .*$", ""));
        while (m.find()) {
            String to = m.group(1);
            if (to.equals(from)) {
                continue;
            }
            Integer fromFloor = FLOORS.get(from);
            Integer toFloor = FLOORS.get(to);
            if (fromFloor == null || toFloor == null || toFloor >= fromFloor) {
                out.add(where + ": " + from + " -> " + to);
            }
        }
        return out;
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

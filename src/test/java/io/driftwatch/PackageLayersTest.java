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
 * on a lower floor than {@code P}; packages on one floor do not use each other. A sub-package has its own floor
 * ({@code ingest.json} is below {@code ingest}).
 *
 * <pre>
 *   7  api
 *   6  metrics  sim
 *   5  alerting  health
 *   4  ingest  owner           the two stages: they meet only through panes and the pane topic
 *   3  reference  ingest.json
 *   2  kafka  monitor  panes
 *   1  config
 *   0  core
 * </pre>
 */
class PackageLayersTest {

    static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("core", 0),
            Map.entry("config", 1),
            Map.entry("kafka", 2),
            Map.entry("monitor", 2),
            Map.entry("panes", 2),
            Map.entry("reference", 3),
            Map.entry("ingest.json", 3),
            Map.entry("ingest", 4),
            Map.entry("owner", 4),
            Map.entry("alerting", 5),
            Map.entry("health", 5),
            Map.entry("metrics", 6),
            Map.entry("sim", 6),
            Map.entry("api", 7));

    private static final Path MAIN = Path.of("src/main/java/io/driftwatch");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.driftwatch\\.([a-z]+(?:\\.[a-z]+)*)\\b");

    @Test
    void everyPackageIsOnAFloor() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            assertThat(dirs.filter(Files::isDirectory)
                            .filter(d -> !d.equals(MAIN))
                            .map(d -> MAIN.relativize(d).toString().replace('/', '.')))
                    .as("packages under io.driftwatch (add a new one to FLOORS)")
                    .allMatch(p -> floorOf(p) != null);
        }
    }

    @Test
    void theTwoStagesMeetOnlyThroughTheirContractAndNeitherSeesTheApi() throws IOException {
        List<String> crossings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                String from = floorKey(packageOf(file));
                Matcher m = REFERENCE.matcher(read(file).replaceFirst("(?m)^package .*$", ""));
                while (m.find()) {
                    String to = floorKey(m.group(1));
                    boolean stages = (from.equals("ingest") && to.equals("owner"))
                            || (from.equals("owner") && to.startsWith("ingest"));
                    boolean api = (from.startsWith("ingest") || from.equals("owner")) && "api".equals(to);
                    if (stages || api) {
                        crossings.add(file + ": " + from + " -> " + to);
                    }
                }
            });
        }
        assertThat(crossings).isEmpty();
        assertThat(FLOORS.get("ingest")).isEqualTo(FLOORS.get("owner"));
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
        assertThat(violations("ingest.json", "import io.driftwatch.ingest.Outcome;", "x"))
                .as("a sub-package below its parent")
                .hasSize(1);
        assertThat(violations("ingest", "import io.driftwatch.ingest.json.EventParser;", "x"))
                .isEmpty();
        assertThat(violations("owner", "/** {@link io.driftwatch.ingest.EventIngestor} */", "x"))
                .as("the stages, on one floor")
                .hasSize(1);
    }

    static List<String> violations(String fromPackage, String source, String where) {
        List<String> out = new ArrayList<>();
        String from = floorKey(fromPackage);
        Matcher m = REFERENCE.matcher(source.replaceFirst("(?m)^package .*$", ""));
        while (m.find()) {
            String to = floorKey(m.group(1));
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

    /** The package of {@code file} under {@code io.driftwatch}, dotted ({@code ingest.json}). */
    private static String packageOf(Path file) {
        return MAIN.relativize(file.getParent()).toString().replace('/', '.');
    }

    /** The longest package in {@link #FLOORS} that {@code pkg} is or lies in; {@code pkg} itself if none. */
    static String floorKey(String pkg) {
        String p = pkg;
        while (true) {
            if (FLOORS.containsKey(p)) {
                return p;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return pkg;
            }
            p = p.substring(0, dot);
        }
    }

    private static Integer floorOf(String pkg) {
        return FLOORS.get(floorKey(pkg));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

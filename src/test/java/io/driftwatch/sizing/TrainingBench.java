package io.driftwatch.sizing;

import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.monitor.FieldPattern;
import io.driftwatch.reference.TrainingReferences;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds every feature's reference from a training CSV of about {@code bytes} bytes (written first if missing): 40
 * numeric features, 19 categorical, one user-id-like; prints rows, seconds, rows/s, MB/s and the heap limit. A
 * benchmark: it reports numbers, it asserts nothing. Run by deploy/test/training-bench.sh.
 */
public final class TrainingBench {

    private TrainingBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        if (!Files.exists(file) || Files.size(file) < bytes) {
            write(file, bytes);
        }
        FieldPattern pattern = new FieldPattern("features", "/features", Set.of(), Set.of("row_id"), Map.of(), 20);
        long start = System.nanoTime();
        TrainingReferences.Result r;
        try (InputStream in = Files.newInputStream(file)) {
            r = TrainingReferences.build(
                    in,
                    TrainingReferences.Format.CSV,
                    TrainingReferences.spec(pattern, 20, 50, ReferenceLimits.DEFAULT),
                    file.toAbsolutePath().getParent());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long numeric = r.features().values().stream()
                .filter(f -> f.kind() == Kind.NUMERIC)
                .count();
        System.out.printf(
                "training file %s: %.0f MB, %,d rows, %d features (%d numeric), built in %.1f s: %,.0f rows/s, %.1f MB/s;"
                        + " heap limit %d MB, GC time %d ms%n",
                file,
                Files.size(file) / 1e6,
                r.rows(),
                r.features().size(),
                numeric,
                seconds,
                r.rows() / seconds,
                Files.size(file) / 1e6 / seconds,
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .mapToLong(g -> g.getCollectionTime())
                        .sum());
    }

    private static void write(Path file, long bytes) throws Exception {
        Random random = new Random(1);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder row = new StringBuilder("row_id");
            for (int i = 0; i < 40; i++) {
                row.append(",f").append(i);
            }
            for (int i = 0; i < 19; i++) {
                row.append(",c").append(i);
            }
            w.write(row.append(",user\n").toString());
            long written = row.length();
            String[] letters = {"a", "b", "c", "d", "e", "f", "g"};
            for (long r = 0; written < bytes; r++) {
                row.setLength(0);
                row.append(r);
                for (int i = 0; i < 40; i++) {
                    row.append(',').append(Math.round(random.nextGaussian() * (i + 1) * 1000) / 1000.0);
                }
                for (int i = 0; i < 19; i++) {
                    row.append(',').append(letters[Math.min(6, (int) Math.abs(random.nextGaussian() * 2))]);
                }
                row.append(",u").append(random.nextInt(10_000_000)).append('\n');
                w.write(row.toString());
                written += row.length();
            }
        }
    }
}

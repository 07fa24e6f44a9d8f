package io.driftwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.monitor.FieldPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A field pattern's training file named in configuration: streamed from disk, every feature built. */
class ReferenceFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aConfiguredTrainingFileGivesEveryFeatureItsReference() throws Exception {
        Path file = tmp.resolve("training.csv");
        StringBuilder csv = new StringBuilder("amount,plan,empty\n");
        for (int i = 0; i < 400; i++) {
            csv.append(i % 37)
                    .append('.')
                    .append(i % 10)
                    .append(',')
                    .append(i % 4 == 0 ? "pro" : "free")
                    .append(",\n");
        }
        Files.writeString(file, csv);
        FieldPattern pattern = new FieldPattern("features", "/features", Set.of(), Set.of(), Map.of(), 8);

        var members = new ReferenceFiles(50).load(file.toString(), pattern, 8, ReferenceLimits.DEFAULT);

        assertThat(members)
                .as("a feature without values is logged, not monitored")
                .containsOnlyKeys("amount", "plan");
        assertThat(members.get("amount").kind()).isEqualTo(Kind.NUMERIC);
        assertThat(members.get("amount").reference().reference().total()).isEqualTo(400);
        assertThat(members.get("plan").kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(members.get("plan").reference().source()).isEqualTo("config:" + file);
    }

    @Test
    void aTrainingFileThatCannotBeUsedIsNamedWithWhy() {
        FieldPattern pattern = new FieldPattern("features", "/features", Set.of(), Set.of(), Map.of(), 8);
        ReferenceFiles files = new ReferenceFiles(50);
        assertThatThrownBy(() -> files.load(tmp.resolve("missing.csv").toString(), pattern, 8, ReferenceLimits.DEFAULT))
                .hasMessageContaining("no such file");
        assertThatThrownBy(
                        () -> files.load(tmp.resolve("model.parquet").toString(), pattern, 8, ReferenceLimits.DEFAULT))
                .hasMessageContaining("not a training file's form");
    }
}

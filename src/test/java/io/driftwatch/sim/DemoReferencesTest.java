package io.driftwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.reference.ReferenceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoReferencesTest {

    private static final Path DIR = Path.of("deploy/demo/references");

    @Test
    void committedDemoReferencesAreWhatTheGeneratorWrites() throws IOException {
        for (var file : DemoReferences.files().entrySet()) {
            assertThat(Files.readString(DIR.resolve(file.getKey())))
                    .as("%s (regenerate: see DemoReferences)", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void demoReferencesAreValidAndHoldTenThousandEvents() {
        for (String name : DemoReferences.files().keySet()) {
            Kind kind = name.equals("score.json") || name.equals("amount.json") ? Kind.NUMERIC : Kind.CATEGORICAL;
            Reference r = ReferenceParser.readFile(DIR.resolve(name), kind, 20, ReferenceLimits.DEFAULT);
            assertThat(r.total()).as(name).isEqualTo(DemoReferences.SIZE);
        }
    }
}

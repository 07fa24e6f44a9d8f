package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelNamesTest {

    @Test
    void pathSegmentsAndControlCharactersAreNotModelNames() {
        assertThat(ModelNames.problem("."))
                .hasValueSatisfying(p -> assertThat(p).contains("path segments"));
        assertThat(ModelNames.problem(".."))
                .hasValueSatisfying(p -> assertThat(p).contains("path segments"));
        for (String bad : new String[] {"a\u0000b", "line\nbreak", "\u001b[31mred", "tab\t", "a\u2028b", "\u007f"}) {
            assertThat(ModelNames.problem(bad))
                    .as("%s", bad.codePoints().mapToObj(Integer::toHexString).toList())
                    .hasValueSatisfying(
                            p -> assertThat(p).contains("control character U+").doesNotContainPattern("\\p{Cntrl}"));
        }
        assertThat(ModelNames.problem("line\nbreak"))
                .hasValue("model contains the control character U+000A at position 4; model names are printable text");
    }

    @Test
    void ordinaryNamesIncludingDotsInsideAreFine() {
        for (String good : new String[] {"fraud", "fraud-v2.1", "...", ".hidden", "modèle", "x".repeat(128)}) {
            assertThat(ModelNames.problem(good)).as(good).isEmpty();
        }
        assertThat(ModelNames.problem("x".repeat(129))).isPresent();
        assertThat(ModelNames.problem("")).isPresent();
    }
}

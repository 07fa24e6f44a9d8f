package io.driftwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutationGuardTest {

    @Test
    void aTokenWithATrailingNewlineIsTheTokenWithoutIt() {
        assertThat(MutationGuard.tokenBytes(Optional.of("s3cret\n")))
                .hasValueSatisfying(
                        t -> assertThat(new String(t, StandardCharsets.UTF_8)).isEqualTo("s3cret"));
        assertThat(MutationGuard.tokenBytes(Optional.of("  s3cret\r\n")))
                .hasValueSatisfying(
                        t -> assertThat(new String(t, StandardCharsets.UTF_8)).isEqualTo("s3cret"));
        assertThat(MutationGuard.tokenBytes(Optional.of(" \n")))
                .as("blank: changes disabled")
                .isEmpty();
        assertThat(MutationGuard.tokenBytes(Optional.empty())).isEmpty();
    }

    @Test
    void dotSegmentsPlainOrEncodedAreRefused() {
        for (String path : new String[] {
            "/api/monitors/score/models/%2e%2e/reference",
            "/api/monitors/score/models/%2E%2e/reference",
            "/api/monitors/score/models/../reference",
            "/api/monitors/score/models/./reference",
            "/api/monitors/score/models/%2e"
        }) {
            assertThatThrownBy(() -> MutationGuard.rejectDotSegments(path))
                    .as(path)
                    .isInstanceOf(Problem.Failure.class)
                    .satisfies(e ->
                            assertThat(((Problem.Failure) e).problem().field()).isEqualTo("path"));
        }
        MutationGuard.rejectDotSegments("/api/monitors/score/models/fraud-v2.1/reference");
        MutationGuard.rejectDotSegments("/api/monitors/score/models/.../reference");
    }
}

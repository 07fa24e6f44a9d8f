package io.driftwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.testing.SeriesEvents;
import io.driftwatch.testing.TestMonitors;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Run-time references: precedence, hot apply, and what happens to the window. */
class RuntimeReferencesTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final CategoricalBins AB = CategoricalBins.of(List.of("a", "b"));
    private static final Reference DEFAULT = Reference.of(AB, new long[] {50, 50, 0});
    private static final Reference CONFIGURED_FOR_X = Reference.of(AB, new long[] {90, 10, 0});

    private final Monitor label = TestMonitors.label(DEFAULT, Map.of("x", CONFIGURED_FOR_X));
    private final MonitorRegistry registry = new MonitorRegistry(
            List.of(label),
            100,
            InstantSource.fixed(Instant.ofEpochMilli(T0)),
            Duration.ofMinutes(30),
            Duration.ofSeconds(1));
    private final List<String> changes = new ArrayList<>();

    {
        registry.onReferenceChange((s, c) -> changes.add(s.model() + " " + c));
    }

    private static VersionedReference upload(long... counts) {
        return VersionedReference.of(Reference.of(AB, counts), "upload:histogram", Instant.ofEpochMilli(T0));
    }

    @Test
    void aModelsOwnReferenceWinsOverItsConfiguredOneWhichWinsOverTheMonitorDefault() {
        Series x = registry.seriesFor(label, "x");
        Series y = registry.seriesFor(label, "y");
        assertThat(x.reference()).isEqualTo(CONFIGURED_FOR_X);
        assertThat(y.reference()).isEqualTo(DEFAULT);

        VersionedReference monitorDefault = upload(10, 90, 0);
        registry.setReference(label, Optional.empty(), monitorDefault);
        assertThat(y.reference()).as("y follows the new default").isEqualTo(monitorDefault.reference());
        assertThat(x.reference()).as("x keeps its configured reference").isEqualTo(CONFIGURED_FOR_X);

        VersionedReference own = upload(30, 70, 0);
        registry.setReference(label, Optional.of("x"), own);
        assertThat(x.versionedReference()).isEqualTo(own);
        assertThat(registry.seriesFor(label, "z").reference())
                .as("a series created later gets the run-time default")
                .isEqualTo(monitorDefault.reference());

        registry.setReference(label, Optional.of("x"), null);
        assertThat(x.reference()).as("delete falls back to the configured one").isEqualTo(CONFIGURED_FOR_X);
        registry.setReference(label, Optional.empty(), null);
        assertThat(y.reference()).isEqualTo(DEFAULT);
        assertThat(changes)
                .containsExactly("y WINDOW_KEPT", "x WINDOW_KEPT", "x WINDOW_KEPT", "y WINDOW_KEPT", "z WINDOW_KEPT");
    }

    @Test
    void sameBinsKeepTheWindowAndRescoreItAtOnceNewBinsRestartIt() {
        Series y = registry.seriesFor(label, "y");
        for (int i = 0; i < 40; i++) {
            SeriesEvents.addLabel(y, T0, i % 4 == 0 ? "b" : "a", T0);
        }
        double before = y.report().klForward();
        Map<String, Series.ReferenceChange> kept = registry.setReference(label, Optional.of("y"), upload(30, 10, 0));
        assertThat(kept).containsEntry("y", Series.ReferenceChange.WINDOW_KEPT);
        assertThat(y.report().liveSamples()).isEqualTo(40);
        assertThat(y.report().klForward())
                .as("30:10 is exactly the window's 3:1")
                .isLessThan(before);

        assertThat(registry.setReference(label, Optional.of("y"), upload(30, 10, 0)))
                .containsEntry("y", Series.ReferenceChange.UNCHANGED);

        VersionedReference abc = VersionedReference.of(
                Reference.of(CategoricalBins.of(List.of("a", "b", "c")), new long[] {1, 1, 1, 0}),
                "upload:histogram",
                Instant.ofEpochMilli(T0));
        assertThat(registry.setReference(label, Optional.of("y"), abc))
                .containsEntry("y", Series.ReferenceChange.WINDOW_RESTARTED);
        assertThat(y.report().liveSamples()).isZero();
        SeriesEvents.addLabel(y, T0, "c", T0);
        assertThat(y.snapshot().count(2))
                .as("new events are binned with the new categories")
                .isEqualTo(1);
    }
}

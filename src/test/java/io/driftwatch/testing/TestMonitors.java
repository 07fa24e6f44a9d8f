package io.driftwatch.testing;

import io.driftwatch.core.DriftAnalyzer;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.NumericBins;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The two monitors the integration tests run (a numeric {@code score} against {@code references/score.json}, a
 * categorical {@code label} against {@code references/label.json}) and a seeded generator of matching events.
 */
public final class TestMonitors {

    public static final List<String> GAUGES = List.of(
            "drift_window_samples",
            "drift_kl_divergence",
            "drift_kl_divergence_reverse",
            "drift_kl_divergence_corrected",
            "drift_kl_noise_floor",
            "drift_p_value",
            "drift_js_divergence",
            "drift_psi",
            "drift_hellinger_distance");

    private TestMonitors() {}

    /** App properties reading {@code topic} as consumer group {@code group}, with windows that do not idle. */
    public static Map<String, String> input(String topic, String group) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("driftwatch.input.topic", topic);
        props.put("driftwatch.input.group", group);
        props.put("driftwatch.idle-timeout", "30m");
        return props;
    }

    /**
     * Windows of 10 s in 1 s panes, statistics from 500 events, and an alert that warns at 0.05 nats (no critical) after
     * 2 panes, for monitor {@code name}: drift alerts within seconds of a test's drift.
     */
    public static void quickAlerts(Map<String, String> props, String name) {
        String key = "driftwatch.monitors." + name + ".";
        props.put(key + "window", "10s");
        props.put(key + "pane", "1s");
        props.put(key + "min-samples", "500");
        props.put(key + "alert.warning", "0.05");
        props.put(key + "alert.critical", "off");
        props.put(key + "alert.for", "2");
    }

    /** {@link #input} plus both monitors. */
    public static Map<String, String> properties(String topic, String group) {
        Map<String, String> props = input(topic, group);
        props.put("driftwatch.monitors.score.field", "/score");
        props.put("driftwatch.monitors.score.kind", "numeric");
        props.put("driftwatch.monitors.score.reference", "src/test/resources/references/score.json");
        props.put("driftwatch.monitors.label.field", "/label");
        props.put("driftwatch.monitors.label.kind", "categorical");
        props.put("driftwatch.monitors.label.reference", "src/test/resources/references/label.json");
        return props;
    }

    /** Seeded good events for one model, with event times within the last two minutes. */
    public static final class Generator {
        private final Random random;
        private final String model;
        private final long now = Instant.now().toEpochMilli();

        public Generator(long seed, String model) {
            this.random = new Random(seed);
            this.model = model;
        }

        public byte[] next() {
            double score = Math.pow(random.nextDouble(), 1.3);
            String label = random.nextInt(3) == 0 ? "fraud" : "ok";
            long ts = now - random.nextInt(120_000);
            return ("{\"model\":\"" + model + "\",\"ts\":" + ts + ",\"score\":" + score + ",\"label\":\"" + label
                            + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The categorical monitor {@code label} (10 s panes, 6 a window, min-samples 3) with configured references. */
    public static Monitor label(Reference reference, Map<String, Reference> models) {
        return Monitor.configured(
                new MonitorDefinition(
                        "label",
                        "/label",
                        Kind.CATEGORICAL,
                        10_000,
                        6,
                        Optional.empty(),
                        false,
                        new DriftAnalyzer(0.5, 3, 0.01)),
                reference,
                models);
    }

    /**
     * A monitor on {@code field} with 10 s panes, 30 a window, min-samples 1, no configured model references; numeric or
     * categorical as its reference's bins are.
     */
    public static Monitor monitor(String name, String field, Reference reference) {
        Kind kind = reference.bins() instanceof NumericBins ? Kind.NUMERIC : Kind.CATEGORICAL;
        return Monitor.configured(
                new MonitorDefinition(
                        name, field, kind, 10_000, 30, Optional.empty(), false, new DriftAnalyzer(0.5, 1, 0.01)),
                reference,
                Map.of());
    }

    /**
     * A registry of two monitors with fixed references — {@code score} (numeric, {@code /score}, edges 0, 0.5, 1) and
     * {@code label} (categorical, {@code /label}, {@code fraud} and {@code ok}) — at most {@code maxSeries} series, its
     * clock fixed at {@code nowMillis}.
     */
    public static MonitorRegistry scoreAndLabel(int maxSeries, long nowMillis) {
        Reference score = Reference.of(NumericBins.ofEdges(0, 0.5, 1), new long[] {0, 50, 50, 0});
        Reference label = Reference.of(CategoricalBins.of(List.of("fraud", "ok")), new long[] {30, 70, 0});
        return new MonitorRegistry(
                List.of(monitor("score", "/score", score), monitor("label", "/label", label)),
                maxSeries,
                InstantSource.fixed(Instant.ofEpochMilli(nowMillis)),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1));
    }

    /** Asserts every gauge of {@link #GAUGES} of {@code series} in {@code actual} equals {@code expected}'s, to 1e-12. */
    public static void assertSameStatistics(PromText expected, PromText actual, Map<String, String> series) {
        for (String gauge : GAUGES) {
            double want = expected.value(gauge, series);
            double got = actual.value(gauge, series);
            org.assertj.core.api.Assertions.assertThat(Math.abs(got - want))
                    .as("%s%s: %s, control %s", gauge, series, got, want)
                    .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(want)));
        }
    }

    /** Labels of one series. */
    public static Map<String, String> series(String monitor, String model) {
        return Map.of("monitor", monitor, "model", model);
    }
}

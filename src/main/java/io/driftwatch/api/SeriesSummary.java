package io.driftwatch.api;

import io.driftwatch.core.DriftReport;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.monitor.Series;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One series' current statistics, as listed by {@code GET /api/monitors} and sent by {@code GET /api/stream}.
 * Statistics are {@code null} while the window has insufficient data (never 0). Divergences in nats.
 *
 * @param monitor monitor name
 * @param model model name
 * @param reference version (content hash) of the reference the window is scored against
 * @param referenceSource where that reference came from
 * @param sufficient whether the window has at least {@code min-samples} events
 * @param samples events in the window
 * @param referenceSamples events in the reference
 * @param windowStart window start, epoch millis (inclusive); {@code null} before the first event
 * @param windowEnd window end, epoch millis (exclusive); {@code null} before the first event
 * @param kl D(live||reference)
 * @param klReverse D(reference||live)
 * @param klCorrected bias-corrected D(live||reference), floored at 0
 * @param noiseFloor KL a no-drift window of this size exceeds with probability alpha
 * @param pValue p-value of the Williams-corrected two-sample G-test
 * @param js Jensen-Shannon divergence
 * @param psi Population Stability Index
 * @param alert alert state per severity ({@code ok}, {@code pending}, {@code firing})
 */
public record SeriesSummary(
        String monitor,
        String model,
        String reference,
        String referenceSource,
        boolean sufficient,
        long samples,
        long referenceSamples,
        Long windowStart,
        Long windowEnd,
        Double kl,
        Double klReverse,
        Double klCorrected,
        Double noiseFloor,
        Double pValue,
        Double js,
        Double psi,
        Map<String, String> alert) {

    static SeriesSummary of(Series.View view, Series series, Function<Severity, AlertState> alerts) {
        DriftReport r = view.report();
        Map<String, String> alert = new TreeMap<>();
        for (Severity s : Severity.values()) {
            AlertState state = alerts.apply(s);
            alert.put(
                    s.label(),
                    state == AlertState.RESOLVED ? "ok" : state.name().toLowerCase());
        }
        return new SeriesSummary(
                series.monitor().name(),
                series.model(),
                view.reference().version(),
                view.reference().source(),
                r.sufficient(),
                r.liveSamples(),
                r.referenceSamples(),
                time(r.windowStartMillis()),
                time(r.windowEndMillis()),
                num(r.klForward()),
                num(r.klReverse()),
                num(r.klCorrected()),
                num(r.noiseFloor()),
                num(r.pValue()),
                num(r.divergence().jsNats()),
                num(r.divergence().psi()),
                alert);
    }

    /** JSON has no NaN: "insufficient data" is {@code null}. */
    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Long time(long millis) {
        return millis == Long.MIN_VALUE ? null : millis;
    }
}

package io.driftwatch.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.driftwatch.core.DriftReport;
import io.driftwatch.core.Statistic;
import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.DriftEvidence;
import io.driftwatch.core.alert.Severity;
import io.driftwatch.monitor.Series;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One series' current statistics, as listed by {@code GET /api/monitors} and sent by {@code GET /api/stream}.
 * Statistics are {@code null} while the window has insufficient data (never 0).
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
 * @param statistics every statistic published as a metric ({@link Statistic#published()}), by its JSON name
 *     ({@code kl}, {@code klReverse}, {@code noiseFloor}, {@code pValue}, ...), written as fields of this object
 * @param drift what the alert rule decides on: the drift estimate (KL scale, nats) of the window or its newest span that
 *     is significant at the rule's per-evaluation level, 0 when none is (the metric {@code drift_kl_significant}); a
 *     budget rule fires when it reaches 60 % of a threshold; {@code null} while thin
 * @param driftSpanSeconds the span {@code drift} comes from: the whole window's length, or that of one of its newest
 *     spans (a tenth or a third of it); 0 when nothing is significant, {@code null} while thin
 * @param lowerBound the lower confidence bound of {@code drift} (same span, the rule's per-evaluation confidence):
 *     never above it; {@code null} while thin
 * @param referenceTooSmall whether the window holds more than {@code driftwatch.alerts.reference-ratio-warning} times
 *     the reference's events
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
        @JsonIgnore Map<String, Double> statistics,
        Double drift,
        Double driftSpanSeconds,
        Double lowerBound,
        boolean referenceTooSmall,
        Map<String, String> alert) {

    static SeriesSummary of(
            Series.View view,
            Series series,
            Function<Severity, AlertState> alerts,
            Series.Evidence evidence,
            double referenceRatioWarning) {
        DriftReport r = view.report();
        Map<String, String> alert = new TreeMap<>();
        for (Severity s : Severity.values()) {
            AlertState state = alerts.apply(s);
            alert.put(
                    s.label(),
                    state == AlertState.RESOLVED ? "ok" : state.name().toLowerCase(Locale.ROOT));
        }
        Map<String, Double> statistics = new LinkedHashMap<>();
        for (Statistic s : Statistic.published()) {
            statistics.put(s.jsonName(), num(s.of(r)));
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
                statistics,
                num(evidence.drift()),
                Double.isNaN(evidence.drift()) ? null : evidence.spanMillis() / 1000.0,
                num(evidence.lowerBound()),
                DriftEvidence.referenceTooSmall(r, referenceRatioWarning),
                alert);
    }

    /** The statistics as JSON fields of the summary. */
    @JsonAnyGetter
    Map<String, Double> statisticFields() {
        return statistics;
    }

    /** One statistic's value, {@code null} while the window has insufficient data. */
    public Double value(Statistic statistic) {
        return statistics.get(statistic.jsonName());
    }

    /** JSON has no NaN: "insufficient data" is {@code null}. */
    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Long time(long millis) {
        return millis == Long.MIN_VALUE ? null : millis;
    }
}

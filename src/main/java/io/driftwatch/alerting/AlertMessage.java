package io.driftwatch.alerting;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.driftwatch.core.histogram.CategoricalBins;
import io.driftwatch.monitor.Series;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Locale;

/**
 * One alert notification, as sent to Kafka and the webhook and returned by {@code GET /api/alerts}. It leads with what
 * the decision was made on ({@link #decidedOn}: the number, the span it came from and what it was compared with) and
 * says it in words ({@link #summary}); the rest is the whole window's state for context.
 *
 * @param alertId stable id of the episode: the same for its {@code firing} and {@code resolved} messages
 * @param fingerprint stable id of the alert (monitor, model, severity) across episodes
 * @param monitor monitor name
 * @param model model name
 * @param severity {@code warning} or {@code critical}
 * @param status {@code firing} or {@code resolved}
 * @param statistic the statistic the rule watches ({@code kl}, ...)
 * @param value its value over the whole window when the message was made
 * @param threshold the severity's threshold
 * @param pValue the whole window's p-value
 * @param alpha the level the condition was decided at (per evaluation; derived from the budget for a budget rule)
 * @param samples events in the whole window
 * @param windowStart window start, ISO-8601 (event time)
 * @param windowEnd window end, ISO-8601 (event time)
 * @param reference the reference's version (content hash)
 * @param startsAt when the episode started firing (wall clock), ISO-8601
 * @param endsAt when it resolved, ISO-8601, or {@code null} while firing
 * @param reason why this message: {@code drift} (firing), {@code cleared} (the evidence fell below the clear level),
 *     {@code no-data} (a whole window without events; value and p are those last seen firing) or
 *     {@code series-evicted} (the series was idle for {@code driftwatch.evict-after})
 * @param decision {@code budget} or {@code significance}: how the rule decided
 * @param lowerBound a budget rule's: {@code decidedOn.lowerBound}; {@code null} otherwise
 * @param drift a budget rule's: {@code decidedOn.value}, the drift estimate (KL scale, nats) decided on; {@code null}
 *     otherwise
 * @param falseAlarmsPerDay the series' false-alarm budget a budget rule keeps; {@code null} for a significance rule
 * @param decidedOn what the decision was made on; {@code null} in messages stored by older versions
 * @param windowDrift a budget rule's: the whole window's drift estimate (KL scale, nats), beside {@code decidedOn}
 *     when that came from a newest span; {@code null} otherwise
 * @param topContributors a firing message's: the bins that contribute most to the forward KL of the span it was
 *     decided on (up to {@value #TOP_CONTRIBUTORS}, largest first); {@code null} otherwise
 * @param unseenValues a firing message's whose top contributors include the unseen bin: the values that fell in it
 *     most often (up to {@value #UNSEEN_VALUES}, as this instance's stage 1 read them); {@code null} otherwise
 */
@RegisterForReflection
@JsonIgnoreProperties(
        value = {"summary"},
        allowGetters = true,
        ignoreUnknown = true) // a message stored by a newer version, with fields added, is still read
@JsonPropertyOrder({
    "alertId",
    "fingerprint",
    "monitor",
    "model",
    "severity",
    "status",
    "summary",
    "decidedOn",
    "threshold",
    "drift",
    "lowerBound",
    "windowDrift",
    "topContributors",
    "unseenValues"
})
public record AlertMessage(
        String alertId,
        String fingerprint,
        String monitor,
        String model,
        String severity,
        String status,
        String statistic,
        double value,
        double threshold,
        double pValue,
        double alpha,
        long samples,
        String windowStart,
        String windowEnd,
        String reference,
        String startsAt,
        String endsAt,
        String reason,
        String decision,
        Double lowerBound,
        Double drift,
        Double falseAlarmsPerDay,
        DecidedOn decidedOn,
        Double windowDrift,
        List<Series.Contributor> topContributors,
        List<String> unseenValues) {

    /** How many bins a firing message names. */
    public static final int TOP_CONTRIBUTORS = 3;

    /** How many values of the unseen bin a firing message names. */
    public static final int UNSEEN_VALUES = 3;

    /**
     * What a firing or a resolution was decided on.
     *
     * @param measure {@code drift} (a budget rule: the drift estimate, KL scale, nats) or the statistic's key (a
     *     significance rule, over the whole window)
     * @param value its value
     * @param span where it came from: {@code whole window} or {@code newest <length>} (a tenth or a third of it)
     * @param spanSeconds the span's length
     * @param samples the span's events
     * @param pValue the span's G-test p-value
     * @param comparedWith what {@code value} was compared with: a firing message's value reached it (a budget rule: 60 %
     *     of the threshold; a significance rule: the threshold, with p below alpha); a resolved message's value stayed
     *     below it (the clear level: {@code clear-factor} times that) for {@code clear-panes} panes
     * @param lowerBound a budget rule's: the drift the span shows with the decision's confidence — at least this large,
     *     never above {@code value}; {@code null} otherwise
     */
    @RegisterForReflection
    public record DecidedOn(
            String measure,
            double value,
            String span,
            double spanSeconds,
            long samples,
            double pValue,
            double comparedWith,
            Double lowerBound) {}

    public static final String FIRING = "drift";
    public static final String CLEARED = "cleared";
    public static final String NO_DATA = "no-data";
    public static final String EVICTED = "series-evicted";

    /** Kafka key: alerts of one series stay in order on one partition. */
    public String key() {
        return monitor + "/" + model;
    }

    public boolean firing() {
        return status.equals("firing");
    }

    /** This firing alert, resolved at {@code endsAt} for {@code reason}, with the evidence it last fired on. */
    public AlertMessage resolvedAt(String endsAt, String reason) {
        return new AlertMessage(
                alertId,
                fingerprint,
                monitor,
                model,
                severity,
                "resolved",
                statistic,
                value,
                threshold,
                pValue,
                alpha,
                samples,
                windowStart,
                windowEnd,
                reference,
                startsAt,
                endsAt,
                reason,
                decision,
                lowerBound,
                drift,
                falseAlarmsPerDay,
                decidedOn,
                windowDrift,
                topContributors,
                unseenValues);
    }

    /** "budget: 1 false alarm in 30 days" or "alpha 0.01 per evaluation", for logs and annotations. */
    public String budgetText() {
        if (falseAlarmsPerDay == null) {
            return "alpha " + alpha + " per evaluation";
        }
        return falseAlarmsPerDay >= 1
                ? String.format(java.util.Locale.ROOT, "budget %.3g false alarms a day", falseAlarmsPerDay)
                : String.format(java.util.Locale.ROOT, "budget 1 false alarm in %.3g days", 1 / falseAlarmsPerDay);
    }

    /**
     * The message in one sentence, leading with what was decided on: "warning firing on score/fraud: drift 0.291 nats
     * over the newest 30 s (812 events, p = 3.1e-40) reached 0.03 (60 % of the threshold 0.05); whole window (5 min,
     * 3000 events): drift 0.0512, kl 0.0586". Logged, posted to Alertmanager as the summary annotation, shown on the
     * page, and sent in the JSON.
     */
    @JsonProperty("summary")
    public String summary() {
        String head = severity + " " + status + " on " + monitor + "/" + model + ": ";
        return switch (reason) {
            case NO_DATA -> head + "no events for a whole window" + lastSeen();
            case EVICTED -> head + "the series was evicted after driftwatch.evict-after without events" + lastSeen();
            default -> head
                    + decisionText()
                    + context()
                    + (firing() && contributorsText() != null ? "; moved most: " + contributorsText() : "");
        };
    }

    /**
     * The bins that drive the drift, in words: "DE 34.1% → 27.9%, (unseen) [BR] 0% → 1.2%: 71.0% of its KL" — the fewest of
     * {@link #topContributors} that make half of the span's KL (all of them when they do not); {@code null} when there
     * are none.
     */
    public String contributorsText() {
        if (topContributors == null || topContributors.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        double share = 0;
        for (Series.Contributor c : topContributors) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(c.bin());
            if (c.bin().equals(CategoricalBins.UNSEEN_LABEL) && unseenValues != null && !unseenValues.isEmpty()) {
                b.append(" [").append(String.join(", ", unseenValues)).append(']');
            }
            b.append(' ').append(percent(c.referenceShare())).append(" → ").append(percent(c.liveShare()));
            share += c.share() == null ? 0 : c.share();
            if (share >= 0.5) {
                break;
            }
        }
        return b.append(": ").append(percent(share)).append(" of its KL").toString();
    }

    private static String percent(double share) {
        double p = 100 * share;
        return p == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    private String decisionText() {
        if (decidedOn == null) { // stored by an older version
            return String.format(Locale.ROOT, "%s %.4g (threshold %.4g)", statistic, value, threshold);
        }
        DecidedOn d = decidedOn;
        String what = String.format(
                Locale.ROOT,
                "%s %.4g%s over the %s (%d events, %s)",
                d.measure(),
                d.value(),
                d.measure().equals("drift") ? " nats" : "",
                d.span(),
                d.samples(),
                pText(d.pValue()));
        boolean budget = drift != null;
        if (firing()) {
            return what
                    + (budget
                            ? String.format(
                                    Locale.ROOT,
                                    " reached %.4g (60 %% of the %s threshold %.4g; %s)",
                                    d.comparedWith(),
                                    severity,
                                    threshold,
                                    budgetText())
                            : String.format(
                                    Locale.ROOT,
                                    " reached the %s threshold %.4g, p below alpha %.3g",
                                    severity,
                                    d.comparedWith(),
                                    alpha));
        }
        if (budget) {
            return String.format(
                    Locale.ROOT,
                    "every span's drift is below the clear level %.4g, the largest %.4g nats over the %s (%d events,"
                            + " %s)",
                    d.comparedWith(),
                    d.value(),
                    d.span(),
                    d.samples(),
                    pText(d.pValue()));
        }
        return what
                + String.format(
                        Locale.ROOT,
                        ": below the clear level %.4g or not significant at alpha %.3g",
                        d.comparedWith(),
                        alpha);
    }

    /** "p = 3.10e-12"; "p < 1e-300" for a p-value that underflowed to 0 (a drift far beyond any doubt). */
    static String pText(double p) {
        return p > 0 || Double.isNaN(p) ? String.format(Locale.ROOT, "p = %.3g", p) : "p < 1e-300";
    }

    private String context() {
        if (decidedOn == null || decidedOn.span().equals(WHOLE_WINDOW)) {
            return "";
        }
        String window = windowDrift != null
                ? String.format(Locale.ROOT, "drift %.4g, %s %.4g", windowDrift, statistic, value)
                : String.format(Locale.ROOT, "%s %.4g", statistic, value);
        return String.format(Locale.ROOT, "; whole window (%d events): %s", samples, window);
    }

    private String lastSeen() {
        return decidedOn == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (it fired on %s %.4g over the %s)",
                        decidedOn.measure(),
                        decidedOn.value(),
                        decidedOn.span());
    }

    /** {@link DecidedOn#span} of the whole window. */
    public static final String WHOLE_WINDOW = "whole window";

    /** "whole window", or "newest 30 s" / "newest 1 min 30 s" for a newest span of that length. */
    public static String span(boolean whole, long spanMillis) {
        if (whole) {
            return WHOLE_WINDOW;
        }
        long seconds = Math.round(spanMillis / 1000.0);
        if (seconds < 60) {
            return "newest " + (spanMillis < 1000 ? spanMillis + " ms" : seconds + " s");
        }
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long sec = seconds % 60;
        StringBuilder b = new StringBuilder("newest");
        if (h > 0) {
            b.append(' ').append(h).append(" h");
        }
        if (m > 0) {
            b.append(' ').append(m).append(" min");
        }
        if (sec > 0) {
            b.append(' ').append(sec).append(" s");
        }
        return b.toString();
    }
}

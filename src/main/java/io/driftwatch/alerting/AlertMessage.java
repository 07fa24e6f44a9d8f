package io.driftwatch.alerting;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One alert notification, as sent to Kafka and the webhook and returned by {@code GET /api/alerts}.
 *
 * @param alertId stable id of the episode: the same for its {@code firing} and {@code resolved} messages
 * @param fingerprint stable id of the alert (monitor, model, severity) across episodes
 * @param monitor monitor name
 * @param model model name
 * @param severity {@code warning} or {@code critical}
 * @param status {@code firing} or {@code resolved}
 * @param statistic the statistic the rule watches ({@code kl}, ...)
 * @param value its value when the message was made
 * @param threshold the severity's threshold
 * @param pValue the window's p-value
 * @param alpha the level the condition was decided at (per evaluation; derived from the budget for a budget rule)
 * @param samples events in the window
 * @param windowStart window start, ISO-8601 (event time)
 * @param windowEnd window end, ISO-8601 (event time)
 * @param reference the reference's version (content hash)
 * @param startsAt when the episode started firing (wall clock), ISO-8601
 * @param endsAt when it resolved, ISO-8601, or {@code null} while firing
 * @param reason why this message: {@code drift} (firing), {@code cleared} (the evidence fell below the clear level),
 *     {@code no-data} (a whole window without events; value and p are those last seen firing) or
 *     {@code series-evicted} (the series was idle for {@code driftwatch.evict-after})
 * @param decision {@code budget} or {@code significance}: how the rule decided
 * @param lowerBound the drift the window showed with the evaluation's confidence (KL scale, nats): at least this large;
 *     {@code null} without data
 * @param drift what a budget rule decided on (KL scale, nats): the drift estimate of the window or its newest span that
 *     is significant within the budget (0 when none is); it fires at 60 % of the threshold. {@code null} without data and
 *     for a significance rule
 * @param falseAlarmsPerDay the series' false-alarm budget a budget rule keeps; {@code null} for a significance rule
 */
@RegisterForReflection
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
        Double falseAlarmsPerDay) {

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
                falseAlarmsPerDay);
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
}

package io.driftwatch.core.alert;

/**
 * A change of an alert's state, with the evidence that caused it.
 *
 * @param severity which alert
 * @param from previous state
 * @param to new state ({@code FIRING} or {@code RESOLVED} are the ones delivered)
 * @param episodeStartMillis when the current episode started firing (window end, event time); identifies the episode
 * @param value the statistic's value at the transition
 * @param threshold the severity's threshold
 * @param pValue the window's p-value
 * @param samples events in the window
 * @param windowStartMillis window start, event time
 * @param windowEndMillis window end, event time
 * @param lowerBound the drift the window showed with the evaluation's confidence (KL scale, nats); NaN without data
 * @param drift what a budget rule decided on ({@link DriftEvidence#significantDrift}, KL scale, nats): the estimate of
 *     the window or newest span significant at the budget's level, 0 when none was; NaN without data or for a
 *     significance rule
 * @param alphaPerEvaluation the level the condition was decided at (the budget's, or the rule's alpha)
 * @param cause why: the evidence of the window ({@code EVIDENCE}), or a whole window without events ({@code NO_DATA},
 *     which resolves a firing alert and cancels a pending one)
 */
public record AlertTransition(
        Severity severity,
        AlertState from,
        AlertState to,
        long episodeStartMillis,
        double value,
        double threshold,
        double pValue,
        long samples,
        long windowStartMillis,
        long windowEndMillis,
        double lowerBound,
        double drift,
        double alphaPerEvaluation,
        Cause cause) {

    /** Why a transition happened. */
    public enum Cause {
        /** The window's statistic and p-value. */
        EVIDENCE("evidence"),
        /** A whole window without events: nothing left to alert on. */
        NO_DATA("no-data");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}

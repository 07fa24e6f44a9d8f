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
 * @param windowDrift the whole window's drift estimate ({@link DriftEvidence#estimate}, KL scale, nats); NaN without
 *     data or for a significance rule
 * @param basis what the transition was decided on; {@code null} for cause {@code NO_DATA}
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
        double windowDrift,
        Basis basis,
        double alphaPerEvaluation,
        Cause cause) {

    /**
     * The number a transition was decided on, the span it came from and what it was compared with.
     *
     * @param value a budget rule's drift estimate (KL scale, nats) of the span — to fire, the largest among the tests
     *     that are significant ({@link DriftEvidence.Assessment#significant}); to resolve, the largest among all tests
     *     ({@link DriftEvidence.Assessment#largest}) — or a significance rule's statistic of the whole window
     * @param scale which span: 0 for the whole window, {@code i} for the {@code i}-th of its newest spans (the order of
     *     the reports the rule was given)
     * @param spanMillis the span's length (event time): the whole window's, or one of its newest spans'
     * @param whole whether the span is the whole window
     * @param samples the span's live events
     * @param pValue the span's G-test p-value
     * @param comparedWith what {@code value} was compared with: to fire, the severity's firing level (a budget rule's
     *     {@link AlertRule#gate}, a significance rule's threshold); to resolve, {@code clear-factor} times it
     * @param lowerBound a budget rule's: the drift the span shows with its test's confidence — at least this large,
     *     never above {@code value}; NaN otherwise
     */
    public record Basis(
            double value,
            int scale,
            long spanMillis,
            boolean whole,
            long samples,
            double pValue,
            double comparedWith,
            double lowerBound) {

        /** A budget rule's basis: one of its tests, compared with {@code comparedWith}. */
        public static Basis of(DriftEvidence.Reading r, double comparedWith) {
            return new Basis(
                    r.estimate(),
                    r.scale(),
                    r.spanMillis(),
                    r.whole(),
                    r.events(),
                    r.pValue(),
                    comparedWith,
                    r.lowerBound());
        }
    }

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

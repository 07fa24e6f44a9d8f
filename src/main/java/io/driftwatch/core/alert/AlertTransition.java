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
        long windowEndMillis) {}

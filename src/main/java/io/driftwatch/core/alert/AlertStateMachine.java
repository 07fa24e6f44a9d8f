package io.driftwatch.core.alert;

import io.driftwatch.core.DriftReport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The alert state machine of one series: OK → PENDING → FIRING → RESOLVED (→ OK), one independent machine per
 * severity, so warning and critical can fire together (escalation) and critical can resolve while warning keeps
 * firing (de-escalation). See {@link AlertRule} for the conditions.
 *
 * <p>Windows without data — fewer than {@code minSamples} events, or still being rebuilt from the log — are "no data":
 * they change no state (a firing alert neither resolves nor re-fires because of a gap) and {@link #noData()} says so.
 * One exception: a window with no events at all (not rebuilding) — the series has been silent for a whole window —
 * resolves a firing alert and cancels a pending one, with cause {@link AlertTransition.Cause#NO_DATA}: there is
 * nothing left that drifts, and a page must not stay open for a model that stopped sending (silence itself is what
 * the {@code DriftwatchMonitorNoData} rule and {@code drift_last_event_age_seconds} are for).
 *
 * <p>Pure and deterministic. Single writer: {@link #evaluate} must be called by one thread at a time (one evaluator
 * per series). {@link #state} and {@link #noData()} may be read from any thread: they read an immutable snapshot
 * published (volatile) at the end of each evaluation.
 */
public final class AlertStateMachine {

    private final AlertRule rule;
    private final Map<Severity, Track> tracks = new EnumMap<>(Severity.class);
    private volatile Published published = new Published(Map.of(), true);

    /** What readers on other threads see: the states and the no-data flag after the last evaluation. */
    private record Published(Map<Severity, AlertState> states, boolean noData) {}

    public AlertStateMachine(AlertRule rule) {
        this.rule = rule;
        for (Severity s : Severity.values()) {
            tracks.put(s, new Track());
        }
    }

    public AlertRule rule() {
        return rule;
    }

    /** Current state of one severity (never {@code RESOLVED}: that is only a transition). */
    public AlertState state(Severity severity) {
        return published.states().getOrDefault(severity, AlertState.OK);
    }

    /** Whether the last evaluated pane had no data (insufficient samples or rebuilding). */
    public boolean noData() {
        return published.noData();
    }

    /** {@link #evaluate(DriftReport, boolean, double)} at the rule's own {@code alpha}. */
    public List<AlertTransition> evaluate(DriftReport report, boolean rebuilding) {
        return evaluate(report, rebuilding, rule.alpha());
    }

    /**
     * Evaluates one closed pane.
     *
     * @param report the window at the pane's close
     * @param rebuilding whether the window is still being rebuilt from the log
     * @param alphaPerEvaluation the level a {@link AlertRule.Decision#BUDGET} rule decides at (from its
     *     {@link AlertBudget}); a {@link AlertRule.Decision#SIGNIFICANCE} rule uses its own {@code alpha}
     * @return the transitions this pane caused, in severity order (empty for most panes)
     */
    public List<AlertTransition> evaluate(DriftReport report, boolean rebuilding, double alphaPerEvaluation) {
        return evaluate(report, List.of(), rebuilding, alphaPerEvaluation);
    }

    /**
     * Evaluates one closed pane of a {@link AlertRule.Decision#BUDGET} rule that also tests the window's newest spans
     * ({@link RecentSpans}): the condition holds when the largest estimate among the tests that are significant
     * ({@link DriftEvidence#assess}, the level split over the tests) reaches the severity's {@link AlertRule#gate}. A
     * firing alert stays firing while the largest estimate among the same tests, significant or not, is at least
     * {@code clear-factor} times the gate: the spans that fired it keep it firing until the drift has left every one
     * of them, so a drift that persists fires once and resolves once. "No data" follows the whole window.
     *
     * @param recent the reports of the newest spans (thin ones are skipped)
     */
    public List<AlertTransition> evaluate(
            DriftReport report, List<DriftReport> recent, boolean rebuilding, double alphaPerEvaluation) {
        boolean noData = rebuilding || !report.sufficient() || report.liveSamples() < rule.minSamples();
        List<AlertTransition> transitions = new ArrayList<>(2);
        if (noData) {
            if (!rebuilding && report.liveSamples() == 0) {
                closeForEmptyWindow(report, transitions);
            }
            publish(true);
            return transitions;
        }
        double value = rule.statistic().of(report);
        double p = report.pValue();
        boolean budget = rule.decision() == AlertRule.Decision.BUDGET;
        double level = budget ? alphaPerEvaluation : rule.alpha();
        boolean significant = p < level;
        DriftEvidence.Assessment evidence =
                budget ? DriftEvidence.assess(scales(report, recent), level, rule.smallestEffect()) : null;
        double drift = budget ? evidence.drift() : Double.NaN;
        double staying = budget ? evidence.largest().estimate() : Double.NaN;
        for (Severity severity : Severity.values()) {
            if (!rule.enabled(severity)) {
                continue;
            }
            double threshold = rule.threshold(severity);
            double firingLevel = rule.firingLevel(severity);
            double clearLevel = rule.clearLevel(severity, report);
            boolean condition;
            boolean clean;
            if (budget) {
                condition = drift >= firingLevel;
                clean = staying < clearLevel;
            } else {
                condition = significant && value >= threshold;
                clean = !significant || value < clearLevel;
            }
            Track t = tracks.get(severity);
            AlertState before = t.state;
            switch (t.state) {
                case OK -> {
                    if (condition) {
                        t.conditionPanes = 1;
                        t.state = rule.forPanes() <= 1 ? AlertState.FIRING : AlertState.PENDING;
                    }
                }
                case PENDING -> {
                    if (condition) {
                        t.conditionPanes++;
                        if (t.conditionPanes >= rule.forPanes()) {
                            t.state = AlertState.FIRING;
                        }
                    } else {
                        t.state = AlertState.OK;
                        t.conditionPanes = 0;
                    }
                }
                case FIRING -> {
                    t.cleanPanes = clean ? t.cleanPanes + 1 : 0;
                    if (t.cleanPanes >= rule.clearPanes()) {
                        t.state = AlertState.RESOLVED;
                    }
                }
                case RESOLVED -> throw new IllegalStateException("RESOLVED is never a resting state");
            }
            if (t.state == AlertState.FIRING && before != AlertState.FIRING) {
                t.episodeStart = report.windowEndMillis();
                t.cleanPanes = 0;
            }
            if (t.state != before) {
                AlertTransition.Basis basis;
                if (!budget) {
                    double compared = t.state == AlertState.RESOLVED ? clearLevel : firingLevel;
                    basis = new AlertTransition.Basis(
                            value,
                            0,
                            report.windowEndMillis() - report.windowStartMillis(),
                            true,
                            report.liveSamples(),
                            p,
                            compared,
                            Double.NaN);
                } else if (t.state == AlertState.RESOLVED) { // what fell below the clear level
                    basis = AlertTransition.Basis.of(evidence.largest(), clearLevel);
                } else { // what reached the firing level, or (cancelled) the whole window when nothing did
                    DriftEvidence.Reading r = evidence.significant();
                    basis = AlertTransition.Basis.of(r != null ? r : evidence.window(), firingLevel);
                }
                transitions.add(new AlertTransition(
                        severity,
                        before,
                        t.state,
                        t.episodeStart,
                        value,
                        threshold,
                        p,
                        report.liveSamples(),
                        report.windowStartMillis(),
                        report.windowEndMillis(),
                        budget ? evidence.window().estimate() : Double.NaN,
                        basis,
                        level,
                        AlertTransition.Cause.EVIDENCE));
            }
            if (t.state == AlertState.RESOLVED) {
                t.state = AlertState.OK;
                t.conditionPanes = 0;
                t.cleanPanes = 0;
            }
        }
        publish(false);
        return transitions;
    }

    /**
     * Puts one severity back into FIRING for the episode that started at {@code episodeStartMillis}, as it was before a
     * restart or a handover to this process: no transition is reported (its firing was already delivered), and the
     * episode resolves like any other — after {@code clearPanes} clean panes, with the same episode start. Call before
     * the first {@link #evaluate}, on the evaluating thread.
     */
    public void restoreFiring(Severity severity, long episodeStartMillis) {
        Track t = tracks.get(severity);
        t.state = AlertState.FIRING;
        t.episodeStart = episodeStartMillis;
        t.conditionPanes = rule.forPanes();
        t.cleanPanes = 0;
        publish(published.noData());
    }

    private static List<DriftReport> scales(DriftReport report, List<DriftReport> recent) {
        List<DriftReport> all = new ArrayList<>(1 + recent.size());
        all.add(report);
        all.addAll(recent);
        return all;
    }

    /** A whole window without events: firing → resolved, pending → ok, each with cause {@code NO_DATA}. */
    private void closeForEmptyWindow(DriftReport report, List<AlertTransition> transitions) {
        for (Severity severity : Severity.values()) {
            Track t = tracks.get(severity);
            if (t.state == AlertState.OK) {
                continue;
            }
            AlertState to = t.state == AlertState.FIRING ? AlertState.RESOLVED : AlertState.OK;
            transitions.add(new AlertTransition(
                    severity,
                    t.state,
                    to,
                    t.episodeStart,
                    Double.NaN,
                    rule.threshold(severity),
                    Double.NaN,
                    0,
                    report.windowStartMillis(),
                    report.windowEndMillis(),
                    Double.NaN,
                    null,
                    Double.NaN,
                    AlertTransition.Cause.NO_DATA));
            t.state = AlertState.OK;
            t.conditionPanes = 0;
            t.cleanPanes = 0;
        }
    }

    private void publish(boolean noData) {
        Map<Severity, AlertState> states = new EnumMap<>(Severity.class);
        tracks.forEach((severity, track) -> states.put(severity, track.state));
        published = new Published(Map.copyOf(states), noData);
    }

    private static final class Track {
        AlertState state = AlertState.OK;
        int conditionPanes;
        int cleanPanes;
        long episodeStart = Long.MIN_VALUE;
    }
}

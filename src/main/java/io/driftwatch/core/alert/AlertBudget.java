package io.driftwatch.core.alert;

/**
 * How many false alarms a day the user accepts — per series, or for the whole fleet — and the per-evaluation level
 * that guarantees it.
 *
 * <p>A series is evaluated once per pane: {@code E = 86,400 s / pane} evaluations a day. A firing episode needs the
 * condition in {@code for} consecutive evaluations, so a day with {@code X} evaluations whose condition holds has at
 * most {@code X / for} episodes. If each evaluation's condition holds with probability at most {@code alpha} when the
 * drift is below the threshold, the expected number of false episodes a day is at most {@code E alpha / for}. Hence
 * {@code alpha = for * budget / E} guarantees the budget — whatever the overlap of consecutive windows (a union
 * bound: it needs no independence). It is conservative exactly because windows overlap: a false excursion usually
 * lasts several panes; {@code deploy/test/alert-calibration.sh} measures how far below the budget the rate stays.
 *
 * @param falseAlarmsPerDay the budget, {@code > 0}
 * @param fleet whether the budget is for all series together (split evenly over the current series) or per series
 */
public record AlertBudget(double falseAlarmsPerDay, boolean fleet) {

    /** One false alarm per series every 30 days. */
    public static final double DEFAULT_FALSE_ALARMS_PER_DAY = 1.0 / 30;

    private static final double DAY_MILLIS = 86_400_000.0;

    public AlertBudget {
        if (!(falseAlarmsPerDay > 0) || Double.isInfinite(falseAlarmsPerDay)) {
            throw new IllegalArgumentException(
                    "false alarms per day must be a finite number > 0, got " + falseAlarmsPerDay);
        }
    }

    public static AlertBudget defaults() {
        return new AlertBudget(DEFAULT_FALSE_ALARMS_PER_DAY, false);
    }

    /** The budget of one series when {@code series} series are monitored. */
    public double perSeries(int series) {
        return fleet ? falseAlarmsPerDay / Math.max(1, series) : falseAlarmsPerDay;
    }

    /** The expected false alarms a day of all {@code series} series together, at most. */
    public double fleetPerDay(int series) {
        return fleet ? falseAlarmsPerDay : falseAlarmsPerDay * series;
    }

    /** The per-evaluation level {@code for * budget * pane / day} (at most 0.5). */
    public double alphaPerEvaluation(long paneMillis, int forPanes, int series) {
        return Math.min(0.5, forPanes * perSeries(series) * paneMillis / DAY_MILLIS);
    }
}

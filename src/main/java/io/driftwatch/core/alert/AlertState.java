package io.driftwatch.core.alert;

/**
 * State of one alert (series x severity). {@code RESOLVED} is transient: a resolved alert reports the transition and
 * is {@code OK} again for the next evaluation.
 */
public enum AlertState {
    OK(0),
    PENDING(1),
    FIRING(2),
    RESOLVED(0);

    private final int gaugeValue;

    AlertState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** Value of {@code drift_alert_state}: 0 ok, 1 pending, 2 firing. */
    public int gaugeValue() {
        return gaugeValue;
    }
}

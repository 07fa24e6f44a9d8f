package io.driftwatch.monitor;

/** A request names a monitor, model or series that is not monitored here; {@link #field()} names which. */
public class NotMonitoredException extends RuntimeException {

    private final String field;

    public NotMonitoredException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** {@code monitor} or {@code model}. */
    public String field() {
        return field;
    }

    public static NotMonitoredException monitor(String name) {
        return new NotMonitoredException("monitor", "no monitor named " + name);
    }

    public static NotMonitoredException series(String monitor, String model) {
        return new NotMonitoredException("model", "monitor " + monitor + " has seen no events of model " + model);
    }
}

package io.driftwatch.monitor;

/**
 * A request needs a series' whole window, and it is not whole on this instance now: it is being rebuilt from the pane
 * topic, or the instance may have lost it to another owner ({@link Wholeness}). Worth asking again in a few seconds.
 */
public class SeriesNotWholeException extends RuntimeException {

    public SeriesNotWholeException(Series s) {
        super("the window of " + s.monitor().name() + "/" + s.model() + " is not whole on this instance now (being"
                + " rebuilt from the pane topic, or handed over to another instance): try again in a few seconds");
    }
}

package io.driftwatch.monitor;

import io.driftwatch.core.alert.AlertState;
import io.driftwatch.core.alert.Severity;

/**
 * What the alert evaluator knows of each series, for readers on floors that cannot see it (the metrics collector
 * writes it at scrape time, so no meter object is kept per series).
 */
public interface AlertStates {

    /** The alert state of one series and severity (OK for a series never evaluated). */
    AlertState state(Series series, Severity severity);

    /** Whether the series' last evaluated window had no data to alert on (thin or rebuilding); true before any. */
    boolean noData(Series series);

    /** No alerts at all: every series OK, with data. */
    AlertStates NONE = new AlertStates() {
        @Override
        public AlertState state(Series series, Severity severity) {
            return AlertState.OK;
        }

        @Override
        public boolean noData(Series series) {
            return false;
        }
    };
}

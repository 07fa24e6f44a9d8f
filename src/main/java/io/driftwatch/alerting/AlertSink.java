package io.driftwatch.alerting;

/** Somewhere alerts are delivered. Implementations may block and throw: {@link DeliveryQueue} retries them. */
interface AlertSink {

    /** Short name for metrics and logs ({@code kafka}, {@code alertmanager}, {@code webhook}). */
    String name();

    /** Delivers one message, or throws; called from the sink's own delivery thread only. */
    void deliver(AlertMessage message) throws Exception;

    default void close() {}
}

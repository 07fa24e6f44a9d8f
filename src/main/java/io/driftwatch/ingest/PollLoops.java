package io.driftwatch.ingest;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/** What Driftwatch's own poll loops share: stopping one, and waiting before a retry. Stateless. */
public final class PollLoops {

    private PollLoops() {}

    /**
     * Stops a poll loop whose {@code running} flag the caller has already cleared: wakes its consumer out of
     * {@code poll} and waits at most {@code join} for its thread, which closes the consumer itself.
     */
    public static void wakeAndJoin(Consumer<?, ?> consumer, Thread thread, Duration join) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(join.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sleeps a second before a retry; false when interrupted (the loop should stop). */
    public static boolean pause() {
        try {
            Thread.sleep(1000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

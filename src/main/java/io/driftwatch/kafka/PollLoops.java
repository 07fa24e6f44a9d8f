package io.driftwatch.kafka;

import io.driftwatch.config.InvalidConfigException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The lifecycle Driftwatch's own poll loops share (stage 1, stage 2, the compacted-log followers): waiting for the
 * broker before the first poll, stopping a loop, and the pause before a retry. Stateless.
 */
public final class PollLoops {

    private static final Logger LOG = Logger.getLogger(PollLoops.class);

    private PollLoops() {}

    /**
     * Runs {@code attempt} until it succeeds, a second apart while it fails. A configuration the broker's topics cannot
     * serve ({@link InvalidConfigException}) is logged as {@code stage} not starting and thrown. A failed
     * authentication or a missing permission is reported to {@code problems} (an {@code ERROR} once, and readiness),
     * missing topics have been reported by {@link InternalTopics}; anything else is the broker not answering yet
     * ({@code WARN}, once per different message).
     *
     * @throws WakeupException when {@code running} turns false or the thread is interrupted before it succeeded
     */
    public static void untilReady(String stage, BooleanSupplier running, KafkaProblems problems, Runnable attempt) {
        String last = null;
        while (running.getAsBoolean()) {
            try {
                attempt.run();
                problems.recovered(stage);
                return;
            } catch (InvalidConfigException e) {
                LOG.errorf("%s cannot start: %s", stage, e.getMessage());
                throw e;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                boolean known = e instanceof InternalTopics.MissingTopicsException || problems.failed(stage, e);
                if (!known && !e.toString().equals(last)) {
                    LOG.warnf("%s waits for the broker: %s", stage, e.toString());
                }
                last = e.toString();
                if (!pause()) {
                    break;
                }
            }
        }
        throw new WakeupException();
    }

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

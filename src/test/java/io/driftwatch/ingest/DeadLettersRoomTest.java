package io.driftwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A full dead-letter buffer: a burst waits for room and loses nothing; a buffer full for 2 s fails sends at once. */
class DeadLettersRoomTest {

    private final AtomicLong now = new AtomicLong(1);
    private final DeadLetters.Room room = new DeadLetters.Room(now::get);

    @Test
    void aBurstWaitsForRoomAndEverySendGoesThrough() {
        AtomicInteger tries = new AtomicInteger();
        // full for the first 5 tries (the producer catching up), 100 ms of the clock each
        assertThat(room.send(() -> {
                    now.addAndGet(100_000_000L);
                    return tries.incrementAndGet() > 5;
                }))
                .isTrue();
        assertThat(tries).hasValue(6);
    }

    @Test
    void aBufferFullForTwoSecondsFailsSendsAtOnceUntilOneGetsThroughAgain() {
        AtomicInteger tries = new AtomicInteger();
        // the topic cannot be written: full on every try, 500 ms of the clock each
        assertThat(room.send(() -> {
                    now.addAndGet(500_000_000L);
                    tries.incrementAndGet();
                    return false;
                }))
                .isFalse();
        assertThat(tries.get()).as("gave up once 2 s had passed").isBetween(4, 5);
        // the next one does not wait: one try, then it fails
        tries.set(0);
        assertThat(room.send(() -> {
                    tries.incrementAndGet();
                    return false;
                }))
                .isFalse();
        assertThat(tries).hasValue(1);
        // room again: sends go through, and a later burst may wait again
        assertThat(room.send(() -> true)).isTrue();
        tries.set(0);
        assertThat(room.send(() -> {
                    now.addAndGet(100_000_000L);
                    return tries.incrementAndGet() > 3;
                }))
                .isTrue();
    }
}

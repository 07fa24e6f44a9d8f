package io.driftwatch.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link MockConsumer} whose {@code offsetsForTimes} answers every partition with {@code answer(timestamp)} ({@code
 * null}: no record since then) and, right after answering, runs {@code meanwhile} — records that arrive between that
 * answer and the next call.
 */
public final class TimeLookupConsumer extends MockConsumer<byte[], byte[]> {

    private final LongFunction<OffsetAndTimestamp> answer;
    private final Consumer<TimeLookupConsumer> meanwhile;

    public TimeLookupConsumer(LongFunction<OffsetAndTimestamp> answer, Consumer<TimeLookupConsumer> meanwhile) {
        super("earliest");
        this.answer = answer;
        this.meanwhile = meanwhile;
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
            Map<TopicPartition, Long> timestampsToSearch, Duration timeout) {
        Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        timestampsToSearch.forEach((tp, t) -> found.put(tp, answer.apply(t)));
        meanwhile.accept(this);
        return found;
    }
}

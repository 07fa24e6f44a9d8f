package io.driftwatch.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Where stage 1 reads an input partition from, on assignment and after a rewind: the group's committed offset; a
 * partition the group never committed starts at the first record of {@code now - longest window - allowed lateness}
 * (so a new deployment fills its windows without reading the topic's whole history). Nothing else is replayed from the
 * input: owners rebuild windows from the pane topic.
 *
 * <p>Called on the polling thread (the consumer is not thread-safe).
 */
final class InputStart {

    private static final Logger LOG = Logger.getLogger(InputStart.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final InstantSource clock;
    private final long startSpanMillis;
    private final InputOffsets positions;

    /** @param startSpan how far back a partition without a committed offset starts */
    InputStart(InstantSource clock, Duration startSpan, InputOffsets positions) {
        this.clock = clock;
        this.startSpanMillis = startSpan.toMillis();
        this.positions = positions;
    }

    /** Seeks {@code partitions} to their committed offsets, or by time where there is none. */
    void seek(Consumer<?, ?> c, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions), TIMEOUT);
        Map<TopicPartition, Long> query = new HashMap<>();
        long from = clock.millis() - startSpanMillis;
        for (TopicPartition tp : partitions) {
            if (committed.get(tp) == null) {
                query.put(tp, from);
            }
        }
        // the end offsets first: a partition with no record since `from` starts where it ended BEFORE that answer,
        // never at an end taken after it, which records produced in between would already have moved past them
        Map<TopicPartition, Long> ends = query.isEmpty() ? Map.of() : c.endOffsets(query.keySet(), TIMEOUT);
        Map<TopicPartition, OffsetAndTimestamp> byTime = query.isEmpty() ? Map.of() : c.offsetsForTimes(query, TIMEOUT);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            long offset;
            if (done != null) {
                offset = done.offset();
                LOG.infof("input partition %s: continuing at committed offset %d", tp, offset);
            } else {
                OffsetAndTimestamp t = byTime.get(tp);
                offset = t != null ? t.offset() : ends.getOrDefault(tp, 0L);
                LOG.infof(
                        "input partition %s: no committed offset; starting at %d (events since %s)",
                        tp, offset, Instant.ofEpochMilli(from));
            }
            c.seek(tp, offset);
            positions.assigned(tp, offset);
        }
    }
}

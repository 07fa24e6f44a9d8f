package io.driftwatch.ingest;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the prediction topic in batches (one call per Kafka poll) and hands every record to the
 * {@link EventIngestor}. Records already applied by this process (a partition replayed after a rebalance) are skipped;
 * bad records are counted there and optionally copied to the dead-letter topic. Nothing here throws on bad input.
 */
@ApplicationScoped
public class PredictionConsumer {

    /** The SmallRye channel; its topic is {@code mp.messaging.incoming.predictions.topic}. */
    public static final String CHANNEL = "predictions";

    @Inject
    EventIngestor ingestor;

    @Inject
    AppliedOffsets applied;

    @Inject
    DeadLetters deadLetters;

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        ingestor.evictIdleSeries(); // on this thread, between batches: see MonitorRegistry.evictIdleSeries
        EventIngestor.Batch batch = ingestor.newBatch();
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (!applied.shouldApply(tp, record.offset())) {
                    continue;
                }
                Outcome outcome = ingestor.ingest(batch, record.value(), record.timestamp());
                if (outcome.isRejected() && deadLetters.enabled()) {
                    deadLetters.send(record, outcome, batch.detail());
                }
            }
        }
    }
}

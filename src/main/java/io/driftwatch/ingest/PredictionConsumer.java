package io.driftwatch.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes the prediction topic in batches (one call per Kafka poll, from {@link PredictionLoop}) and hands every record
 * to the {@link EventIngestor}. Records already applied by this process (a partition replayed after a rebalance) are skipped;
 * bad records are counted there and optionally copied to the dead-letter topic. Nothing here throws on bad input.
 */
@ApplicationScoped
public class PredictionConsumer {

    @Inject
    EventIngestor ingestor;

    @Inject
    AppliedOffsets applied;

    @Inject
    DeadLetters deadLetters;

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

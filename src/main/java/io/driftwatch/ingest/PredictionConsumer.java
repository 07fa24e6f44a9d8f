package io.driftwatch.ingest;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the prediction topic in batches (one call per Kafka poll) and hands every record to the
 * {@link EventIngestor}. Bad records are counted and skipped there; nothing here throws on bad input.
 */
@ApplicationScoped
public class PredictionConsumer {

    /** The SmallRye channel; its topic is {@code mp.messaging.incoming.predictions.topic}. */
    public static final String CHANNEL = "predictions";

    @Inject
    EventIngestor ingestor;

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        EventIngestor.Batch batch = ingestor.newBatch();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ingestor.ingest(batch, record.value(), record.timestamp());
        }
    }
}

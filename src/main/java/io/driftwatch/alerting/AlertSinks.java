package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.kafka.Channels;
import io.driftwatch.kafka.KafkaProblems;
import io.driftwatch.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Where alert messages go: the configured sinks (the Kafka topic through the reactive-messaging channel
 * {@value Channels#ALERTS}, Alertmanager, a webhook), each behind its own non-blocking {@link DeliveryQueue}. Firing alerts are re-sent to Alertmanager every resend interval, as Alertmanager
 * expects of its clients.
 *
 * <p>Thread-safe: {@link #deliver} only offers to the queues.
 */
@ApplicationScoped
public class AlertSinks {

    private static final Logger LOG = Logger.getLogger(AlertSinks.class);

    private final List<DeliveryQueue> queues = new ArrayList<>();
    private final List<Delivery> deliveries;
    private final DeliveryQueue alertmanager;
    private final AlertBook book;

    AlertSinks(
            DriftwatchConfig config,
            AlertBook book,
            @Channel(Channels.ALERTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256)
                    Emitter<ProducerRecord<byte[], byte[]>> alertChannel,
            KafkaProblems problems,
            Topics topics,
            InstantSource clock,
            ObjectMapper json) {
        this.book = book;
        var alerts = config.alerts();
        topics.alerts()
                .ifPresent(topic ->
                        queues.add(new DeliveryQueue(new KafkaAlertSink(alertChannel, topic, json, problems))));
        alerts.webhook()
                .url()
                .ifPresent(url -> queues.add(new DeliveryQueue(
                        new HttpAlertSinks.Webhook(url, alerts.webhook().secret(), json))));
        alertmanager = alerts.alertmanager()
                .url()
                .map(url -> new DeliveryQueue(new HttpAlertSinks.Alertmanager(
                        url, alerts.alertmanager().resendInterval(), clock, json)))
                .orElse(null);
        if (alertmanager != null) {
            queues.add(alertmanager);
        }
        // kept here: meters hold their state objects weakly
        this.deliveries = queues.stream()
                .map(q -> new Delivery(q.sinkName(), q::delivered, q::failures, q::dropped))
                .toList();
    }

    /** Logs {@code m} and hands it to every sink's queue. */
    void deliver(AlertMessage m) {
        LOG.infof("alert %s: %s", m.alertId(), m.summary());
        queues.forEach(q -> q.offer(m));
    }

    @Scheduled(
            every = "${driftwatch.alerts.alertmanager.resend-interval:30s}",
            delayed = "${driftwatch.alerts.alertmanager.resend-interval:30s}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void resendFiring() {
        if (alertmanager != null) {
            book.firing().forEach(alertmanager::offer);
        }
    }

    /** Each sink's name and its delivery counts. */
    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** One sink's delivery counters, read live. */
    public record Delivery(
            String sink,
            java.util.function.LongSupplier delivered,
            java.util.function.LongSupplier failed,
            java.util.function.LongSupplier dropped) {}

    void stop(@Observes ShutdownEvent event) {
        queues.forEach(DeliveryQueue::close);
    }
}

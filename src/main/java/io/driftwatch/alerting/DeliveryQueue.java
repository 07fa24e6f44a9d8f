package io.driftwatch.alerting;

import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Delivers messages to one sink on its own thread, in order, retrying a failed delivery with exponential backoff
 * (1 s doubling to 30 s) until it succeeds. {@link #offer} never blocks: when the queue is full (10,000 messages) the
 * oldest message is dropped and counted, so a long outage of a receiver can never stall evaluation or ingestion.
 */
final class DeliveryQueue {

    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);
    static final int CAPACITY = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final AlertSink sink;
    private final BlockingDeque<AlertMessage> queue = new LinkedBlockingDeque<>(CAPACITY);
    private final Thread worker;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean running = true;

    DeliveryQueue(AlertSink sink) {
        this.sink = sink;
        this.worker = new Thread(this::run, "driftwatch-alerts-" + sink.name());
        worker.setDaemon(true);
        worker.start();
    }

    String sinkName() {
        return sink.name();
    }

    void offer(AlertMessage message) {
        while (!queue.offerLast(message)) {
            if (queue.pollFirst() != null) {
                dropped.increment();
            }
        }
    }

    long delivered() {
        return delivered.sum();
    }

    long failures() {
        return failures.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    int pending() {
        return queue.size();
    }

    private void run() {
        long backoff = 1000;
        while (running) {
            AlertMessage message;
            try {
                message = queue.pollFirst(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message == null) {
                continue;
            }
            while (running) {
                try {
                    sink.deliver(message);
                    delivered.increment();
                    backoff = 1000;
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.increment();
                    LOG.warnf(
                            "delivering alert %s (%s) to %s failed: %s; retrying in %d s",
                            message.alertId(), message.status(), sink.name(), e.getMessage(), backoff / 1000);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        }
    }

    void close() {
        running = false;
        worker.interrupt();
        sink.close();
    }
}

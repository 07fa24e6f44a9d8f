package io.driftwatch.api;

import io.driftwatch.config.DriftwatchConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs reference changes on two threads of their own with a bounded queue ({@code driftwatch.api.max-pending-changes}).
 * The change endpoints are non-blocking: their bodies are read on the event loop without holding any thread, so slow
 * or stalled uploads cannot take the worker pool that reads, health checks and metrics need; parsing, validating and
 * storing then run here. A full queue answers 503 at once.
 */
@Singleton
public class ChangeExecutor {

    static final int THREADS = 2;

    private final ThreadPoolExecutor executor;
    private final int capacity;

    @Inject
    ChangeExecutor(DriftwatchConfig config) {
        this(config.api().maxPendingChanges());
    }

    ChangeExecutor(int maxPending) {
        this.capacity = Math.max(1, maxPending);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "driftwatch-changes-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** {@code change} on a change thread; its exceptions fail the {@code Uni} as they are (mapped to problems). */
    <T> Uni<T> run(Supplier<T> change) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                executor.execute(() -> {
                    try {
                        emitter.complete(change.get());
                    } catch (Throwable t) {
                        emitter.fail(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new Problem.Failure(
                        Response.Status.SERVICE_UNAVAILABLE,
                        "too many reference changes in progress (" + (THREADS + capacity)
                                + ", driftwatch.api.max-pending-changes); nothing changed: retry shortly"));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}

package io.driftwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChangeExecutorTest {

    @Test
    void changesBeyondTheRunningAndPendingOnesAreRefusedAtOnceAndTheRestComplete() throws Exception {
        ChangeExecutor changes = new ChangeExecutor(3);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        for (int i = 0; i < ChangeExecutor.THREADS + 3; i++) {
            int n = i;
            accepted.add(changes.run(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return n;
                    })
                    .subscribeAsCompletionStage());
        }
        assertThatThrownBy(() -> changes.run(() -> -1).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(Problem.Failure.class)
                .satisfies(e ->
                        assertThat(((Problem.Failure) e).problem().status()).isEqualTo(503))
                .hasMessageContaining("driftwatch.api.max-pending-changes");
        release.countDown();
        for (int i = 0; i < accepted.size(); i++) {
            assertThat(accepted.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThatThrownBy(() -> changes.run(() -> {
                            throw new IllegalStateException("the change's own failure");
                        })
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the change's own failure");
    }
}

package io.driftwatch.sim;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.SimulatorConfig;
import io.driftwatch.kafka.KafkaClients;
import io.driftwatch.kafka.KafkaRecipes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The built-in prediction simulator: when {@code driftwatch.simulator.enabled=true}, produces
 * {@link SimulatedTraffic} events for each configured model to the simulator topic, following the reference for
 * {@code drift-after} and then drifting (the first model drifts, the others stay on the reference, so a dashboard
 * shows both behaviours). For demos and benchmarks only.
 */
@ApplicationScoped
public class PredictionSimulator {

    private static final Logger LOG = Logger.getLogger(PredictionSimulator.class);
    private static final int TICKS_PER_SECOND = 20;

    private final SimulatorConfig config;
    private final KafkaClients clients;
    private final InstantSource clock;
    private ScheduledExecutorService executor;
    private KafkaProducer<byte[], byte[]> producer;

    PredictionSimulator(DriftwatchConfig config, InstantSource clock, KafkaClients clients) {
        this.config = config.simulator();
        this.clock = clock;
        this.clients = clients;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        producer = clients.producer(KafkaRecipes.simulator());
        SimulatedTraffic traffic = new SimulatedTraffic(config.seed());
        long start = clock.millis();
        long driftAt = start + config.driftAfter().toMillis();
        long driftUntil = config.driftFor().map(d -> driftAt + d.toMillis()).orElse(Long.MAX_VALUE);
        String drifting = config.models().get(0);
        LOG.infof(
                "simulator: %d events/s per model %s to topic %s; model %s drifts after %s",
                config.rate(), config.models(), config.topic(), drifting, config.driftAfter());
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "driftwatch-simulator"));
        double perTick = (double) config.rate() / TICKS_PER_SECOND;
        double[] carry = new double[1];
        boolean[] announced = new boolean[1];
        executor.scheduleAtFixedRate(
                () -> {
                    long now = clock.millis();
                    boolean drifted = now >= driftAt && now < driftUntil;
                    if (drifted && !announced[0]) {
                        announced[0] = true;
                        LOG.infof("simulator: model %s now drifts", drifting);
                    }
                    if (!drifted && announced[0] && now >= driftUntil) {
                        announced[0] = false;
                        LOG.infof("simulator: model %s follows the reference again", drifting);
                    }
                    carry[0] += perTick;
                    int n = (int) carry[0];
                    carry[0] -= n;
                    for (int i = 0; i < n; i++) {
                        for (String model : config.models()) {
                            String json = traffic.event(model, now, drifted && model.equals(drifting));
                            producer.send(new ProducerRecord<>(
                                    config.topic(),
                                    model.getBytes(StandardCharsets.UTF_8),
                                    json.getBytes(StandardCharsets.UTF_8)));
                        }
                    }
                },
                0,
                1000 / TICKS_PER_SECOND,
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}

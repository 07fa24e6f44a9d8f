package io.driftwatch.monitor;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.reference.ReferenceService;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** CDI wiring of the plain-Java monitor and ingest objects. */
public class MonitorBeans {

    private static final Logger LOG = Logger.getLogger(MonitorBeans.class);

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    MonitorRegistry registry(DriftwatchConfig config, InstantSource clock) {
        MonitorRegistry registry = MonitorRegistry.fromConfig(config, clock);
        if (registry.monitors().isEmpty()) {
            LOG.warn("no monitors configured (driftwatch.monitors.<name>.*): events are read but nothing is"
                    + " monitored");
        }
        for (MonitorDefinition m : registry.monitors()) {
            LOG.infof(
                    "monitor %s: %s, %d bins, window %d x %d ms, reference of %d events%s",
                    m.name(),
                    m.field(),
                    m.reference().bins().binCount(),
                    m.paneCount(),
                    m.paneMillis(),
                    m.reference().total(),
                    m.model().map(x -> ", model " + x).orElse("")
                            + (m.modelReferences().isEmpty()
                                    ? ""
                                    : ", own references for "
                                            + m.modelReferences().keySet()));
        }
        return registry;
    }

    @Produces
    @Singleton
    EventIngestor ingestor(
            MonitorRegistry registry, InstantSource clock, DriftwatchConfig config, ReferenceService references) {
        // stored references first, so that no event is binned with a reference that is about to be replaced
        references.start();
        var events = config.events();
        return new EventIngestor(
                registry,
                clock,
                events.modelField(),
                events.timeField(),
                events.defaultModel(),
                events.maxClockSkew().toMillis(),
                events.maxBytes());
    }
}

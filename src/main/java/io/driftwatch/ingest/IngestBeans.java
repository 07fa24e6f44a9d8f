package io.driftwatch.ingest;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.reference.ReferenceService;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** CDI wiring of the {@link EventIngestor}. */
public class IngestBeans {

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

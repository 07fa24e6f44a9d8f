package io.driftwatch.reference;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorFactory;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Wholeness;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** The CDI producer of the {@link MonitorRegistry}, whose monitors need the configured reference files. */
public class ReferenceBeans {

    private static final Logger LOG = Logger.getLogger(ReferenceBeans.class);

    /**
     * Builds the registry — validating the configuration and reading every reference file — before anything else
     * starts (scheduler, Kafka consumers), so that bad configuration stops start-up with one clear error.
     */
    static void validateFirst(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, MonitorRegistry registry) {
        registry.monitors();
    }

    @Produces
    @Singleton
    static MonitorRegistry registry(DriftwatchConfig config, InstantSource clock, Wholeness wholeness) {
        ReferenceFiles files = ReferenceFiles.files(config);
        MonitorRegistry registry = MonitorFactory.registry(config, clock, files, files);
        registry.wholeness(wholeness); // stage 2's rule: only series whose windows are whole are read
        if (registry.monitors().isEmpty()) {
            LOG.warn("no monitors configured (driftwatch.monitors.<name>.*): events are read but nothing is"
                    + " monitored");
        }
        for (Monitor m : registry.monitors()) {
            var d = m.definition();
            var reference = m.defaultReference().reference().reference();
            LOG.infof(
                    "monitor %s: %s, %d bins, window %d x %d ms, reference of %d events%s",
                    m.name(),
                    d.field(),
                    reference.bins().binCount(),
                    d.paneCount(),
                    d.paneMillis(),
                    reference.total(),
                    d.model().map(x -> ", model " + x).orElse(""));
        }
        return registry;
    }
}

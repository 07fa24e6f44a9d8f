package io.driftwatch.reference;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.histogram.Kind;
import io.driftwatch.core.histogram.ReferenceLimits;
import io.driftwatch.core.histogram.VersionedReference;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorFactory;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.ReferenceLoader;
import io.driftwatch.monitor.Wholeness;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/**
 * Configured reference files: read with {@link ReferenceParser}, versioned with the source {@code config:<path>} and the
 * file's modification time. Also the CDI producer of the {@link MonitorRegistry}, whose monitors need these files.
 */
public class ReferenceFiles implements ReferenceLoader {

    private static final Logger LOG = Logger.getLogger(ReferenceFiles.class);

    @Override
    public VersionedReference load(String path, Kind kind, int quantileBins, ReferenceLimits limits, String csvColumn) {
        Path file = Path.of(path);
        var reference = ReferenceParser.readFile(file, kind, quantileBins, limits, csvColumn);
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            modified = Instant.EPOCH;
        }
        return VersionedReference.of(reference, "config:" + path, modified);
    }

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
        MonitorRegistry registry = MonitorFactory.registry(config, clock, new ReferenceFiles());
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

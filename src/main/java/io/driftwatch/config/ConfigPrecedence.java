package io.driftwatch.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Warns at start-up about a properties file that outranks environment variables: a file named by
 * {@code quarkus.config.locations} takes the ordinal of the source that named it (400 for {@code -D}, 300 for the
 * environment), so its keys would silently win over every {@code -D} flag and environment variable. The fix is one line
 * in the file, {@code config_ordinal=250}.
 */
@Singleton
public class ConfigPrecedence {

    private static final Logger LOG = Logger.getLogger(ConfigPrecedence.class);

    /** Ordinal of environment variables; a file at or above it overrides them. */
    static final int ENVIRONMENT = 300;

    static void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        for (String warning : warnings(ConfigProvider.getConfig().getConfigSources())) {
            LOG.warn(warning);
        }
    }

    /** One warning per file source at or above the environment's ordinal. */
    static List<String> warnings(Iterable<ConfigSource> sources) {
        List<String> warnings = new ArrayList<>();
        for (ConfigSource source : sources) {
            String name = source.getName();
            boolean file = name != null && (name.contains("[source=file:") || name.contains("[source=jar:"));
            if (file && source.getOrdinal() >= ENVIRONMENT) {
                warnings.add("configuration " + name + " has ordinal " + source.getOrdinal()
                        + ": its keys override environment variables (300) and, at 400, -D flags; add the line"
                        + " config_ordinal=250 to the file so that they can override it (see docs/configuration.md)");
            }
        }
        return warnings;
    }
}

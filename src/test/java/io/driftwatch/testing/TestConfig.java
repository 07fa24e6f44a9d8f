package io.driftwatch.testing;

import io.driftwatch.config.DriftwatchConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** {@link DriftwatchConfig} as SmallRye Config maps it from properties, with Quarkus' durations ("30s"). */
public final class TestConfig {

    private TestConfig() {}

    public static DriftwatchConfig driftwatch(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(DriftwatchConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(properties)
                .build()
                .getConfigMapping(DriftwatchConfig.class);
    }
}

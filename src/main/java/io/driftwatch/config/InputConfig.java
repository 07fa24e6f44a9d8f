package io.driftwatch.config;

import java.util.Optional;

/**
 * The prediction topic stage 1 reads ({@code driftwatch.input.*}). Its Kafka consumer settings are
 * {@code driftwatch.kafka.input.*} (docs/configuration.md, "Kafka clients").
 */
public interface InputConfig {

    /**
     * The prediction topic. Default {@code predictions}; the older key {@code mp.messaging.incoming.predictions.topic}
     * is still read, with a warning.
     */
    Optional<String> topic();

    /**
     * Stage 1's consumer group on the input; also names the internal topics ({@code <group>-panes},
     * {@code <group>-alert-states}) and the owners' group ({@code <group>-owners}). Default {@code driftwatch}; the
     * older key {@code mp.messaging.incoming.predictions.group.id} is still read, with a warning.
     */
    Optional<String> group();
}

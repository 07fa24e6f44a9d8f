package io.driftwatch.kafka;

import io.driftwatch.config.DriftwatchConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The names of every topic and consumer group Driftwatch uses, derived in one place: the input
 * ({@code driftwatch.input.topic} and {@code .group}), and the internal ones, which default to names derived from the
 * input's group ({@code <group>-panes}, {@code <group>-owners}, {@code <group>-alert-states}), so two deployments on
 * one broker never share them. Transactional ids start with the topic they write ({@code <pane topic>-},
 * {@code <reference topic>-}): one prefix ACL each. Immutable.
 */
@ApplicationScoped
public class Topics {

    private final String input;
    private final String inputGroup;
    private final String panes;
    private final String ownerGroup;
    private final String alertStates;
    private final String references;
    private final Optional<String> alerts;
    private final Optional<String> deadLetters;

    @Inject
    Topics(DriftwatchConfig config, Config raw) {
        this(
                config.input().topic().or(() -> LegacyInputKeys.topic(raw)).orElse("predictions"),
                config.input().group().or(() -> LegacyInputKeys.group(raw)).orElse("driftwatch"),
                config);
    }

    public Topics(String input, String inputGroup, DriftwatchConfig config) {
        this.input = input;
        this.inputGroup = inputGroup;
        var panes = config.panes();
        this.panes = panes.topic().orElse(inputGroup + "-panes");
        this.ownerGroup = panes.ownerGroup().orElse(inputGroup + "-owners");
        this.alertStates = panes.alertStateTopic().orElse(inputGroup + "-alert-states");
        this.references = config.references().topic();
        this.alerts = config.alerts().kafka().enabled()
                ? Optional.of(config.alerts().kafka().topic())
                : Optional.empty();
        this.deadLetters = config.events().deadLetterTopic();
    }

    /** The prediction topic stage 1 reads. */
    public String input() {
        return input;
    }

    /** Stage 1's consumer group on the input. */
    public String inputGroup() {
        return inputGroup;
    }

    /** The pane topic: stage 1 writes pane deltas, owners read them. */
    public String panes() {
        return panes;
    }

    /** Stage 2's consumer group on the pane topic. */
    public String ownerGroup() {
        return ownerGroup;
    }

    /** The compacted topic of firing alerts. */
    public String alertStates() {
        return alertStates;
    }

    /** The compacted topic of run-time references. */
    public String references() {
        return references;
    }

    /** The topic alert messages go to, when the Kafka sink is on. */
    public Optional<String> alerts() {
        return alerts;
    }

    /** The prefix of stage 1's transactional ids: {@code <pane topic>-}. */
    public String paneTransactionalIdPrefix() {
        return panes + "-";
    }

    /** The prefix of the reference writers' transactional ids: {@code <reference topic>-}. */
    public String referenceTransactionalIdPrefix() {
        return references + "-";
    }

    /** The dead-letter topic, when configured. */
    public Optional<String> deadLetters() {
        return deadLetters;
    }
}

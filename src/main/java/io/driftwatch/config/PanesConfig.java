package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Pane topic, flushes and the alert-state topic. */
public interface PanesConfig {

    /** The pane topic. Default: {@code <input group.id>-panes}. */
    Optional<String> topic();

    /** Consumer group of the series owners (stage 2). Default: {@code <input group.id>-owners}. */
    @WithName("owner-group")
    Optional<String> ownerGroup();

    /**
     * Partitions of the pane topic when Driftwatch creates it: the most instances that can own series at once.
     * An existing topic with fewer is a start-up error. Default {@code 12}.
     */
    @WithDefault("12")
    int partitions();

    /** Replication factor when the topics are created; {@code -1}: the broker's default. Default {@code -1}. */
    @WithName("replication-factor")
    @WithDefault("-1")
    short replicationFactor();

    /**
     * Retention of the pane topic when Driftwatch creates it; at least the longest window plus
     * {@code driftwatch.events.allowed-lateness} plus one flush interval (else a start-up error). Default: twice
     * that, and at least 1 h.
     */
    Optional<Duration> retention();

    /**
     * How often stage 1 publishes its deltas and commits the input offsets (one transaction); also on revoke and
     * shutdown. The delay between an event and its window is about this. Default {@code 1s}.
     */
    @WithName("flush-interval")
    @WithDefault("1s")
    Duration flushInterval();

    /**
     * This instance's name in its transactional id ({@code <pane topic>-<instance-id>}): give each replica its
     * own stable one (the pod name), so that a restarted instance aborts its predecessor's open transaction at
     * once. Default: a random one per start (an unfinished transaction of a killed instance then blocks the
     * owners' reads until {@code transaction-timeout} passes).
     */
    @WithName("instance-id")
    Optional<String> instanceId();

    /** Transaction timeout of stage 1's producer. Default {@code 10s}. */
    @WithName("transaction-timeout")
    @WithDefault("10s")
    Duration transactionTimeout();

    /** The compacted topic of firing alerts, so that they survive restarts and handovers. Default: {@code <input group.id>-alert-states}. */
    @WithName("alert-state-topic")
    Optional<String> alertStateTopic();
}

package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Where the model name and event time are found in each event. */
public interface EventsConfig {

    /** JSON Pointer of the model name. Default {@code /model}. */
    @WithName("model-field")
    @WithDefault("/model")
    String modelField();

    /** Model name used for events without one. Default {@code default}. */
    @WithName("default-model")
    @WithDefault("default")
    String defaultModel();

    /**
     * JSON Pointer of the event time: ISO-8601 text or epoch milliseconds. Events without it use the Kafka record
     * timestamp. Default {@code /ts}.
     */
    @WithName("time-field")
    @WithDefault("/ts")
    String timeField();

    /**
     * Events more than this far ahead of the wall clock are rejected ({@code future-timestamp}) so that a broken
     * clock cannot drag every window forward. Default {@code 5m}.
     */
    @WithName("max-clock-skew")
    @WithDefault("5m")
    Duration maxClockSkew();

    /**
     * How far a series' window end may run ahead of the wall clock. An accepted event further ahead (up to
     * {@code max-clock-skew}) does not move the window: it is held in its own future pane and enters the window
     * when its time comes ({@code drift_early_events_total}), so one producer with a fast clock cannot make every
     * other event late. Default {@code 1s}.
     */
    @WithName("max-window-lead")
    @WithDefault("1s")
    Duration maxWindowLead();

    /** Records with a larger value are rejected ({@code oversized}) without being parsed. Default 1 MiB. */
    @WithName("max-bytes")
    @WithDefault("1048576")
    int maxBytes();

    /**
     * How far out of order events may arrive, by event time. An owner rebuilds its windows from the pane topic from
     * {@code now - longest window - allowed-lateness - one flush}, and stage 1 starts an input partition its group never
     * committed at {@code now - longest window - allowed-lateness}, so windows are exact as long as events are not more
     * out of order than this. Default {@code 30s}.
     */
    @WithName("allowed-lateness")
    @WithDefault("30s")
    Duration allowedLateness();

    /**
     * If set, every rejected record is also sent to this topic: the raw key and value (values over 512 KiB
     * truncated) with headers {@code driftwatch-reason}, {@code driftwatch-detail} and the source topic,
     * partition and offset. Default: no dead-letter topic.
     */
    @WithName("dead-letter-topic")
    Optional<String> deadLetterTopic();

    /**
     * Threads that ingest the polled records beside the polling thread (the next poll's fetch overlaps the ingest
     * of this one), a poll's partitions split between them (a partition's records stay in order on one thread);
     * 0: as many as the machine has processors, at most 8. More threads than assigned partitions do nothing.
     * Default 1: on the 2-core machine the benchmarks run on, shared with the broker, 2 threads were no faster
     * (docs/benchmarks.md).
     */
    @WithName("ingest-threads")
    @WithDefault("1")
    int ingestThreads();
}

package io.driftwatch.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** The REST API. */
public interface ApiConfig {

    /**
     * Bearer token that every mutating request must present ({@code Authorization: Bearer <token>}); set it with
     * the environment variable {@code DRIFTWATCH_API_TOKEN}. Unset (default): mutations are disabled (403), reads
     * stay open.
     */
    Optional<String> token();

    /** Largest accepted upload (request body), bytes; larger requests get 413. Default {@code 16777216} (16 MiB). */
    @WithName("max-upload-bytes")
    @WithDefault("16777216")
    int maxUploadBytes();

    /**
     * Reference changes waiting to be processed (two run at a time, on their own threads, after their body was
     * read without holding a worker thread); more answer 503. Default {@code 16}.
     */
    @WithName("max-pending-changes")
    @WithDefault("16")
    int maxPendingChanges();

    /** Points of KL history kept per series for the page's trend chart (one per pane). Default {@code 360}. */
    @WithName("trend-points")
    @WithDefault("360")
    int trendPoints();
}

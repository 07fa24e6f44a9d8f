package io.driftwatch.api;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/stream}: Server-Sent Events, one {@link SeriesSummary} per series per pane. */
@Path("/api/stream")
@Tag(name = "monitors")
public class StreamResource {

    private final LiveFeed feed;

    StreamResource(LiveFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Live updates (Server-Sent Events): first every series' current summary, then one per series"
                    + " per closed pane and one on every reference change")
    public Multi<SeriesSummary> stream() {
        return feed.stream();
    }
}

package io.driftwatch.api;

import io.driftwatch.core.Statistic;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/statistics}: the catalogue of statistics ({@link Statistic}), which the page renders from. */
@Path("/api/statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "monitors")
public class StatisticsResource {

    @GET
    @Operation(summary = "The catalogue of statistics: field name, metric name, unit, description, alertable")
    public List<Views.StatisticView> statistics() {
        return Arrays.stream(Statistic.values()).map(Views.StatisticView::of).toList();
    }
}

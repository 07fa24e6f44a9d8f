package io.driftwatch.api;

import io.driftwatch.alerting.AlertBook;
import io.driftwatch.alerting.AlertMessage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/alerts[?monitor=name]}: firing alerts and recently resolved ones, newest first. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    /** The response body. */
    public record Alerts(List<AlertMessage> active, List<AlertMessage> recent) {}

    private final AlertBook alerts;

    AlertsResource(AlertBook alerts) {
        this.alerts = alerts;
    }

    @GET
    public Alerts list(@QueryParam("monitor") String monitor) {
        return new Alerts(alerts.active(monitor), alerts.recent(monitor));
    }
}

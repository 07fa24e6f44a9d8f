package io.driftwatch.api;

import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.monitor.FieldPattern;
import io.driftwatch.monitor.Monitor;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.NotMonitoredException;
import io.driftwatch.monitor.Series;
import io.driftwatch.monitor.SeriesNotWholeException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read API: every monitor and series with its statistics, histograms, reference and alert state. Open to all. */
@Path("/api/monitors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "monitors", description = "What is monitored and how it compares with its reference")
public class MonitorsResource {

    private final MonitorRegistry registry;
    private final LiveFeed feed;
    private final EventIngestor ingestor;

    MonitorsResource(MonitorRegistry registry, LiveFeed feed, EventIngestor ingestor) {
        this.registry = registry;
        this.feed = feed;
        this.ingestor = ingestor;
    }

    @GET
    @Operation(summary = "All monitors, with their series' current statistics and alert state")
    public List<Views.MonitorView> monitors() {
        return registry.monitors().stream().map(this::view).toList();
    }

    @GET
    @Path("/{monitor}")
    @Operation(summary = "One monitor, with its series' current statistics and alert state")
    @APIResponse(responseCode = "200", description = "The monitor")
    @APIResponse(responseCode = "404", ref = "UnknownMonitor")
    public Views.MonitorView monitor(@PathParam("monitor") String monitor) {
        return view(monitorNamed(monitor));
    }

    @GET
    @Path("/{monitor}/features")
    @Operation(
            summary = "A field pattern's features: those monitored, and those seen in events with no reference yet"
                    + " (not monitored, never alerting, until a training file with them is uploaded)")
    @APIResponse(responseCode = "200", description = "The pattern")
    @APIResponse(responseCode = "404", ref = "UnknownMonitor")
    public Views.PatternView features(@PathParam("monitor") String monitor) {
        FieldPattern pattern = registry.pattern(monitor).orElseThrow(() -> NotMonitoredException.monitor(monitor));
        return new Views.PatternView(
                pattern.name(),
                pattern.pointer() + "/*",
                List.copyOf(registry.members(pattern).keySet()),
                ingestor.newFeatures().waiting(monitor).stream()
                        .map(w -> new Views.PatternView.Waiting(
                                w.feature(),
                                w.monitor(),
                                "no reference yet",
                                java.time.Instant.ofEpochMilli(w.firstSeenMillis())
                                        .toString(),
                                w.sampledEvents(),
                                List.copyOf(w.models()),
                                List.copyOf(w.types())))
                        .toList());
    }

    @GET
    @Path("/{monitor}/models/{model}")
    @Operation(
            summary = "One series: live and reference histograms with bin labels, the bins that contribute most to"
                    + " the KL, all divergences, p-value, noise floor, window bounds, sample counts and the recent KL"
                    + " trend")
    @APIResponse(responseCode = "200", description = "The series")
    @APIResponse(responseCode = "404", ref = "UnknownSeries")
    public Views.SeriesDetail series(@PathParam("monitor") String monitor, @PathParam("model") String model) {
        Monitor m = monitorNamed(monitor);
        Series s = m.series(model).orElseThrow(() -> NotMonitoredException.series(monitor, model));
        if (!registry.whole(s)) {
            throw new SeriesNotWholeException(s);
        }
        Series.View view = s.view();
        return new Views.SeriesDetail(
                feed.summary(s, view),
                Views.Statistics.of(view.report(), m.definition()),
                Views.bins(view.window(), view.reference().reference()),
                s.contributors(view, Views.TOP_CONTRIBUTORS),
                new Views.DataQuality(
                        finite(view.window()
                                .outsideShare(view.reference().reference().bins())),
                        ingestor.fieldProblems().totals(monitor, model),
                        ingestor.unseenValues().top(monitor, model, Views.UNSEEN_VALUES)),
                Views.ReferenceView.of(m.referenceFor(model), false),
                feed.trend(s));
    }

    private Views.MonitorView view(Monitor m) {
        List<SeriesSummary> series = m.series().stream()
                .filter(registry::whole)
                .map(feed::summary)
                .sorted(Comparator.comparing(SeriesSummary::model))
                .toList();
        return Views.MonitorView.of(
                m.definition(),
                Views.ReferenceView.of(m.defaultReference(), false),
                series,
                ingestor.fieldProblems().totals(m.name()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private Monitor monitorNamed(String name) {
        return registry.monitor(name).orElseThrow(() -> NotMonitoredException.monitor(name));
    }
}

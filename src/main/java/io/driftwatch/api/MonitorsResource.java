package io.driftwatch.api;

import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.reference.VersionedReference;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read API: every monitor and series with its statistics, histograms, reference and alert state. Open to all. */
@Path("/api/monitors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "monitors", description = "What is monitored and how it compares with its reference")
public class MonitorsResource {

    private final MonitorRegistry registry;
    private final LiveFeed feed;

    MonitorsResource(MonitorRegistry registry, LiveFeed feed) {
        this.registry = registry;
        this.feed = feed;
    }

    @GET
    @Operation(summary = "All monitors, with their series' current statistics and alert state")
    public List<Views.MonitorView> monitors() {
        List<Views.MonitorView> out = new ArrayList<>();
        for (int i = 0; i < registry.monitors().size(); i++) {
            out.add(monitor(i));
        }
        return out;
    }

    @GET
    @Path("/{monitor}")
    @Operation(summary = "One monitor, with its series' current statistics and alert state")
    public Views.MonitorView monitor(@PathParam("monitor") String monitor) {
        return monitor(index(registry, monitor));
    }

    @GET
    @Path("/{monitor}/models/{model}")
    @Operation(
            summary = "One series: live and reference histograms with bin labels, all divergences, p-value, noise"
                    + " floor, window bounds, sample counts and the recent KL trend")
    public Views.SeriesDetail series(@PathParam("monitor") String monitor, @PathParam("model") String model) {
        int index = index(registry, monitor);
        Series s = registry.existingSeries(index, model);
        if (s == null) {
            throw new Problem.Failure(
                    Response.Status.NOT_FOUND, "monitor " + monitor + " has seen no events of model " + model, "model");
        }
        Series.View view = s.view();
        return new Views.SeriesDetail(
                feed.summary(s, view),
                Views.Statistics.of(view.report(), s.monitor()),
                Views.bins(view.window(), view.reference().reference()),
                referenceOf(registry, index, model, view.reference(), false),
                feed.trend(s));
    }

    private Views.MonitorView monitor(int index) {
        MonitorDefinition m = registry.monitors().get(index);
        List<SeriesSummary> series = new ArrayList<>();
        registry.seriesOf(index).forEach(s -> series.add(feed.summary(s)));
        series.sort(Comparator.comparing(SeriesSummary::model));
        return Views.MonitorView.of(m, defaultReferenceOf(registry, index, false), series);
    }

    /** Describes the monitor's default reference. */
    static Views.ReferenceView defaultReferenceOf(MonitorRegistry registry, int index, boolean document) {
        boolean runtime = registry.runtimeReference(index, Optional.empty()).isPresent();
        return Views.ReferenceView.of(registry.defaultReference(index), "monitor", runtime, document);
    }

    /** The monitor's index, or 404 naming it. */
    static int index(MonitorRegistry registry, String monitor) {
        int index = registry.indexOf(monitor);
        if (index < 0) {
            throw new Problem.Failure(Response.Status.NOT_FOUND, "no monitor named " + monitor, "monitor");
        }
        return index;
    }

    /** Describes {@code effective}, the reference model {@code model} is scored against, with its scope. */
    static Views.ReferenceView referenceOf(
            MonitorRegistry registry, int index, String model, VersionedReference effective, boolean document) {
        Optional<String> m = Optional.of(model);
        if (registry.runtimeReference(index, m).isPresent()) {
            return Views.ReferenceView.of(effective, "model", true, document);
        }
        if (registry.configuredReference(index, m).isPresent()) {
            return Views.ReferenceView.of(effective, "model", false, document);
        }
        boolean runtime = registry.runtimeReference(index, Optional.empty()).isPresent();
        return Views.ReferenceView.of(effective, "monitor", runtime, document);
    }
}

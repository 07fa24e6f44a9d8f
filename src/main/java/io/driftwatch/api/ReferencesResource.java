package io.driftwatch.api;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.core.histogram.BinScheme;
import io.driftwatch.core.histogram.Reference;
import io.driftwatch.ingest.EventIngestor;
import io.driftwatch.monitor.MonitorDefinition;
import io.driftwatch.monitor.MonitorRegistry;
import io.driftwatch.monitor.Series;
import io.driftwatch.reference.ReferenceParser;
import io.driftwatch.reference.ReferenceService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The reference lifecycle over REST: read, upload (histogram JSON, samples JSON or CSV samples), bless the live window,
 * or fall back. Every change is validated completely before anything is stored, stored in the compacted reference
 * topic, and applied (by every instance) from there; the response describes the applied state. Mutations are guarded
 * by {@link MutationGuard}.
 */
@Path("/api/monitors/{monitor}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "references", description = "Versioned reference distributions: upload, bless the live window, fall back")
@Blocking
public class ReferencesResource {

    private final MonitorRegistry registry;
    private final ReferenceService references;
    private final MutationGuard guard;
    private final DriftwatchConfig config;

    ReferencesResource(
            MonitorRegistry registry, ReferenceService references, MutationGuard guard, DriftwatchConfig config) {
        this.config = config;
        this.registry = registry;
        this.references = references;
        this.guard = guard;
    }

    @GET
    @Path("/reference")
    @Operation(summary = "The monitor's default reference, with its histogram document (re-uploadable as is)")
    public Views.ReferenceView monitorReference(@PathParam("monitor") String monitor) {
        return MonitorsResource.defaultReferenceOf(registry, MonitorsResource.index(registry, monitor), true);
    }

    @GET
    @Path("/models/{model}/reference")
    @Operation(summary = "The reference a model is scored against, with its histogram document")
    public Views.ReferenceView modelReference(@PathParam("monitor") String monitor, @PathParam("model") String model) {
        int index = MonitorsResource.index(registry, monitor);
        checkModel(registry.monitors().get(index), model);
        return MonitorsResource.referenceOf(registry, index, model, registry.effectiveReference(index, model), true);
    }

    @PUT
    @Path("/reference")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearer")
    @Operation(
            summary = "Set the monitor's default reference (all models without their own)",
            description = "Body: a histogram {\"edges\",\"counts\"} / {\"categories\",\"counts\"}, samples"
                    + " {\"samples\":[...]} (application/json), or CSV samples (text/csv, header line first).")
    public Views.ChangeView putMonitorReference(
            @PathParam("monitor") String monitor,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(
                            description =
                                    "quantile (default): samples get quantile bins; current: samples are counted in"
                                            + " the bins of the reference they replace, so the live window is kept")
                    @QueryParam("binning")
                    String binning,
            @Parameter(description = "CSV only: the header name of the column to read") @QueryParam("column")
                    String column,
            byte[] body) {
        return put(monitor, Optional.empty(), contentType, binning, column, body);
    }

    @PUT
    @Path("/models/{model}/reference")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Set one model's own reference", description = "Same bodies as the monitor's reference.")
    public Views.ChangeView putModelReference(
            @PathParam("monitor") String monitor,
            @PathParam("model") String model,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("binning") String binning,
            @QueryParam("column") String column,
            byte[] body) {
        return put(monitor, Optional.of(model), contentType, binning, column, body);
    }

    @POST
    @Path("/models/{model}/reference/from-window")
    @SecurityRequirement(name = "bearer")
    @Operation(
            summary = "Bless the model's current live window as its reference (\"we retrained; this is the new"
                    + " normal\")",
            description = "The window must hold at least min-samples events; it keeps its bins, so it is re-scored at"
                    + " once.")
    public Views.ChangeView fromWindow(@PathParam("monitor") String monitor, @PathParam("model") String model) {
        int index = MonitorsResource.index(registry, monitor);
        MonitorDefinition m = registry.monitors().get(index);
        checkModel(m, model);
        Series s = registry.existingSeries(index, model);
        if (s == null) {
            throw new Problem.Failure(
                    Response.Status.NOT_FOUND, "monitor " + monitor + " has seen no events of model " + model, "model");
        }
        Series.View view = s.view();
        if (!view.report().sufficient()) {
            throw new Problem.Failure(
                    Response.Status.CONFLICT,
                    "the window of " + monitor + "/" + model + " has "
                            + view.window().total() + " events, fewer than min-samples ("
                            + m.analyzer().minSamples() + ")");
        }
        Reference reference =
                Reference.of(view.reference().reference().bins(), view.window().counts());
        String source = "from-window:" + model + "@"
                + Instant.ofEpochMilli(view.window().startMillis()) + "/"
                + Instant.ofEpochMilli(view.window().endMillis());
        return view(references.put(m, Optional.of(model), reference, source));
    }

    @DELETE
    @Path("/reference")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Remove the monitor's run-time default reference: fall back to the configured one")
    public Views.ChangeView deleteMonitorReference(@PathParam("monitor") String monitor) {
        MonitorDefinition m = registry.monitors().get(MonitorsResource.index(registry, monitor));
        return view(references.delete(m, Optional.empty()));
    }

    @DELETE
    @Path("/models/{model}/reference")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Remove a model's run-time reference: fall back to its configured one or the monitor default")
    public Views.ChangeView deleteModelReference(
            @PathParam("monitor") String monitor, @PathParam("model") String model) {
        MonitorDefinition m = registry.monitors().get(MonitorsResource.index(registry, monitor));
        checkModel(m, model);
        return view(references.delete(m, Optional.of(model)));
    }

    private Views.ChangeView put(
            String monitor, Optional<String> model, String contentType, String binning, String column, byte[] body) {
        int index = MonitorsResource.index(registry, monitor);
        MonitorDefinition m = registry.monitors().get(index);
        model.ifPresent(x -> checkModel(m, x));
        if (body == null || body.length == 0) {
            throw new Problem.Failure(Response.Status.BAD_REQUEST, "the request has no body", "body");
        }
        if (body.length > guard.maxBytes()) {
            throw guard.tooLarge(body.length + " bytes");
        }
        BinScheme keep =
                switch (binning == null ? "quantile" : binning) {
                    case "quantile" -> null;
                    case "current" -> model.isPresent()
                            ? registry.effectiveReference(index, model.get())
                                    .reference()
                                    .bins()
                            : registry.defaultReference(index).reference().bins();
                    default -> throw new Problem.Failure(
                            Response.Status.BAD_REQUEST,
                            "binning=" + binning + " is not one of quantile, current",
                            "binning");
                };
        String type = contentType == null ? "" : contentType.toLowerCase();
        Reference reference;
        String source;
        if (type.startsWith("text/csv")) {
            reference = ReferenceParser.parseCsv(body, ReferenceService.kindOf(m), bins(m), keep, column);
            source = "upload:csv";
        } else if (type.startsWith("application/json")) {
            var parsed = ReferenceParser.parseDocument(body, ReferenceService.kindOf(m), bins(m), keep);
            reference = parsed.reference();
            source = "upload:" + parsed.format();
        } else {
            throw new Problem.Failure(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + (contentType == null ? "(none)" : contentType)
                            + " is not application/json (histogram or samples) or text/csv (samples)",
                    "Content-Type");
        }
        return view(references.put(m, model, reference, source));
    }

    /** Quantile bins of the monitor ({@code driftwatch.monitors.<name>.bins}), as for a configured samples file. */
    private int bins(MonitorDefinition m) {
        return config.monitors().get(m.name()).bins();
    }

    private static void checkModel(MonitorDefinition m, String model) {
        if (model.isEmpty() || model.length() > EventIngestor.MAX_MODEL_LENGTH) {
            throw new Problem.Failure(
                    Response.Status.BAD_REQUEST,
                    "model must be a non-empty name of at most " + EventIngestor.MAX_MODEL_LENGTH + " characters",
                    "model");
        }
        if (!m.appliesTo(model)) {
            throw new Problem.Failure(
                    Response.Status.NOT_FOUND,
                    "monitor " + m.name() + " only monitors model " + m.model().orElseThrow(),
                    "model");
        }
    }

    private Views.ChangeView view(ReferenceService.Change change) {
        Map<String, String> windows = new TreeMap<>();
        change.series()
                .forEach((model, c) -> windows.put(
                        model,
                        switch (c) {
                            case UNCHANGED -> "unchanged";
                            case WINDOW_KEPT -> "kept";
                            case WINDOW_RESTARTED -> "restarted";
                        }));
        return new Views.ChangeView(
                change.monitor(),
                change.model().orElse(null),
                change.reference()
                        .map(r -> Views.ReferenceView.of(
                                r, change.model().isPresent() ? "model" : "monitor", true, false))
                        .orElse(null),
                windows);
    }
}

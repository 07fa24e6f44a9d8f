package io.driftwatch.api;

import io.driftwatch.reference.ReferenceService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The reference lifecycle over REST: read, upload (histogram JSON, samples JSON or CSV samples), bless the live window,
 * or fall back. Every change is validated completely before anything is stored, stored in the compacted reference
 * topic, and applied (by every instance) from there; the response describes the applied state. Mutations are guarded
 * by {@link MutationGuard}.
 */
@Path("/api/monitors") // the same class path as MonitorsResource: one routing table, so a wrong method is a 405
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "references", description = "Versioned reference distributions: upload, bless the live window, fall back")
@Blocking
public class ReferencesResource {

    private final ReferenceService references;
    private final MutationGuard guard;
    private final ChangeExecutor changes;

    ReferencesResource(ReferenceService references, MutationGuard guard, ChangeExecutor changes) {
        this.references = references;
        this.guard = guard;
        this.changes = changes;
    }

    @GET
    @Path("/{monitor}/reference")
    @Operation(summary = "The monitor's default reference, with its histogram document (re-uploadable as is)")
    @APIResponse(responseCode = "200", description = "The reference in force")
    @APIResponse(responseCode = "404", ref = "UnknownMonitor")
    public Views.ReferenceView monitorReference(@PathParam("monitor") String monitor) {
        return Views.ReferenceView.of(references.referenceFor(monitor, Optional.empty()), true);
    }

    @GET
    @Path("/{monitor}/models/{model}/reference")
    @Operation(summary = "The reference a model is scored against, with its histogram document")
    @APIResponse(responseCode = "200", description = "The reference in force")
    @APIResponse(responseCode = "404", ref = "UnknownModel")
    public Views.ReferenceView modelReference(@PathParam("monitor") String monitor, @PathParam("model") String model) {
        return Views.ReferenceView.of(references.referenceFor(monitor, Optional.of(model)), true);
    }

    @PUT
    @Path("/{monitor}/reference")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearer")
    @Operation(
            summary = "Set the monitor's default reference (all models without their own)",
            description = "Body: a histogram {\"edges\",\"counts\"} / {\"categories\",\"counts\"}, samples"
                    + " {\"samples\":[...]} (application/json), or CSV samples (text/csv, header line first). For a"
                    + " field pattern (fields=/features/*): a training file, text/csv with a header naming the features"
                    + " or application/x-ndjson events, and every feature's reference is built and stored at once.")
    @APIResponse(responseCode = "200", description = "The change as applied: the reference now in force")
    @APIResponse(responseCode = "400", ref = "InvalidReference")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "401", ref = "NoCredential")
    @APIResponse(responseCode = "403", ref = "ChangesForbidden")
    @APIResponse(responseCode = "404", ref = "UnknownTarget")
    @APIResponse(responseCode = "503", ref = "NotStored")
    @APIResponse(responseCode = "504", ref = "NotYetApplied")
    @NonBlocking // the body is read without a thread; the change runs on ChangeExecutor
    public Uni<Object> putMonitorReference(
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
    @Path("/{monitor}/models/{model}/reference")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Set one model's own reference", description = "Same bodies as the monitor's reference.")
    @APIResponse(responseCode = "200", description = "The change as applied: the reference now in force")
    @APIResponse(responseCode = "400", ref = "InvalidReference")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "401", ref = "NoCredential")
    @APIResponse(responseCode = "403", ref = "ChangesForbidden")
    @APIResponse(responseCode = "404", ref = "UnknownTarget")
    @APIResponse(responseCode = "503", ref = "NotStored")
    @APIResponse(responseCode = "504", ref = "NotYetApplied")
    @NonBlocking
    public Uni<Object> putModelReference(
            @PathParam("monitor") String monitor,
            @PathParam("model") String model,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("binning") String binning,
            @QueryParam("column") String column,
            byte[] body) {
        return put(monitor, Optional.of(model), contentType, binning, column, body);
    }

    @POST
    @Path("/{monitor}/models/{model}/reference/from-window")
    @SecurityRequirement(name = "bearer")
    @Operation(
            summary = "Bless the model's current live window as its reference (\"we retrained; this is the new"
                    + " normal\")",
            description = "The window must hold at least min-samples events; it keeps its bins, so it is re-scored at"
                    + " once. Bless a window only once it holds nothing but the new normal: wait one full window"
                    + " length after the change (retraining, deploy); a window that straddles the change keeps"
                    + " alerting against the traffic that follows. For a field pattern (fields=/features/*), every"
                    + " feature of the model whose window is whole and holds min-samples events, in one transaction;"
                    + " the answer names the others and why.")
    @APIResponse(responseCode = "200", description = "The change as applied: the reference now in force")
    @APIResponse(responseCode = "409", ref = "WindowTooThin")
    @APIResponse(responseCode = "401", ref = "NoCredential")
    @APIResponse(responseCode = "403", ref = "ChangesForbidden")
    @APIResponse(responseCode = "404", ref = "UnknownTarget")
    @APIResponse(responseCode = "503", ref = "NotStored")
    @APIResponse(responseCode = "504", ref = "NotYetApplied")
    @NonBlocking
    public Uni<Object> fromWindow(@PathParam("monitor") String monitor, @PathParam("model") String model) {
        if (references.isPattern(monitor)) { // every feature of the model at once
            return changes.run(() -> Views.BlessedView.of(references.fromWindows(monitor, model)));
        }
        return changes.run(() -> view(references.fromWindow(monitor, model)));
    }

    @DELETE
    @Path("/{monitor}/reference")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Remove the monitor's run-time default reference: fall back to the configured one")
    @APIResponse(responseCode = "200", description = "The change as applied: the reference now in force")
    @APIResponse(responseCode = "401", ref = "NoCredential")
    @APIResponse(responseCode = "403", ref = "ChangesForbidden")
    @APIResponse(responseCode = "404", ref = "UnknownTarget")
    @APIResponse(responseCode = "503", ref = "NotStored")
    @APIResponse(responseCode = "504", ref = "NotYetApplied")
    @NonBlocking
    public Uni<Views.ChangeView> deleteMonitorReference(@PathParam("monitor") String monitor) {
        return changes.run(() -> view(references.delete(monitor, Optional.empty())));
    }

    @DELETE
    @Path("/{monitor}/models/{model}/reference")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Remove a model's run-time reference: fall back to its configured one or the monitor default")
    @APIResponse(responseCode = "200", description = "The change as applied: the reference now in force")
    @APIResponse(responseCode = "401", ref = "NoCredential")
    @APIResponse(responseCode = "403", ref = "ChangesForbidden")
    @APIResponse(responseCode = "404", ref = "UnknownTarget")
    @APIResponse(responseCode = "503", ref = "NotStored")
    @APIResponse(responseCode = "504", ref = "NotYetApplied")
    @NonBlocking
    public Uni<Views.ChangeView> deleteModelReference(
            @PathParam("monitor") String monitor, @PathParam("model") String model) {
        return changes.run(() -> view(references.delete(monitor, Optional.of(model))));
    }

    private Uni<Object> put(
            String monitor, Optional<String> model, String contentType, String binning, String column, byte[] body) {
        guard.checkBodySize(body);
        if (references.isPattern(monitor)) { // a field pattern: every feature's reference from one training file
            return changes.run(() -> Views.TrainingView.of(references.putTraining(monitor, model, contentType, body)));
        }
        return changes.run(() ->
                view(references.put(monitor, model, new ReferenceService.Upload(contentType, binning, column, body))));
    }

    private Views.ChangeView view(ReferenceService.Change change) {
        Map<String, String> windows = new TreeMap<>();
        change.series().forEach((model, c) -> windows.put(model, Views.window(c)));
        return new Views.ChangeView(
                change.monitor(),
                change.model().orElse(null),
                Views.ReferenceView.of(change.inForce(), false),
                windows);
    }
}

package io.driftwatch.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI description of the API ({@code /q/openapi}); mutations need the operator's bearer token. The error
 * answers (problem documents) are defined once here and referenced by the operations.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Driftwatch API",
                        version = "1",
                        description =
                                "Monitors, series statistics and histograms (open); reference changes (bearer token)."),
        components =
                @Components(
                        responses = {
                            @APIResponse(
                                    name = "UnknownMonitor",
                                    responseCode = "404",
                                    description = "No such monitor (field monitor)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "UnknownModel",
                                    responseCode = "404",
                                    description = "No such monitor (field monitor) or model (field model)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "InvalidReference",
                                    responseCode = "400",
                                    description =
                                            "Invalid reference: field names what was wrong (counts[1], categories, samples, line 3, binning, ...)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "TooLarge",
                                    responseCode = "413",
                                    description =
                                            "The body is over driftwatch.api.max-upload-bytes or the HTTP layer's limit",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "UnsupportedMediaType",
                                    responseCode = "415",
                                    description = "A Content-Type that is neither JSON nor CSV",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "NoCredential",
                                    responseCode = "401",
                                    description = "No bearer credential (WWW-Authenticate: Bearer)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "ChangesForbidden",
                                    responseCode = "403",
                                    description = "Changes are disabled (no token configured) or the token is wrong",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "UnknownTarget",
                                    responseCode = "404",
                                    description = "No such monitor (field monitor) or, for a model, no such series",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "NotStored",
                                    responseCode = "503",
                                    description =
                                            "The reference topic is unavailable or too many changes are pending; nothing was changed",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "NotYetApplied",
                                    responseCode = "504",
                                    description = "Stored, but not yet applied within the timeout",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "WindowTooThin",
                                    responseCode = "409",
                                    description = "The window holds fewer than min-samples events",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class))),
                            @APIResponse(
                                    name = "UnknownSeries",
                                    responseCode = "404",
                                    description = "No such monitor (field monitor) or series (field model)",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(implementation = Problem.class)))
                        }))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The operator's token, driftwatch.api.token / DRIFTWATCH_API_TOKEN")
public class DriftwatchApi extends Application {}

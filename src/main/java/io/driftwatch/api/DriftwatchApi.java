package io.driftwatch.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description of the API ({@code /q/openapi}); mutations need the operator's bearer token. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Driftwatch API",
                        version = "1",
                        description =
                                "Monitors, series statistics and histograms (open); reference changes (bearer token)."))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The operator's token, driftwatch.api.token / DRIFTWATCH_API_TOKEN")
public class DriftwatchApi extends Application {}

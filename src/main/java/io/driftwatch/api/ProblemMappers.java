package io.driftwatch.api;

import io.driftwatch.monitor.NotMonitoredException;
import io.driftwatch.monitor.SeriesNotWholeException;
import io.driftwatch.reference.InvalidReferenceException;
import io.driftwatch.reference.ReferenceService;
import io.driftwatch.reference.RejectedChangeException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the API's failures to {@code application/problem+json} responses. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response failure(Problem.Failure e) {
        Response r = e.problem().toResponse();
        if (e.problem().status() == 401) {
            return Response.fromResponse(r)
                    .header("WWW-Authenticate", "Bearer realm=\"driftwatch\"")
                    .build();
        }
        return r;
    }

    /** A path the API serves, asked with another method: 405 naming the methods it allows ({@code Allow}). */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri, jakarta.ws.rs.core.Request request) {
        String path = uri.getPath();
        Set<String> allowed = ApiRoutes.allowed(path);
        Response r = new Problem.Failure(
                        Response.Status.METHOD_NOT_ALLOWED,
                        request.getMethod() + " is not allowed on " + path
                                + (allowed.isEmpty() ? "" : "; it allows " + String.join(", ", allowed)))
                .problem()
                .toResponse();
        return allowed.isEmpty()
                ? r
                : Response.fromResponse(r)
                        .header("Allow", String.join(", ", allowed))
                        .build();
    }

    @ServerExceptionMapper
    public Response invalidReference(InvalidReferenceException e) {
        return new Problem.Failure(
                        Response.Status.BAD_REQUEST,
                        "invalid reference: " + e.getMessage(),
                        e.field().orElse(null))
                .problem()
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notMonitored(NotMonitoredException e) {
        return new Problem.Failure(Response.Status.NOT_FOUND, e.getMessage(), e.field())
                .problem()
                .toResponse();
    }

    @ServerExceptionMapper
    public Response rejected(RejectedChangeException e) {
        Response.Status status =
                switch (e.reason()) {
                    case INVALID -> Response.Status.BAD_REQUEST;
                    case CONFLICT -> Response.Status.CONFLICT;
                    case UNSUPPORTED_FORMAT -> Response.Status.UNSUPPORTED_MEDIA_TYPE;
                    case TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
                };
        return new Problem.Failure(status, e.getMessage(), e.field()).problem().toResponse();
    }

    @ServerExceptionMapper
    public Response pending(ReferenceService.PendingException e) {
        return new Problem.Failure(Response.Status.GATEWAY_TIMEOUT, e.getMessage())
                .problem()
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notWhole(SeriesNotWholeException e) {
        return Response.fromResponse(new Problem.Failure(Response.Status.SERVICE_UNAVAILABLE, e.getMessage())
                        .problem()
                        .toResponse())
                .header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(ReferenceService.UnavailableException e) {
        return new Problem.Failure(Response.Status.SERVICE_UNAVAILABLE, e.getMessage())
                .problem()
                .toResponse();
    }
}

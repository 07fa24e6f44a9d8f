package io.driftwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The answers the HTTP layer gives before any resource is involved, as problem documents like every other API error:
 * an unknown {@code /api} path (404, instead of an HTML page) and a body that declares more than
 * {@code quarkus.http.limits.max-body-size} (413 naming the size and the limit, instead of an empty body).
 */
@ApplicationScoped
public class HttpEdges {

    private final ObjectMapper json;
    private final long maxBodySize;

    HttpEdges(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        // before the HTTP layer's own length check, which would answer 413 with an empty body
        router.route("/api/*").order(Integer.MIN_VALUE).handler(this::declaredLength);
        // after every resource and static file: what nobody served
        router.route("/api/*").order(Integer.MAX_VALUE).handler(this::notFound);
    }

    private void declaredLength(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            declared = -1; // MutationGuard answers a malformed length with a 400 naming the header
        }
        if (declared <= maxBodySize) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Connection", "close"); // the body is not read: close once answered
        ctx.response().endHandler(done -> ctx.request().connection().close());
        answer(
                ctx,
                new Problem.Failure(
                        Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "the request body is " + declared + " bytes; the HTTP layer accepts at most " + maxBodySize
                                + " bytes (quarkus.http.limits.max-body-size), and an upload at most"
                                + " driftwatch.api.max-upload-bytes"));
    }

    private void notFound(RoutingContext ctx) {
        answer(
                ctx,
                new Problem.Failure(
                        Response.Status.NOT_FOUND,
                        "no API resource at " + ctx.request().path() + " (the API is described at /q/openapi)"));
    }

    private void answer(RoutingContext ctx, Problem.Failure failure) {
        Problem p = failure.problem();
        String body;
        try {
            body = json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + p.status() + "}";
        }
        ctx.response()
                .setStatusCode(p.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(body);
    }
}

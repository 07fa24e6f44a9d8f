package io.driftwatch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): what went wrong with a request, and, for a bad
 * upload, the field that was wrong.
 *
 * @param type a URI naming the kind of problem ({@code about:blank} plus {@code title} for plain HTTP statuses)
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what was wrong with this request
 * @param field the offending field, query parameter or line, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Thrown by resources and filters; mapped to a problem response, and nothing has changed. */
    public static class Failure extends RuntimeException {
        private final Problem problem;

        public Failure(Response.Status status, String detail) {
            this(status, detail, null);
        }

        public Failure(Response.Status status, String detail, String field) {
            super(detail);
            this.problem = new Problem(
                    "https://driftwatch.io/problems/" + status.getStatusCode(),
                    status.getReasonPhrase(),
                    status.getStatusCode(),
                    detail,
                    field);
        }

        public Problem problem() {
            return problem;
        }
    }

    Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}

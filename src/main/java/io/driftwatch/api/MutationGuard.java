package io.driftwatch.api;

import io.driftwatch.config.DriftwatchConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every mutating API request ({@code PUT}, {@code POST}, {@code DELETE}, {@code PATCH} under {@code /api}),
 * before its body is read:
 *
 * <ol>
 *   <li>no token configured ({@code driftwatch.api.token} / {@code DRIFTWATCH_API_TOKEN}): 403, mutations are disabled;
 *   <li>no {@code Authorization: Bearer} credential: 401 with {@code WWW-Authenticate: Bearer};
 *   <li>a wrong token: 403 (compared in constant time);
 *   <li>a declared body larger than {@code driftwatch.api.max-upload-bytes}: 413 (bodies without a declared length are
 *       cut off at the same limit when read, also with 413).
 * </ol>
 *
 * Reads ({@code GET}) are open. Before all that, any {@code /api} request whose path, as sent, has a {@code .} or
 * {@code ..} segment (also percent-encoded, {@code %2e%2e}) is refused with 400: the HTTP layer would remove the
 * segment and route {@code /models/%2e%2e/reference} to the monitor default.
 */
@Singleton
public class MutationGuard {

    // REST filters are created before the runtime configuration exists: read it on first use
    private final Provider<DriftwatchConfig> config;
    private volatile Optional<byte[]> token;

    MutationGuard(Provider<DriftwatchConfig> config) {
        this.config = config;
    }

    private Optional<byte[]> token() {
        Optional<byte[]> t = token;
        if (t == null) {
            t = tokenBytes(config.get().api().token());
            token = t;
        }
        return t;
    }

    /**
     * The configured token without surrounding whitespace: a secret file or {@code echo} usually ends with a newline,
     * which no {@code Authorization} header can carry; a blank token disables changes.
     */
    static Optional<byte[]> tokenBytes(Optional<String> configured) {
        return configured.map(String::strip).filter(x -> !x.isEmpty()).map(x -> x.getBytes(StandardCharsets.UTF_8));
    }

    public long maxBytes() {
        return config.get().api().maxUploadBytes();
    }

    @ServerRequestFilter
    public void check(ContainerRequestContext request, HttpServerRequest raw) {
        if (request.getUriInfo().getPath().startsWith("/api")) {
            rejectDotSegments(raw.path());
        }
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        Optional<byte[]> token = token();
        if (token.isEmpty()) {
            throw new Problem.Failure(
                    Response.Status.FORBIDDEN,
                    "changes are disabled: the operator has not configured an API token (DRIFTWATCH_API_TOKEN)");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Problem.Failure(
                    Response.Status.UNAUTHORIZED, "send the API token as \"Authorization: Bearer <token>\"");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) {
            throw new Problem.Failure(Response.Status.FORBIDDEN, "the API token is not valid");
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new Problem.Failure(
                        Response.Status.BAD_REQUEST, "Content-Length is not a number", "Content-Length");
            }
            if (declared > maxBytes()) {
                throw tooLarge(declared + " bytes");
            }
        }
    }

    /** 400 when the path as sent has a {@code .} or {@code ..} segment, plain or percent-encoded. */
    static void rejectDotSegments(String rawPath) {
        if (rawPath == null) {
            return;
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw new Problem.Failure(
                        Response.Status.BAD_REQUEST,
                        "the path has a \"" + decoded + "\" segment; \".\" and \"..\" are not model or monitor names",
                        "path");
            }
        }
    }

    /** 413 when a body read without a declared length is over the limit. */
    void checkBodySize(byte[] body) {
        if (body != null && body.length > maxBytes()) {
            throw tooLarge(body.length + " bytes");
        }
    }

    Problem.Failure tooLarge(String size) {
        return new Problem.Failure(
                Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "the upload is " + size + "; the limit is " + maxBytes() + " bytes (driftwatch.api.max-upload-bytes)");
    }
}

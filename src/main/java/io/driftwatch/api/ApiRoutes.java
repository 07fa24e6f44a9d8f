package io.driftwatch.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API's routes — path template and HTTP method — read once from the resources' JAX-RS annotations, so a 405 can
 * name the methods a path allows ({@code Allow}) without a second copy of the routing table.
 */
@RegisterForReflection(
        targets = {
            MonitorsResource.class,
            ReferencesResource.class,
            AlertsResource.class,
            StatisticsResource.class,
            StreamResource.class
        },
        methods = true)
final class ApiRoutes {

    static final List<Class<?>> RESOURCES = List.of(
            MonitorsResource.class,
            ReferencesResource.class,
            AlertsResource.class,
            StatisticsResource.class,
            StreamResource.class);

    private record Route(Pattern path, String method) {}

    private static final List<Route> ROUTES = read();

    private ApiRoutes() {}

    /** The methods some resource serves on {@code path} (with HEAD and OPTIONS where GET is served); empty if none. */
    static Set<String> allowed(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route r : ROUTES) {
            if (r.path().matcher(path).matches()) {
                methods.add(r.method());
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return methods;
    }

    private static List<Route> read() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        Path sub = m.getAnnotation(Path.class);
                        routes.add(new Route(template(base + (sub == null ? "" : sub.value())), http.value()));
                    }
                }
            }
        }
        return List.copyOf(routes);
    }

    /** {@code /api/monitors/{monitor}/reference} → a pattern where each {@code {name}} is one path segment. */
    static Pattern template(String path) {
        String normalized = ("/" + path).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        StringBuilder regex = new StringBuilder();
        for (String part : normalized.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}

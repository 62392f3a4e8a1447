package io.wharf.web.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lists every {@code /api} and {@code /service} operation the resources declare, from their
 * annotations, into {@code target/rest-endpoints.txt}: the OpenAPI end-to-end test checks that the
 * running server's {@code /openapi} document describes each of them.
 */
class RestEndpointsTest {

    static TreeSet<String> endpoints() throws IOException, ClassNotFoundException {
        java.nio.file.Path classes = Paths.get("target/classes");
        TreeSet<String> out = new TreeSet<>();
        List<String> names;
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            names = files.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        for (String name : names) {
            Class<?> type = Class.forName(name, false, RestEndpointsTest.class.getClassLoader());
            Path root = type.getAnnotation(Path.class);
            if (root == null) continue;
            for (Method m : type.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) continue;
                Path sub = m.getAnnotation(Path.class);
                String path = normalise(root.value() + "/" + (sub == null ? "" : sub.value()));
                if (path.startsWith("/api/") || path.startsWith("/service/")) out.add(verb + " " + path);
            }
        }
        return out;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) return verb.value();
        }
        return null;
    }

    /** As OpenAPI writes a path: one leading slash, no trailing one, templates without their regular expressions. */
    static String normalise(String path) {
        String p = ("/" + path).replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Test
    void theResourcesDeclareTheApiAndTheListIsWrittenForTheOpenApiCheck() throws Exception {
        TreeSet<String> all = endpoints();
        assertTrue(all.contains("GET /api/v2.0/projects"), all.toString());
        assertTrue(all.contains("POST /service/notifications"), all.toString());
        assertTrue(all.stream().noneMatch(e -> e.contains(":")), "templates are written without their patterns: " + all);
        Files.write(Paths.get("target/rest-endpoints.txt"), all);
    }

    @Test
    void pathsAreWrittenAsOpenApiWritesThem() {
        assertTrue(normalise("v2/{name: .+}/tags/list").equals("/v2/{name}/tags/list"));
        assertTrue(normalise("api/v2.0/projects/").equals("/api/v2.0/projects"));
    }
}

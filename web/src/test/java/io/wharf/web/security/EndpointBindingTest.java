package io.wharf.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.web.registry.RegistryBearer;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint says how its caller signs in and which row of the permission table it needs, so
 * that a new endpoint without either is caught here rather than open in production.
 */
class EndpointBindingTest {
    private static final List<Class<? extends java.lang.annotation.Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, HEAD.class, PATCH.class);

    @Test
    void everyEndpointHasASignInAndAPermissionRow() throws Exception {
        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        for (Class<?> resource : resources()) {
            boolean internal = resource.isAnnotationPresent(InternalOnly.class);
            boolean registry = resource.isAnnotationPresent(RegistryBearer.class);
            for (Method m : resource.getDeclaredMethods()) {
                if (VERBS.stream().noneMatch(m::isAnnotationPresent)) continue;
                endpoints++;
                if (internal || registry) continue;
                boolean permission = m.isAnnotationPresent(Requires.class) || resource.isAnnotationPresent(Requires.class);
                if (!permission) missing.add(resource.getSimpleName() + "." + m.getName() + ": no @Requires");
                boolean api = resource.getAnnotation(Path.class).value().startsWith("api");
                if (api && !(resource.isAnnotationPresent(BasicSignIn.class) && resource.isAnnotationPresent(SessionSignIn.class))) {
                    missing.add(resource.getSimpleName() + ": an /api resource without @BasicSignIn @SessionSignIn");
                }
            }
        }
        assertTrue(endpoints > 40, "found only " + endpoints + " endpoints");
        assertEquals(List.of(), missing);
    }

    private static List<Class<?>> resources() throws IOException, URISyntaxException, ClassNotFoundException {
        var root = Paths.get(EndpointBindingTest.class.getClassLoader().getResource("io/wharf/web/WharfApplication.class").toURI()).getParent();
        List<Class<?>> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = "io.wharf.web." + root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, EndpointBindingTest.class.getClassLoader());
                if (c.isAnnotationPresent(Path.class)) found.add(c);
            }
        }
        return found;
    }
}

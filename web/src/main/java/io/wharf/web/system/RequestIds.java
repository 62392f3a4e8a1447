package io.wharf.web.system;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Harbor's {@code X-Request-Id}: a client's id (letters, digits, {@code . _ -}, at most 64) is
 * echoed, otherwise one is made; every answer carries it, the access log writes it (server.xml's
 * {@code %{X-Request-Id}o}), and {@link #current} gives it to log lines written while the request runs.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "X-Request-Id";
    private static final String PROPERTY = RequestIds.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** The id of the request this thread serves, or null outside a request. */
    public static String current() { return CURRENT.get(); }

    @Override
    public void filter(ContainerRequestContext request) {
        String id = request.getHeaderString(HEADER);
        if (id == null || !VALID.matcher(id).matches()) id = UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        CURRENT.set(id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null && !response.getHeaders().containsKey(HEADER)) response.getHeaders().putSingle(HEADER, id);
        CURRENT.remove();
    }
}

package io.wharf.web.security;

import io.wharf.common.WharfException;
import io.wharf.session.Session;
import io.wharf.session.SessionService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Signs in {@code /api} callers from the portal's session cookie when they send no Authorization
 * header (Basic credentials win: this runs after {@link BasicAuthenticationFilter}). A cookie is
 * sent by the browser whoever started the request, so unsafe methods must also carry the session's
 * CSRF token in {@code X-Harbor-CSRF-Token}, which only the portal's own pages can read.
 */
@Provider
@SessionSignIn
@Priority(FilterOrder.SESSION)
public class SessionAuthenticationFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String TOKEN_PROPERTY = "io.wharf.web.security.csrf";

    @Inject SessionService sessions;
    @Inject CallerHolder holder;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) return;
        String id = SessionCookies.sessionId(request);
        if (id == null) return;
        // An expired or unknown session is simply anonymous: the page then asks the user to sign in.
        Optional<Session> session = sessions.resume(id);
        if (session.isEmpty()) return;
        if (!SAFE_METHODS.contains(request.getMethod())
                && !sameToken(request.getHeaderString(SessionCookies.CSRF_HEADER), session.get().csrfToken())) {
            throw WharfException.forbidden("CSRF token invalid: send the " + SessionCookies.CSRF_HEADER
                    + " header with the value of the " + SessionCookies.CSRF + " cookie");
        }
        holder.set(session.get().caller());
        request.setProperty(TOKEN_PROPERTY, session.get().csrfToken());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object token = request.getProperty(TOKEN_PROPERTY);
        if (token != null) response.getHeaders().putSingle(SessionCookies.CSRF_HEADER, token);
        // A Basic challenge would make the browser pop up its own password dialog over the portal.
        // (Only on /api: the registry's Bearer challenge on /v2 is what docker clients follow.)
        if (response.getStatus() == 401 && fromPortal(request)) {
            response.getHeaders().remove("WWW-Authenticate");
        }
    }

    private static boolean fromPortal(ContainerRequestContext request) {
        return SessionCookies.sessionId(request) != null
                || "XMLHttpRequest".equalsIgnoreCase(request.getHeaderString("X-Requested-With"));
    }

    private static boolean sameToken(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}

package io.wharf.web.security;

import io.wharf.project.Permission;
import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import io.wharf.session.Session;
import io.wharf.session.SessionService;
import io.wharf.throttle.SignInGuard;
import io.wharf.throttle.SignInThrottle;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The portal's sign-in and sign-out, at Harbor's paths: {@code POST /c/login} with the form fields
 * {@code principal} and {@code password}, {@code GET /c/log_out}.
 */
@Path("c")
@Requires(Permission.ANYONE)
public class SessionResource {
    @Inject SessionService sessions;
    @Inject WharfConfig config;
    @Context UriInfo uri;
    @Context HttpHeaders headers;
    @Context HttpServletRequest servletRequest;
    @Inject SignInGuard guard;

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(@FormParam("principal") String principal, @FormParam("password") String password) {
        // Another site's form must not sign the browser in to an account of the attacker's choosing.
        if (!SameOrigin.allows(headers.getHeaderString("Origin"), headers.getHeaderString("Host"),
                uri.getBaseUri().toString(), config.externalUrl().orElse(null))) {
            throw WharfException.forbidden("sign-in from another site is not allowed");
        }
        if (principal == null || principal.isBlank() || password == null || password.isEmpty()) {
            throw WharfException.badRequest("principal and password are required");
        }
        String username = principal.strip();
        String address = ClientAddress.of(servletRequest);
        SignInThrottle.Verdict verdict = guard.check(username, address);
        if (verdict.retryAfter().isPresent()) return TooManyAttempts.of(verdict);
        Optional<Session> signedIn = sessions.signIn(username, password);
        if (signedIn.isEmpty()) {
            guard.failed(username, address);
            throw WharfException.unauthorized("invalid user name or password");
        }
        guard.succeeded(username, address, verdict);
        Session session = signedIn.get();
        boolean secure = SessionCookies.secure(uri, headers);
        return Response.ok("{}", MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.SET_COOKIE, SessionCookies.session(session.id(), secure))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.csrf(session.csrfToken(), secure))
                .header(SessionCookies.CSRF_HEADER, session.csrfToken())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    @GET
    @Path("log_out")
    @Produces(MediaType.APPLICATION_JSON)
    public Response logOut(@CookieParam(SessionCookies.SESSION) String sessionId) {
        if (sessionId != null) sessions.signOut(sessionId);
        Response.ResponseBuilder r = Response.ok("{}", MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store");
        for (String cookie : SessionCookies.cleared(SessionCookies.secure(uri, headers))) r.header(HttpHeaders.SET_COOKIE, cookie);
        return r.build();
    }
}

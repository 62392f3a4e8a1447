package io.wharf.web.security;

import io.wharf.common.WharfException;
import io.wharf.project.Authenticator;
import io.wharf.project.Caller;
import io.wharf.throttle.SignInGuard;
import io.wharf.throttle.SignInThrottle;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Signs in the caller of {@code /api} and {@code /service/token} from Basic credentials. No
 * credentials means anonymous; wrong credentials are refused outright rather than downgraded.
 * Failed attempts are throttled ({@link SignInGuard}): while a client must wait it gets 429 with
 * {@code Retry-After}, and its password is not even checked.
 */
@Provider
@BasicSignIn
@Priority(FilterOrder.BASIC)
public class BasicAuthenticationFilter implements ContainerRequestFilter {
    @Inject Authenticator authenticator;
    @Inject CallerHolder holder;
    @Inject CredentialCheck checks;
    @Inject SignInGuard guard;
    @Context HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // A workload token (OIDC JWT from a CI system) acting as its bound robot.
            holder.set(checks.bearer(header.substring(7).strip())
                    .orElseThrow(() -> WharfException.unauthorized("invalid token")));
            return;
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return;
        Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
        if (credentials.isEmpty()) throw WharfException.unauthorized("invalid user name or password");
        String username = credentials.get().username();
        String address = ClientAddress.of(servletRequest);
        SignInThrottle.Verdict verdict = guard.check(username, address);
        if (verdict.retryAfter().isPresent()) {
            request.abortWith(TooManyAttempts.of(verdict));
            return;
        }
        Optional<Caller> caller = checks.signIn(username, credentials.get().password());
        if (caller.isEmpty()) {
            guard.failed(username, address);
            throw WharfException.unauthorized("invalid user name or password");
        }
        guard.succeeded(username, address, verdict);
        holder.set(caller.get());
    }
}

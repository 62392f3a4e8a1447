package io.wharf.web.security;

import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Authenticator;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Signs in the caller of {@code /api} and {@code /service/token} from Basic credentials. No
 * credentials means anonymous; wrong credentials are refused outright rather than downgraded.
 */
@Provider
@BasicSignIn
@Priority(FilterOrder.BASIC)
public class BasicAuthenticationFilter implements ContainerRequestFilter {
    @Inject Authenticator authenticator;
    @Inject CallerHolder holder;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return;
        Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
        Caller caller = credentials.flatMap(c -> authenticator.signIn(c.username(), c.password()))
                .orElseThrow(() -> WharfException.unauthorized("invalid user name or password"));
        holder.set(caller);
    }
}

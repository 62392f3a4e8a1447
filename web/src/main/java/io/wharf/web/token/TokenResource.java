package io.wharf.web.token;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import io.wharf.web.security.BasicSignIn;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Authenticator;
import io.wharf.token.IssuedToken;
import io.wharf.token.TokenService;
import io.wharf.web.security.CallerHolder;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The Docker token endpoint. GET is what {@code docker login} and pulls use (Basic credentials or
 * anonymous); POST is the OAuth2 form with password and refresh_token grants.
 */
@Path("service/token")
@Produces(MediaType.APPLICATION_JSON)
// One instance: not built and injected again for every token request (the servlet request is a per-request proxy).
@jakarta.enterprise.context.ApplicationScoped
@BasicSignIn
@Requires(Permission.ANYONE)
public class TokenResource {
    /** Looked up once: {@code Json.create*} searches the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject TokenService tokens;
    @Inject Authenticator authenticator;
    @Inject io.wharf.web.security.CredentialCheck checks;
    /** RFC 8693 token exchange: a workload token for a registry token. */
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    @Inject CallerHolder caller;
    @Inject io.wharf.throttle.SignInGuard guard;
    @jakarta.ws.rs.core.Context jakarta.servlet.http.HttpServletRequest servletRequest;

    @GET
    public Response get(@QueryParam("service") String service, @QueryParam("scope") List<String> scopes,
                        @QueryParam("offline_token") String offlineToken, @QueryParam("client_id") String clientId,
                        @QueryParam("account") String account) {
        Caller who = caller.get();
        // A workload token logs in as "oidc" and acts as the robot it is bound to.
        boolean workload = who.isRobot() && io.wharf.robot.WorkloadIdentity.LOGIN_NAME.equals(account);
        if (account != null && !account.isEmpty() && !who.isAnonymous() && !account.equals(who.username()) && !workload) {
            throw WharfException.badRequest("account does not match the credentials");
        }
        IssuedToken token = tokens.tokenFor(who, service, scopes, "true".equalsIgnoreCase(offlineToken));
        return answer(token, true);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@FormParam("grant_type") String grantType, @FormParam("service") String service,
                         @FormParam("client_id") String clientId, @FormParam("access_type") String accessType,
                         @FormParam("scope") String scope, @FormParam("username") String username,
                         @FormParam("password") String password, @FormParam("refresh_token") String refreshToken,
                         @FormParam("subject_token") String subjectToken) {
        if ((clientId == null || clientId.isBlank()) && !TOKEN_EXCHANGE.equals(grantType)) {
            throw WharfException.badRequest("client_id is required");
        }
        Caller who;
        if ("password".equals(grantType)) {
            if (username == null || username.isEmpty()) throw WharfException.unauthorized("invalid user name or password");
            String address = io.wharf.web.security.ClientAddress.of(servletRequest);
            io.wharf.throttle.SignInThrottle.Verdict verdict = guard.check(username, address);
            if (verdict.retryAfter().isPresent()) return io.wharf.web.security.TooManyAttempts.of(verdict);
            Optional<Caller> signedIn = checks.signIn(username, password);
            if (signedIn.isEmpty()) {
                guard.failed(username, address);
                throw WharfException.unauthorized("invalid user name or password");
            }
            guard.succeeded(username, address, verdict);
            who = signedIn.get();
        } else if (TOKEN_EXCHANGE.equals(grantType)) {
            // A CI system's workload token, exchanged for a registry token of the robot it is bound to.
            who = checks.bearer(subjectToken).orElseThrow(() -> WharfException.unauthorized("invalid token"));
        } else if ("refresh_token".equals(grantType)) {
            who = tokens.callerFromRefreshToken(refreshToken);
        } else {
            throw WharfException.badRequest("grant_type must be password, refresh_token or " + TOKEN_EXCHANGE);
        }
        boolean offline = "offline".equals(accessType);
        IssuedToken token = tokens.tokenFor(who, service, scope == null ? List.of() : List.of(scope), offline);
        if ("refresh_token".equals(grantType)) token = token.withRefreshToken(refreshToken);
        return answer(token, false);
    }

    private static Response answer(IssuedToken token, boolean legacyField) {
        JsonObjectBuilder body = JSON.createObjectBuilder();
        if (legacyField) body.add("token", token.token());
        body.add("access_token", token.token())
                .add("expires_in", token.expiresIn())
                .add("issued_at", token.issuedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        if (token.refreshToken() != null) body.add("refresh_token", token.refreshToken());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoTransform(false);
        return Response.ok(body.build().toString()).cacheControl(noStore).build();
    }
}

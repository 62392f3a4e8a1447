package io.wharf.token;

import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import io.wharf.project.AccessCache;
import io.wharf.project.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The token endpoint's logic: who is asking, what they may have, and the signed answer. A plain
 * CDI bean, not an EJB: it writes nothing, and it runs on every pull and push.
 */
@ApplicationScoped
public class TokenService {
    /** The subject of the tokens Wharf mints for its own calls to the registry. */
    public static final String SERVICE_SUBJECT = io.wharf.registry.ServiceTokens.SUBJECT;

    @Inject AccessCache access;
    @Inject TokenIssuer issuer;
    @Inject TokenVerifier verifier;
    @Inject WharfConfig config;

    /** The token for these scopes, for a caller already authenticated (or anonymous). */
    public IssuedToken tokenFor(Caller caller, String service, List<String> rawScopes, boolean offline) {
        checkService(service);
        List<Scope> scopes;
        try {
            scopes = Scope.parseAll(rawScopes);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest(e.getMessage());
        }
        List<Access> granted = AccessPolicy.grant(caller, scopes, access::allowedActions);
        // A robot's token ends no later than the robot (or the workload token it came with); robots get no refresh token.
        if (caller.isRobot()) return issuer.issue(caller.username(), granted, caller.robot().notAfter());
        IssuedToken token = issuer.issue(caller.username(), granted);
        if (offline && !caller.isAnonymous()) token = token.withRefreshToken(issuer.issueRefresh(caller.username()));
        return token;
    }

    /** The caller a refresh token stands for: the user must still exist. */
    public Caller callerFromRefreshToken(String refreshToken) {
        String username = verifier.verifyRefreshToken(refreshToken)
                .orElseThrow(() -> WharfException.unauthorized("refresh token is not valid"));
        return access.user(username).map(AccessCache.KnownUser::caller)
                .orElseThrow(() -> WharfException.unauthorized("refresh token is not valid"));
    }

    /** A token for Wharf's own calls to the registry (catalog listing, health, manifest reads). */
    public String serviceToken(List<Access> access) {
        return issuer.issue(SERVICE_SUBJECT, access).token();
    }

    private void checkService(String service) {
        if (service != null && !service.isEmpty() && !service.equals(config.tokenService())) {
            throw WharfException.badRequest("unknown service " + service + "; this token service serves "
                    + config.tokenService());
        }
    }
}

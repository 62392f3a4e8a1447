package io.wharf.web.security;

import io.wharf.project.Authenticator;
import io.wharf.project.Caller;
import io.wharf.robot.RobotCredentials;
import io.wharf.robot.WorkloadIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Which check a user name and password go to: a robot's name ({@code robot$...}) to its secret,
 * {@code oidc} with a JWT to workload identity, anything else to the users (their check is
 * unchanged, whatever authentication mode it uses).
 */
@ApplicationScoped
public class CredentialCheck {
    @Inject Authenticator authenticator;
    @Inject RobotCredentials robots;
    @Inject WorkloadIdentity workload;

    public Optional<Caller> signIn(String username, String password) {
        if (RobotCredentials.isRobotName(username)) return robots.signIn(username, password);
        if (WorkloadIdentity.LOGIN_NAME.equals(username) && WorkloadIdentity.looksLikeJwt(password)) {
            return workload.exchange(password);
        }
        return authenticator.signIn(username, password);
    }

    /** A workload token presented as {@code Authorization: Bearer} to the API. */
    public Optional<Caller> bearer(String jwt) {
        return WorkloadIdentity.looksLikeJwt(jwt) ? workload.exchange(jwt) : Optional.empty();
    }
}

package io.wharf.robot;

import io.wharf.project.Caller;
import io.wharf.project.RobotGrants;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Turns a CI system's workload token into the robot it is bound to: the token must verify for a
 * trusted issuer ({@link WorkloadTokenVerifier}) and its claims satisfy one of that issuer's
 * bindings, whose robot is enabled and unexpired. The caller acts with the robot's grants, no
 * longer than the token lives.
 */
@ApplicationScoped
public class WorkloadIdentity {
    /** The user name a client logs in with to present a workload token as its password. */
    public static final String LOGIN_NAME = "oidc";

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Inject RobotCredentials robots;

    @Inject @ConfigProperty(name = "wharf.workload.clock.skew.seconds", defaultValue = "30")
    long clockSkewSeconds;

    @Inject @ConfigProperty(name = "wharf.workload.jwks.cache.seconds", defaultValue = "300")
    long jwksCacheSeconds;

    @Inject @ConfigProperty(name = "wharf.workload.http.timeout.ms", defaultValue = "5000")
    long httpTimeoutMs;

    private WorkloadTokenVerifier verifier;

    @PostConstruct
    void init() {
        verifier = new WorkloadTokenVerifier(Duration.ofSeconds(clockSkewSeconds), Duration.ofSeconds(jwksCacheSeconds),
                Duration.ofMillis(httpTimeoutMs));
    }

    /** Whether a string looks like a JWT (three base64url parts), so that a Bearer header is worth checking. */
    public static boolean looksLikeJwt(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    public Optional<Caller> exchange(String jwt) {
        Optional<JwtClaims> claims = verifier.verify(jwt, iss -> em.createNamedQuery("TrustedIssuer.byIssuer", TrustedIssuer.class)
                .setParameter("issuer", iss).getResultStream().findFirst()
                .map(i -> new WorkloadTokenVerifier.IssuerSettings(i.getIssuer(), i.getJwksUrl(), i.getPublicKeyPem(), i.getAudience())));
        if (claims.isEmpty()) return Optional.empty();
        try {
            String iss = claims.get().getIssuer();
            Instant expires = Instant.ofEpochSecond(claims.get().getExpirationTime().getValue());
            long issuerId = em.createNamedQuery("TrustedIssuer.byIssuer", TrustedIssuer.class).setParameter("issuer", iss)
                    .getResultStream().findFirst().map(TrustedIssuer::getId).orElse(-1L);
            for (IssuerBinding binding : em.createNamedQuery("IssuerBinding.ofIssuer", IssuerBinding.class)
                    .setParameter("issuer", issuerId).getResultList()) {
                if (!ClaimConditions.matches(claims.get().getClaimsMap(), ClaimConditions.fromJson(binding.getConditions()))) continue;
                Optional<RobotGrants> grants = robots.current(binding.getRobotId());
                if (grants.isPresent()) return Optional.of(Caller.robot(grants.get().notAfter(expires)));
            }
        } catch (MalformedClaimException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    void forgetKeys(String jwksUrl) { verifier.forget(jwksUrl); }
}

package io.wharf.robot;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Permissions;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Administrators register trusted OIDC issuers and bind robots to claim conditions of their tokens. */
@Stateless
public class TrustedIssuerService {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Inject RobotRepository robots;
    @Inject WorkloadIdentity workload;
    @Inject AuditLog audit;

    public record NewIssuer(String issuer, String jwksUrl, String publicKeyPem, String audience) {}

    public List<TrustedIssuer> list(Caller caller) {
        require(caller);
        return em.createNamedQuery("TrustedIssuer.all", TrustedIssuer.class).getResultList();
    }

    public TrustedIssuer create(Caller caller, NewIssuer request) {
        require(caller);
        if (request == null || blank(request.issuer()) || blank(request.audience())) {
            throw WharfException.badRequest("issuer and audience are required");
        }
        if (request.issuer().length() > 1024 || request.audience().length() > 1024) throw WharfException.badRequest("issuer and audience are at most 1024 characters");
        boolean hasUrl = !blank(request.jwksUrl());
        boolean hasPem = !blank(request.publicKeyPem());
        if (hasUrl == hasPem) throw WharfException.badRequest("give either jwks_url or public_key_pem");
        if (hasUrl) {
            try {
                URI uri = URI.create(request.jwksUrl());
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null || request.jwksUrl().length() > 2048) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw WharfException.badRequest("jwks_url must be an http(s) URL");
            }
        } else {
            try {
                WorkloadTokenVerifier.publicKey(request.publicKeyPem());
            } catch (IllegalArgumentException e) {
                throw WharfException.badRequest(e.getMessage());
            }
        }
        if (em.createNamedQuery("TrustedIssuer.byIssuer", TrustedIssuer.class).setParameter("issuer", request.issuer())
                .getResultStream().findFirst().isPresent()) {
            throw WharfException.conflict("issuer " + request.issuer() + " is already trusted");
        }
        TrustedIssuer issuer = new TrustedIssuer(request.issuer(), hasUrl ? request.jwksUrl() : null,
                hasPem ? request.publicKeyPem() : null, request.audience());
        em.persist(issuer);
        em.flush();
        audit.add(new AuditLogEntry(0L, caller.username(), request.issuer(), "trusted_issuer", "create", Instant.now()));
        return issuer;
    }

    public void delete(Caller caller, long id) {
        TrustedIssuer issuer = find(caller, id);
        for (IssuerBinding b : bindings(caller, id)) em.remove(b);
        em.remove(issuer);
        workload.forgetKeys(issuer.getJwksUrl());
        audit.add(new AuditLogEntry(0L, caller.username(), issuer.getIssuer(), "trusted_issuer", "delete", Instant.now()));
    }

    public List<IssuerBinding> bindings(Caller caller, long issuerId) {
        find(caller, issuerId);
        return em.createNamedQuery("IssuerBinding.ofIssuer", IssuerBinding.class).setParameter("issuer", issuerId).getResultList();
    }

    public IssuerBinding bind(Caller caller, long issuerId, Long robotId, Map<String, String> conditions) {
        TrustedIssuer issuer = find(caller, issuerId);
        if (robotId == null) throw WharfException.badRequest("robot_id is required");
        Robot robot = robots.byId(robotId).orElseThrow(() -> WharfException.badRequest("robot " + robotId + " does not exist"));
        if (conditions == null || conditions.isEmpty()) throw WharfException.badRequest("conditions must name at least one claim");
        if (conditions.size() > ClaimConditions.MAX_CONDITIONS) throw WharfException.badRequest("at most " + ClaimConditions.MAX_CONDITIONS + " conditions");
        for (Map.Entry<String, String> c : conditions.entrySet()) {
            if (blank(c.getKey()) || c.getValue() == null || c.getValue().isEmpty() || c.getValue().replace("*", "").isEmpty()) {
                throw WharfException.badRequest("each condition needs a claim name and a value that is not only '*'");
            }
        }
        IssuerBinding binding = new IssuerBinding(issuerId, robotId, ClaimConditions.toJson(conditions));
        em.persist(binding);
        em.flush();
        audit.add(new AuditLogEntry(robot.getProjectId() == null ? 0L : robot.getProjectId(), caller.username(),
                issuer.getIssuer() + " -> " + robot.getFullName(), "issuer_binding", "create", Instant.now()));
        return binding;
    }

    public void unbind(Caller caller, long issuerId, long bindingId) {
        find(caller, issuerId);
        IssuerBinding binding = em.find(IssuerBinding.class, bindingId);
        if (binding == null || binding.getIssuerId() != issuerId) throw WharfException.notFound("binding " + bindingId + " not found");
        em.remove(binding);
    }

    private TrustedIssuer find(Caller caller, long id) {
        require(caller);
        TrustedIssuer issuer = em.find(TrustedIssuer.class, id);
        if (issuer == null) throw WharfException.notFound("trusted issuer " + id + " not found");
        return issuer;
    }

    private static void require(Caller caller) {
        Permissions.require(caller, Permission.TRUSTED_ISSUER_MANAGE, null, null, "manage trusted issuers");
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}

package io.wharf.token;

import io.wharf.config.WharfConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Checks tokens that clients present: only RS256 under one of Wharf's trusted keys (the signing key,
 * and after a rotation the previous one until the rotation is finished), found by the token's
 * {@code kid}; the right issuer and audience, within their lifetime. Anything else (alg none, another
 * key, expired) is refused.
 */
@ApplicationScoped
public class TokenVerifier {
    private static final int CLOCK_SKEW_SECONDS = 30;

    @Inject WharfConfig config;
    @Inject TokenKeys keys;
    @Inject io.wharf.project.Revocations revocations;

    /** What a verified registry token grants. */
    public record Grant(String subject, List<Access> access, long issuedAtMillis) {
        public Grant(String subject, List<Access> access) { this(subject, access, 0); }

        public boolean allows(String type, String name, String action) {
            return access.stream().anyMatch(a -> a.allows(type, name, action));
        }
    }

    /** Grants already verified, by token, until the token expires: a client presents the same token for every request. */
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    static final int MAX_CACHED = 4096;

    private record Verified(Grant grant, long expiresAtMillis, String keyId) {}

    public Optional<Grant> verifyAccessToken(String jwt) {
        long now = System.currentTimeMillis();
        Verified hit = jwt == null ? null : verified.get(jwt);
        if (hit != null) {
            // A key dropped from the trusted set (a finished rotation) takes its tokens' grants with it.
            if (hit.expiresAtMillis() > now && keys.current().trustedKey(hit.keyId()).isPresent()) {
                return Optional.of(hit.grant()).filter(this::current);
            }
            verified.remove(jwt);
        }
        Optional<JwtClaims> claims = claims(jwt, config.tokenService());
        if (claims.isEmpty()) return Optional.empty();
        String keyId = keyId(jwt);
        Grant grant = new Grant(subject(claims.get()), List.copyOf(access(claims.get())), issuedAtMillis(claims.get()));
        long expires = expiry(claims.get());
        if (expires > now) {
            if (verified.size() >= MAX_CACHED) verified.entrySet().removeIf(e -> e.getValue().expiresAtMillis() <= now);
            if (verified.size() >= MAX_CACHED) verified.clear();
            verified.put(jwt, new Verified(grant, expires, keyId));
        }
        return Optional.of(grant).filter(this::current);
    }

    /** Not issued before its user's credentials were revoked (a member removed, a password changed ...). */
    private boolean current(Grant grant) {
        return revocations == null || !revocations.revoked(grant.subject(), grant.issuedAtMillis());
    }

    /** When the token was signed: Wharf's own millisecond claim, else the start of the {@code iat} second. */
    static long issuedAtMillis(JwtClaims claims) {
        try {
            Object ms = claims.getClaimValue(TokenIssuer.ISSUED_MS_CLAIM);
            if (ms instanceof Number n) return n.longValue();
            return claims.getIssuedAt() == null ? 0 : claims.getIssuedAt().getValueInMillis();
        } catch (MalformedClaimException e) {
            return 0;
        }
    }

    private static long expiry(JwtClaims claims) {
        try {
            return claims.getExpirationTime() == null ? 0 : claims.getExpirationTime().getValueInMillis();
        } catch (MalformedClaimException e) {
            return 0;
        }
    }

    /** The subject of a valid refresh token. */
    public Optional<String> verifyRefreshToken(String jwt) {
        return claims(jwt, config.tokenService() + TokenIssuer.REFRESH_AUDIENCE_SUFFIX)
                .filter(c -> revocations == null || !revocations.revoked(subject(c), issuedAtMillis(c)))
                .map(TokenVerifier::subject).filter(s -> !s.isEmpty());
    }

    private Optional<JwtClaims> claims(String jwt, String audience) {
        if (jwt == null || jwt.isEmpty() || jwt.length() > 16_384) return Optional.empty();
        try {
            return Optional.of(consumer(keys.current(), audience).processToClaims(jwt));
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
    }

    /** The key id in a token's header; only called on a token whose signature was just verified. */
    private static String keyId(String jwt) {
        try {
            return JsonWebStructure.fromCompactSerialization(jwt).getKeyIdHeaderValue();
        } catch (JoseException e) {
            return null;
        }
    }

    JwtConsumer consumer(TokenKeySet trusted, String audience) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(config.tokenIssuer())
                .setExpectedAudience(audience)
                .setVerificationKeyResolver((jws, nested) -> trusted.trustedKey(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("the token's key id is not a trusted key's")))
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .build();
    }

    private static String subject(JwtClaims claims) {
        try {
            String sub = claims.getSubject();
            return sub == null ? "" : sub;
        } catch (MalformedClaimException e) {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Access> access(JwtClaims claims) {
        List<Access> result = new ArrayList<>();
        Object raw = claims.getClaimValue("access");
        if (!(raw instanceof List<?> list)) return result;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) continue;
            Object type = m.get("type");
            Object name = m.get("name");
            Object actions = m.get("actions");
            if (type instanceof String t && name instanceof String n && actions instanceof List<?> a) {
                result.add(new Access(t, n, a.stream().filter(String.class::isInstance).map(String.class::cast).toList()));
            }
        }
        return result;
    }
}

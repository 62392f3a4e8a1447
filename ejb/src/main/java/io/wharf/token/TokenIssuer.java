package io.wharf.token;

import io.wharf.config.WharfConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs registry tokens (Docker token spec) and refresh tokens. The header carries both the
 * libtrust {@code kid} and {@code x5c}, the two ways Distribution 2.8 finds a trusted key.
 *
 * <p>An RSA signature is the largest single cost of a token request. A fleet of clients that log
 * in with the same account for the same images asks for identical grants many times a second, so
 * a token signed less than {@code wharf.token.reuse.ms} ago for the same subject and the same
 * granted access is handed out again, with its remaining lifetime. A different grant (a role
 * changed, a member removed) never matches an earlier token.
 */
@ApplicationScoped
public class TokenIssuer {
    /** Refresh tokens are addressed to Wharf itself so the registry never accepts one. */
    public static final String REFRESH_AUDIENCE_SUFFIX = "#refresh";
    /** When the token was signed, in epoch milliseconds: {@code iat} has whole seconds, too coarse to tell a token from a revocation in the same second. */
    public static final String ISSUED_MS_CLAIM = "wharf_iat_ms";

    @Inject WharfConfig config;
    @Inject TokenKeys keys;
    @Inject io.wharf.project.Revocations revocations;

    private static final int MAX_REUSABLE = 4096;
    private final ConcurrentHashMap<String, IssuedToken> recent = new ConcurrentHashMap<>();
    Clock clock = Clock.systemUTC();

    public IssuedToken issue(String subject, List<Access> access) {
        Instant now = clock.instant();
        long ttl = config.tokenExpirationSeconds();
        Duration reuse = config.tokenReuseWindow();
        TokenKeySet signing = keys.current();
        // After a key rotation a grant is signed again with the new key rather than handed out as before.
        String key = reuse.isZero() ? null : signing.keyId() + "\n" + subject + "\n" + access;
        if (key != null) {
            IssuedToken prior = recent.get(key);
            if (prior != null && now.isBefore(prior.issuedAt().plus(reuse))
                    && (revocations == null || !revocations.revoked(subject, prior.issuedAt().toEpochMilli()))) {
                Instant expires = Instant.ofEpochSecond(prior.issuedAt().getEpochSecond() + ttl);
                long left = Duration.between(now, expires).getSeconds();
                return new IssuedToken(prior.token(), left, prior.issuedAt(), prior.access(), null);
            }
        }
        JwtClaims claims = baseClaims(subject, config.tokenService(), now, ttl);
        claims.setClaim("access", access.stream().map(Access::toClaim).toList());
        IssuedToken token = new IssuedToken(sign(claims, signing), ttl, now, access, null);
        if (key != null) {
            if (recent.size() >= MAX_REUSABLE) recent.clear();
            recent.put(key, token);
        }
        return token;
    }

    /**
     * A token that expires no later than {@code notAfter} (null: the usual lifetime). Never reused:
     * its lifetime is its own.
     */
    public IssuedToken issue(String subject, List<Access> access, Instant notAfter) {
        if (notAfter == null) return issue(subject, access);
        Instant now = clock.instant();
        long ttl = Math.min(config.tokenExpirationSeconds(), notAfter.getEpochSecond() - now.getEpochSecond());
        if (ttl <= 0) throw io.wharf.common.WharfException.unauthorized("the credentials have expired");
        JwtClaims claims = baseClaims(subject, config.tokenService(), now, ttl);
        claims.setClaim("access", access.stream().map(Access::toClaim).toList());
        return new IssuedToken(sign(claims, keys.current()), ttl, now, access, null);
    }

    public String issueRefresh(String subject) {
        Instant now = clock.instant();
        JwtClaims claims = baseClaims(subject, config.tokenService() + REFRESH_AUDIENCE_SUFFIX, now,
                config.refreshTokenExpirationSeconds());
        return sign(claims, keys.current());
    }

    private JwtClaims baseClaims(String subject, String audience, Instant now, long ttlSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.tokenIssuer());
        claims.setSubject(subject == null ? "" : subject);
        claims.setAudience(audience);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + ttlSeconds));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim(ISSUED_MS_CLAIM, now.toEpochMilli());
        return claims;
    }

    private static String sign(JwtClaims claims, TokenKeySet signing) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signing.privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(signing.keyId());
        jws.setCertificateChainHeaderValue(signing.certificate());
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}

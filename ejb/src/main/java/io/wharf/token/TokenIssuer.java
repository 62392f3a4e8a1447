package io.wharf.token;

import io.wharf.config.WharfConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs registry tokens (Docker token spec) and refresh tokens. The header carries both the
 * libtrust {@code kid} and {@code x5c}, the two ways Distribution 2.8 finds a trusted key.
 */
@ApplicationScoped
public class TokenIssuer {
    /** Refresh tokens are addressed to Wharf itself so the registry never accepts one. */
    public static final String REFRESH_AUDIENCE_SUFFIX = "#refresh";

    @Inject WharfConfig config;
    @Inject TokenKeys keys;

    public IssuedToken issue(String subject, List<Access> access) {
        Instant now = Instant.now();
        long ttl = config.tokenExpirationSeconds();
        JwtClaims claims = baseClaims(subject, config.tokenService(), now, ttl);
        claims.setClaim("access", access.stream().map(Access::toClaim).toList());
        return new IssuedToken(sign(claims), ttl, now, access, null);
    }

    public String issueRefresh(String subject) {
        Instant now = Instant.now();
        JwtClaims claims = baseClaims(subject, config.tokenService() + REFRESH_AUDIENCE_SUFFIX, now,
                config.refreshTokenExpirationSeconds());
        return sign(claims);
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
        return claims;
    }

    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.privateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(keys.keyId());
        jws.setCertificateChainHeaderValue(keys.certificate());
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}

package io.wharf.robot;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Verifies a workload token (a CI system's OIDC JWT) against the issuer it names: signature with
 * RS256, ES256 or PS256 only (never {@code none} or an HMAC), by the issuer's PEM key or a key of
 * its JWKS (fetched, cached, and fetched again when a token names a key id it has not seen: key
 * rotation); {@code iss}; {@code aud}; {@code exp} required and {@code nbf} checked with a small
 * clock skew. Every failure is the same empty answer: the caller says 401 and nothing more.
 */
public final class WorkloadTokenVerifier {
    private static final Logger LOG = Logger.getLogger(WorkloadTokenVerifier.class.getName());
    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final int MAX_CACHED_ISSUERS = 100;
    private static final AlgorithmConstraints ASYMMETRIC_ONLY = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA256);

    /** How Wharf knows one issuer's keys and what its tokens must say. */
    public record IssuerSettings(String issuer, String jwksUrl, String publicKeyPem, String audience) {}

    private final Duration clockSkew;
    private final Duration jwksCache;
    private final Duration httpTimeout;
    private final Map<String, HttpsJwks> jwks = new ConcurrentHashMap<>();

    public WorkloadTokenVerifier(Duration clockSkew, Duration jwksCache, Duration httpTimeout) {
        this.clockSkew = clockSkew;
        this.jwksCache = jwksCache;
        this.httpTimeout = httpTimeout;
    }

    /** The token's claims when it is valid for an issuer that {@code issuers} knows, else empty. */
    public Optional<JwtClaims> verify(String jwt, Function<String, Optional<IssuerSettings>> issuers) {
        if (jwt == null || jwt.isEmpty() || jwt.length() > MAX_TOKEN_CHARS) return Optional.empty();
        try {
            // First only read the issuer the token names, to know whose keys to check it with.
            JwtContext unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(jwt);
            String iss = unverified.getJwtClaims().getIssuer();
            if (iss == null) return Optional.empty();
            Optional<IssuerSettings> settings = issuers.apply(iss);
            if (settings.isEmpty()) return Optional.empty();
            return Optional.of(consumer(settings.get()).processToClaims(jwt));
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException | RuntimeException e) {
            LOG.log(Level.FINE, "workload token refused", e);
            return Optional.empty();
        }
    }

    private JwtConsumer consumer(IssuerSettings settings) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) clockSkew.toSeconds())
                .setExpectedIssuer(settings.issuer())
                .setExpectedAudience(settings.audience())
                .setJwsAlgorithmConstraints(ASYMMETRIC_ONLY);
        if (settings.publicKeyPem() != null && !settings.publicKeyPem().isBlank()) {
            builder.setVerificationKey(publicKey(settings.publicKeyPem()));
        } else {
            builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keysAt(settings.jwksUrl())));
        }
        return builder.build();
    }

    /** One JWKS cache per URL; jose4j's resolver fetches it again when a token names an unknown key id. */
    private HttpsJwks keysAt(String url) {
        if (jwks.size() > MAX_CACHED_ISSUERS) jwks.clear();
        return jwks.computeIfAbsent(url, u -> {
            HttpsJwks keys = new HttpsJwks(u);
            keys.setDefaultCacheDuration(jwksCache.toSeconds());
            keys.setRefreshReprieveThreshold(300);
            Get get = new Get();
            get.setConnectTimeout((int) httpTimeout.toMillis());
            get.setReadTimeout((int) httpTimeout.toMillis());
            get.setResponseBodySizeLimit(256 * 1024);
            keys.setSimpleHttpGet(get);
            return keys;
        });
    }

    /** Forgets the keys fetched for a JWKS URL (its issuer was changed or removed). */
    public void forget(String jwksUrl) {
        if (jwksUrl != null) jwks.remove(jwksUrl);
    }

    /** An RSA or EC public key in PEM ("BEGIN PUBLIC KEY"); throws IllegalArgumentException otherwise. */
    public static PublicKey publicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM key is not base64");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException("the PEM key is not an RSA or EC public key");
    }
}

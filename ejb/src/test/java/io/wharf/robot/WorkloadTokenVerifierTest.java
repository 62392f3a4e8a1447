package io.wharf.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a workload token must be refused, and key rotation, against an issuer whose JWKS a
 * JDK HTTP server serves on a port of the system's choosing ({@code test.jwks.port} to fix one).
 * Tokens are minted here with jose4j.
 */
class WorkloadTokenVerifierTest {
    private static final String AUD = "wharf";
    private static HttpServer server;
    private static final AtomicReference<String> JWKS = new AtomicReference<>("{\"keys\":[]}");
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static String iss;
    private static PublicJsonWebKey rsa;

    private final WorkloadTokenVerifier verifier = new WorkloadTokenVerifier(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(5));

    @BeforeAll
    static void startIssuer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("test.jwks.port", 0)), 0);
        server.createContext("/jwks", exchange -> {
            FETCHES.incrementAndGet();
            byte[] body = JWKS.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        iss = "http://127.0.0.1:" + server.getAddress().getPort();
        rsa = key("k1");
        JWKS.set(new JsonWebKeySet(rsa).toJson());
    }

    @AfterAll
    static void stopIssuer() { server.stop(0); }

    private static PublicJsonWebKey key(String kid) throws Exception {
        PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    private Function<String, Optional<WorkloadTokenVerifier.IssuerSettings>> issuers() {
        return name -> name.equals(iss) ? Optional.of(new WorkloadTokenVerifier.IssuerSettings(iss, iss + "/jwks", null, AUD)) : Optional.empty();
    }

    private static JwtClaims claims(String issuer, String aud, long expiresInSeconds) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setAudience(aud);
        c.setSubject("repo:acme/shop:ref:refs/heads/main");
        c.setIssuedAtToNow();
        c.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + expiresInSeconds));
        return c;
    }

    private static String sign(JwtClaims claims, java.security.Key key, String kid, String alg) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        if (kid != null) jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(alg);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private boolean accepted(String jwt) { return verifier.verify(jwt, issuers()).isPresent(); }

    @Test
    void aTokenSignedByTheIssuersKeyIsAcceptedWithItsClaims() throws Exception {
        String jwt = sign(claims(iss, AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256);
        assertEquals("repo:acme/shop:ref:refs/heads/main", verifier.verify(jwt, issuers()).orElseThrow().getSubject());
        assertTrue(accepted(sign(claims(iss, AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_PSS_USING_SHA256)));
    }

    @Test
    void keyRotationIsFollowedByFetchingTheJwksAgainForAnUnknownKeyId() throws Exception {
        assertTrue(accepted(sign(claims(iss, AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256)));
        int before = FETCHES.get();
        PublicJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("k2");
        JWKS.set(new JsonWebKeySet(rsa, ec).toJson());
        Thread.sleep(400); // jose4j refetches at most every 300 ms
        assertTrue(accepted(sign(claims(iss, AUD, 300), ec.getPrivateKey(), "k2", AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)));
        assertTrue(FETCHES.get() > before, "the JWKS was fetched again");
        // A known key id is served from the cache.
        int after = FETCHES.get();
        assertTrue(accepted(sign(claims(iss, AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256)));
        assertEquals(after, FETCHES.get());
    }

    @Test
    void everyAttackIsRefused() throws Exception {
        PublicJsonWebKey stranger = key("k1");
        assertRefused(sign(claims(iss, AUD, 300), stranger.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "key not in the JWKS");
        assertRefused(sign(claims(iss, AUD, 300), stranger.getPrivateKey(), "k9", AlgorithmIdentifiers.RSA_USING_SHA256), "unknown key id");
        assertRefused(sign(claims(iss, "someone-else", 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "wrong aud");
        assertRefused(sign(claims(iss, AUD, -60), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "expired beyond the skew");
        assertRefused(sign(claims("https://evil.example", AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "unknown issuer");
        JwtClaims notYet = claims(iss, AUD, 600);
        notYet.setNotBefore(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 300));
        assertRefused(sign(notYet, rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "not valid yet");
        JwtClaims noExp = claims(iss, AUD, 300);
        noExp.unsetClaim("exp");
        assertRefused(sign(noExp, rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "no exp");
        assertRefused(sign(claims(iss, AUD, 300), new HmacKey(rsa.getPublicKey().getEncoded()), "k1", AlgorithmIdentifiers.HMAC_SHA256), "HS256 with the public key");
        assertRefused(sign(claims(iss, AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA512), "RS512 is not allowed");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims(iss, AUD, 300).toJson().getBytes(StandardCharsets.UTF_8)) + ".";
        assertRefused(none, "alg none");
        String good = sign(claims(iss, AUD, 300), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + b64.encodeToString(claims(iss, AUD, 300000).toJson().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(tampered, "claims changed after signing");
        assertRefused("not.a.jwt", "garbage");
    }

    @Test
    void theClockSkewForgivesAFewSecondsEitherWayAndNoMore() throws Exception {
        assertTrue(accepted(sign(issuedAMinuteAgo(claims(iss, AUD, -10)), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256)),
                "expired 10 s ago, within the 30 s skew");
        assertRefused(sign(issuedAMinuteAgo(claims(iss, AUD, -31)), rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "expired 31 s ago");
        JwtClaims soon = claims(iss, AUD, 600);
        soon.setNotBefore(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 10));
        assertTrue(accepted(sign(soon, rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256)), "valid in 10 s, within the skew");
        JwtClaims later = claims(iss, AUD, 600);
        later.setNotBefore(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 45));
        assertRefused(sign(later, rsa.getPrivateKey(), "k1", AlgorithmIdentifiers.RSA_USING_SHA256), "valid in 45 s");
    }

    /** A token that ends before it was issued is refused on that alone: issue it earlier. */
    private static JwtClaims issuedAMinuteAgo(JwtClaims c) {
        c.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 60));
        return c;
    }

    @Test
    void everyHmacIsRefusedWhateverItIsKeyedWith() throws Exception {
        byte[] publicKey = rsa.getPublicKey().getEncoded();
        String jwksJson = new JsonWebKeySet(rsa).toJson();
        for (String alg : new String[] {AlgorithmIdentifiers.HMAC_SHA256, AlgorithmIdentifiers.HMAC_SHA384, AlgorithmIdentifiers.HMAC_SHA512}) {
            assertRefused(sign(claims(iss, AUD, 300), new HmacKey(publicKey), "k1", alg), alg + " keyed with the public key");
            assertRefused(sign(claims(iss, AUD, 300), new HmacKey(jwksJson.getBytes(StandardCharsets.UTF_8)), "k1", alg), alg + " keyed with the JWKS");
        }
        // The same confusion against an issuer known by its PEM key: the PEM text is public too.
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKey) + "\n-----END PUBLIC KEY-----\n";
        Function<String, Optional<WorkloadTokenVerifier.IssuerSettings>> pemIssuer = name -> Optional.of(
                new WorkloadTokenVerifier.IssuerSettings("https://ci.example", null, pem, AUD));
        for (byte[] secret : new byte[][] {publicKey, pem.getBytes(StandardCharsets.UTF_8)}) {
            assertTrue(verifier.verify(sign(claims("https://ci.example", AUD, 300), new HmacKey(secret), null, AlgorithmIdentifiers.HMAC_SHA256),
                    pemIssuer).isEmpty(), "HS256 keyed with the PEM issuer's public key");
        }
    }

    @Test
    void anEs256KeyOfTheIssuerIsAcceptedAndAnotherCurveIsNot() throws Exception {
        PublicJsonWebKey p256 = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        p256.setKeyId("e1");
        PublicJsonWebKey p384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
        p384.setKeyId("e2");
        JWKS.set(new JsonWebKeySet(rsa, p256, p384).toJson());
        Thread.sleep(400);
        assertTrue(accepted(sign(claims(iss, AUD, 300), p256.getPrivateKey(), "e1", AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)));
        assertRefused(sign(claims(iss, AUD, 300), p384.getPrivateKey(), "e2", AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384), "ES384 is not allowed");
    }

    @Test
    void aPemKeyStandsInForTheJwks() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        Function<String, Optional<WorkloadTokenVerifier.IssuerSettings>> pemIssuer = name -> Optional.of(
                new WorkloadTokenVerifier.IssuerSettings("https://ci.example", null, pem, AUD));
        assertTrue(verifier.verify(sign(claims("https://ci.example", AUD, 300), rsa.getPrivateKey(), null, AlgorithmIdentifiers.RSA_USING_SHA256), pemIssuer).isPresent());
        assertTrue(verifier.verify(sign(claims("https://ci.example", AUD, 300), key("x").getPrivateKey(), null, AlgorithmIdentifiers.RSA_USING_SHA256), pemIssuer).isEmpty());
    }

    private void assertRefused(String jwt, String why) {
        assertTrue(verifier.verify(jwt, issuers()).isEmpty(), why);
    }
}

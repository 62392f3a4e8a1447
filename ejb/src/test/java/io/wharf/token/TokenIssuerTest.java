package io.wharf.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
    private static final List<Access> PUSH_PULL = List.of(new Access("repository", "hpc/app", List.of("pull", "push")));

    @Test
    void tokenCarriesWhatDistributionNeeds() throws Exception {
        IssuedToken token = TestConfigs.issuer("token-test", 300).issue("alice", PUSH_PULL);
        String[] parts = token.token().split("\\.");
        var header = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        var claims = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals("RS256", header.get("alg"));
        assertEquals("F2ZK:OC7Y:CRKN:NATT:X4MM:RREJ:R5WA:MAES:64BR:23JA:IIDV:MRCV", header.get("kid"));
        assertEquals(1, ((List<?>) header.get("x5c")).size());
        assertEquals("wharf-token-issuer", claims.get("iss"));
        assertEquals("wharf-registry", claims.get("aud"));
        assertEquals("alice", claims.get("sub"));
        long iat = ((Number) claims.get("iat")).longValue();
        assertEquals(iat + 300, ((Number) claims.get("exp")).longValue());
        assertTrue(claims.containsKey("nbf") && claims.containsKey("jti"));
        assertEquals(List.of(PUSH_PULL.get(0).toClaim()), claims.get("access"));
        assertEquals(300, token.expiresIn());
    }

    @Test
    void verifierReadsBackTheGrant() {
        IssuedToken token = TestConfigs.issuer("token-test", 300).issue("alice", PUSH_PULL);
        TokenVerifier.Grant grant = TestConfigs.verifier().verifyAccessToken(token.token()).orElseThrow();
        assertEquals("alice", grant.subject());
        assertTrue(grant.allows("repository", "hpc/app", "push"));
        assertFalse(grant.allows("repository", "hpc/app", "delete"));
        assertFalse(grant.allows("repository", "hpc/other", "pull"));
    }

    @Test
    void aVerifiedTokenIsRememberedButAnAlteredCopyIsStillChecked() {
        TokenVerifier verifier = TestConfigs.verifier();
        String token = TestConfigs.issuer("token-test", 300).issue("alice", PUSH_PULL).token();
        assertEquals(verifier.verifyAccessToken(token), verifier.verifyAccessToken(token));
        String[] parts = token.split("\\.");
        String widened = parts[0] + "." + b64(new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"alice\"", "\"admin\"")) + "." + parts[2];
        assertEquals(Optional.empty(), verifier.verifyAccessToken(widened), "the signature no longer matches");
        assertEquals(Optional.empty(), verifier.verifyAccessToken(token + "x"));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        IssuedToken forged = TestConfigs.issuer("forger", 300).issue("admin", PUSH_PULL);
        assertEquals(Optional.empty(), TestConfigs.verifier().verifyAccessToken(forged.token()));
    }

    @Test
    void unsignedTokenIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        long now = System.currentTimeMillis() / 1000;
        String claims = b64("{\"iss\":\"wharf-token-issuer\",\"aud\":\"wharf-registry\",\"sub\":\"admin\",\"exp\":"
                + (now + 300) + ",\"access\":[{\"type\":\"repository\",\"name\":\"hpc/app\",\"actions\":[\"push\"]}]}");
        assertEquals(Optional.empty(), TestConfigs.verifier().verifyAccessToken(header + "." + claims + "."));
    }

    @Test
    void expiredTokenIsRefused() {
        IssuedToken expired = TestConfigs.issuer("token-test", -120).issue("alice", PUSH_PULL);
        assertEquals(Optional.empty(), TestConfigs.verifier().verifyAccessToken(expired.token()));
    }

    @Test
    void refreshTokenIsNotAnAccessTokenAndViceVersa() {
        TokenIssuer issuer = TestConfigs.issuer("token-test", 300);
        TokenVerifier verifier = TestConfigs.verifier();
        String refresh = issuer.issueRefresh("alice");
        assertEquals(Optional.empty(), verifier.verifyAccessToken(refresh));
        assertEquals(Optional.of("alice"), verifier.verifyRefreshToken(refresh));
        assertEquals(Optional.empty(), verifier.verifyRefreshToken(issuer.issue("alice", PUSH_PULL).token()));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        TokenIssuer issuer = TestConfigs.issuer("token-test", 300);
        io.wharf.config.WharfConfig base = issuer.config;
        issuer.config = new io.wharf.config.WharfConfig() {
            @Override public String tokenService() { return "some-other-registry"; }
            @Override public String tokenIssuer() { return base.tokenIssuer(); }
            @Override public long tokenExpirationSeconds() { return 300; }
        };
        assertEquals(Optional.empty(), TestConfigs.verifier().verifyAccessToken(issuer.issue("alice", PUSH_PULL).token()));
    }

    @Test
    void garbageIsRefused() {
        TokenVerifier verifier = TestConfigs.verifier();
        for (String bad : List.of("", "abc", "a.b.c", "x".repeat(20_000))) {
            assertEquals(Optional.empty(), verifier.verifyAccessToken(bad));
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIdenticalGrantWithinTheReuseWindowGetsTheSameTokenWithItsRemainingLifetime() {
        TokenIssuer issuer = TestConfigs.issuer("token-test", 300, java.time.Duration.ofSeconds(2));
        java.time.Instant t0 = java.time.Instant.parse("2026-11-28T12:00:00.200Z");
        issuer.clock = java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC);
        IssuedToken first = issuer.issue("alice", PUSH_PULL);

        issuer.clock = java.time.Clock.fixed(t0.plusMillis(1900), java.time.ZoneOffset.UTC);
        IssuedToken again = issuer.issue("alice", PUSH_PULL);
        assertEquals(first.token(), again.token());
        assertEquals(297, again.expiresIn(), "the whole seconds left until exp (12:05:00), not a fresh lifetime");
        assertEquals(first.issuedAt(), again.issuedAt());

        List<Access> pullOnly = List.of(new Access("repository", "hpc/app", List.of("pull")));
        assertFalse(issuer.issue("alice", pullOnly).token().equals(first.token()), "another grant, another token");
        assertFalse(issuer.issue("bob", PUSH_PULL).token().equals(first.token()), "another user, another token");

        issuer.clock = java.time.Clock.fixed(t0.plusMillis(2000), java.time.ZoneOffset.UTC);
        IssuedToken later = issuer.issue("alice", PUSH_PULL);
        assertFalse(later.token().equals(first.token()), "a new token once the window has passed");
        assertEquals(300, later.expiresIn());
    }

    @Test
    void withoutAReuseWindowEveryRequestIsSignedAfresh() {
        TokenIssuer issuer = TestConfigs.issuer("token-test", 300);
        assertFalse(issuer.issue("alice", PUSH_PULL).token().equals(issuer.issue("alice", PUSH_PULL).token()));
    }
}

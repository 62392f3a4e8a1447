package io.wharf.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.config.WharfConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation as bin/wharf rotate-token-key does it to running servers: files moved into place under
 * them, the previous certificate kept in token-bundle.crt until the rotation is finished. The key pairs
 * are the test resources token-test (the one in use) and forger (the new one).
 */
class TokenKeyRotationTest {
    private static final String OLD_KID = "F2ZK:OC7Y:CRKN:NATT:X4MM:RREJ:R5WA:MAES:64BR:23JA:IIDV:MRCV";
    private static final List<Access> PULL = List.of(new Access("repository", "hpc/app", List.of("pull")));
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir Path secret;
    private TokenKeys keys;
    private TokenIssuer issuer;
    private TokenVerifier verifier;
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach
    void installTheFirstKey() throws IOException {
        place("token-test.key", "token.key");
        place("token-test.crt", "token.crt");
        place("token-test.crt", "token-bundle.crt");
        WharfConfig config = config(secret, Duration.ofSeconds(2));
        keys = new TokenKeys();
        keys.config = config;
        keys.clock = Clock.fixed(T0, ZoneOffset.UTC);
        keys.load();
        issuer = new TokenIssuer();
        issuer.config = config;
        issuer.keys = keys;
        verifier = new TokenVerifier();
        verifier.config = config;
        verifier.keys = keys;
        Logger.getLogger(TokenKeys.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(TokenKeys.class.getName()).removeHandler(capture);
    }

    @Test
    void aRotatedKeyIsUsedOnceTheFilesAreLookedAtAgainAndTheOldTokensStillVerify() throws Exception {
        String before = issuer.issue("alice", PULL).token();
        assertEquals(OLD_KID, kid(before));
        rotate();

        String sameSecond = issuer.issue("bob", PULL).token();
        assertEquals(OLD_KID, kid(sameSecond), "the files are looked at no more than once a second");

        at(T0.plusMillis(1000));
        String after = issuer.issue("alice", PULL).token();
        assertNotEquals(OLD_KID, kid(after), "the new key signs, even a grant signed by the old key a moment ago");
        assertEquals(LibtrustKeyId.of(TokenKeyFiles.readCertificate(secret.resolve("token.crt")).getPublicKey()), kid(after));
        assertEquals("alice", verifier.verifyAccessToken(after).orElseThrow().subject());
        assertEquals("alice", verifier.verifyAccessToken(before).orElseThrow().subject(), "the old key is still in the bundle");
        assertTrue(warnings.isEmpty(), () -> "no warning for a rotation: " + warnings);
    }

    @Test
    void onceTheOldCertificateLeavesTheBundleItsTokensAreRefusedEvenIfVerifiedBefore() throws Exception {
        String before = issuer.issue("alice", PULL).token();
        String refresh = issuer.issueRefresh("alice");
        rotate();
        at(T0.plusMillis(1000));
        assertTrue(verifier.verifyAccessToken(before).isPresent());
        assertEquals(Optional.of("alice"), verifier.verifyRefreshToken(refresh));

        place("forger.crt", "token-bundle.crt");
        at(T0.plusMillis(2000));
        assertEquals(Optional.empty(), verifier.verifyAccessToken(before), "a remembered grant goes with its key");
        assertEquals(Optional.empty(), verifier.verifyRefreshToken(refresh));
        assertTrue(verifier.verifyAccessToken(issuer.issue("alice", PULL).token()).isPresent());
    }

    @Test
    void aHalfWrittenKeyLeavesTheOldKeyInUseWithOneWarning() throws Exception {
        String whole = Files.readString(TestConfigs.resource("forger.key"), StandardCharsets.US_ASCII);
        Files.writeString(secret.resolve("token.key"), whole.substring(0, whole.length() / 2));
        at(T0.plusMillis(1000));
        String token = issuer.issue("alice", PULL).token();
        assertEquals(OLD_KID, kid(token));
        assertTrue(verifier.verifyAccessToken(token).isPresent());
        at(T0.plusMillis(2000));
        issuer.issue("bob", PULL);
        assertEquals(1, warnings.size(), () -> "one warning while the files stay as they are: " + warnings);
        assertTrue(warnings.get(0).getMessage().contains(OLD_KID), warnings.get(0).getMessage());
        assertTrue(!warnings.get(0).getMessage().contains("MII"), "no key material in the log");

        rotate();
        at(T0.plusMillis(3000));
        assertNotEquals(OLD_KID, kid(issuer.issue("alice", PULL).token()), "the completed files are taken");
    }

    @Test
    void aNewKeyWhoseCertificateIsNotYetInPlaceIsNotUsed() throws Exception {
        place("forger.key", "token.key");
        at(T0.plusMillis(1000));
        assertEquals(OLD_KID, kid(issuer.issue("alice", PULL).token()), "never a key with another key's id");
        place("forger.crt", "token.crt");
        at(T0.plusMillis(2000));
        String token = issuer.issue("alice", PULL).token();
        assertNotEquals(OLD_KID, kid(token));
        assertTrue(verifier.verifyAccessToken(token).isPresent(), "the signing certificate is trusted even outside the bundle");
    }

    @Test
    void withoutABundleOnlyTheSigningCertificateIsTrusted() throws Exception {
        Files.delete(secret.resolve("token-bundle.crt"));
        at(T0.plusMillis(1000));
        assertEquals(1, keys.current().trusted().size());
        assertEquals(OLD_KID, kid(issuer.issue("alice", PULL).token()));
    }

    @Test
    void aBundleWithSeveralCertificatesTrustsEachByKeyId() throws Exception {
        Path bundle = secret.resolve("token-bundle.crt");
        Files.writeString(bundle, Files.readString(TestConfigs.resource("forger.crt")) + Files.readString(TestConfigs.resource("token-test.crt")));
        at(T0.plusMillis(1000));
        assertEquals(2, keys.current().trusted().size());
        assertTrue(keys.current().trustedKey(OLD_KID).isPresent());
    }

    /** What bin/wharf rotate-token-key does: the bundle first, then key and certificate moved into place. */
    private void rotate() throws IOException {
        Path bundle = secret.resolve("token-bundle.crt.new");
        Files.writeString(bundle, Files.readString(TestConfigs.resource("forger.crt")) + Files.readString(TestConfigs.resource("token-test.crt")));
        Files.move(bundle, secret.resolve("token-bundle.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        place("forger.key", "token.key");
        place("forger.crt", "token.crt");
    }

    private void place(String resource, String name) throws IOException {
        Path tmp = secret.resolve(name + ".new");
        Files.copy(TestConfigs.resource(resource), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, secret.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void at(Instant instant) { keys.clock = Clock.fixed(instant, ZoneOffset.UTC); }

    private static String kid(String jwt) throws Exception {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return (String) JsonUtil.parseJson(header).get("kid");
    }

    private static WharfConfig config(Path secret, Duration reuse) {
        return new WharfConfig() {
            @Override public Duration tokenReuseWindow() { return reuse; }
            @Override public String tokenService() { return "wharf-registry"; }
            @Override public String tokenIssuer() { return "wharf-token-issuer"; }
            @Override public String tokenKeyPath() { return secret.resolve("token.key").toString(); }
            @Override public String tokenCertPath() { return secret.resolve("token.crt").toString(); }
            @Override public long tokenExpirationSeconds() { return 300; }
            @Override public long refreshTokenExpirationSeconds() { return 3600; }
        };
    }
}

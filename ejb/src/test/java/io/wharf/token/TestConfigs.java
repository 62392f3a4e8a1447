package io.wharf.token;

import io.wharf.config.WharfConfig;
import java.nio.file.Path;
import java.time.Duration;

/** A configuration for tests: the test signing key from the test resources and a fixed service name. */
final class TestConfigs {
    private TestConfigs() {}

    static Path resource(String name) {
        try {
            return Path.of(TestConfigs.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static WharfConfig config(String keyName, long ttlSeconds) { return config(keyName, ttlSeconds, Duration.ZERO); }

    static WharfConfig config(String keyName, long ttlSeconds, Duration reuse) {
        return new WharfConfig() {
            @Override public Duration tokenReuseWindow() { return reuse; }
            @Override public String tokenService() { return "wharf-registry"; }
            @Override public String tokenIssuer() { return "wharf-token-issuer"; }
            @Override public String tokenKeyPath() { return resource(keyName + ".key").toString(); }
            @Override public String tokenCertPath() { return resource(keyName + ".crt").toString(); }
            @Override public long tokenExpirationSeconds() { return ttlSeconds; }
            @Override public long refreshTokenExpirationSeconds() { return 3600; }
            @Override public Duration credentialCacheTtl() { return Duration.ofMinutes(5); }
        };
    }

    static TokenKeys keys(WharfConfig config) {
        TokenKeys keys = new TokenKeys();
        keys.config = config;
        keys.load();
        return keys;
    }

    static TokenIssuer issuer(String keyName, long ttlSeconds) { return issuer(keyName, ttlSeconds, Duration.ZERO); }

    static TokenIssuer issuer(String keyName, long ttlSeconds, Duration reuse) {
        TokenIssuer issuer = new TokenIssuer();
        issuer.config = config(keyName, ttlSeconds, reuse);
        issuer.keys = keys(issuer.config);
        return issuer;
    }

    static TokenVerifier verifier() {
        TokenVerifier verifier = new TokenVerifier();
        verifier.config = config("token-test", 300);
        verifier.keys = keys(verifier.config);
        return verifier;
    }
}

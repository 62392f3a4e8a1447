package io.wharf.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The installation's settings. Every one comes from MicroProfile Config, so the same EAR runs under
 * bin/wharf (environment variables such as WHARF_REGISTRY_URL) or in an existing Liberty server
 * (server.xml variables, server.env, bootstrap.properties).
 */
@ApplicationScoped
public class WharfConfig {
    @Inject @ConfigProperty(name = "wharf.external.url")
    Optional<String> externalUrl;

    @Inject @ConfigProperty(name = "wharf.registry.url", defaultValue = "http://127.0.0.1:5000")
    String registryUrl;

    @Inject @ConfigProperty(name = "wharf.registry.connect.timeout.ms", defaultValue = "5000")
    long registryConnectTimeoutMs;

    /** How Wharf reaches itself: loopback on its own HTTP port (the job service no longer calls it). */
    @Inject @ConfigProperty(name = "wharf.core.url", defaultValue = "http://127.0.0.1:8080")
    String coreUrl;

    @Inject @ConfigProperty(name = "wharf.redis.url", defaultValue = "redis://127.0.0.1:6379")
    String redisUrl;

    @Inject @ConfigProperty(name = "wharf.internal.secret")
    Optional<String> internalSecret;

    @Inject @ConfigProperty(name = "wharf.token.service", defaultValue = "wharf-registry")
    String tokenService;

    @Inject @ConfigProperty(name = "wharf.token.issuer", defaultValue = "wharf-token-issuer")
    String tokenIssuer;

    @Inject @ConfigProperty(name = "wharf.token.key", defaultValue = "secret/token.key")
    String tokenKeyPath;

    @Inject @ConfigProperty(name = "wharf.token.cert", defaultValue = "secret/token.crt")
    String tokenCertPath;

    /**
     * The certificates trusted beside the signing one (PEM, several): while a rotation is finished, the
     * previous key's. Unset: token-bundle.crt beside the certificate, if there is one.
     */
    @Inject @ConfigProperty(name = "wharf.token.bundle")
    Optional<String> tokenBundlePath;

    @Inject @ConfigProperty(name = "wharf.token.expiration.seconds", defaultValue = "1800")
    long tokenExpirationSeconds;

    /**
     * For how long an identical request (same user, same granted access) gets the token already
     * signed instead of a new one; 0 signs every time. Capped at a tenth of the token's lifetime.
     */
    @Inject @ConfigProperty(name = "wharf.token.reuse.ms", defaultValue = "2000")
    long tokenReuseMs;

    @Inject @ConfigProperty(name = "wharf.refresh.token.expiration.seconds", defaultValue = "2592000")
    long refreshTokenExpirationSeconds;

    @Inject @ConfigProperty(name = "wharf.admin.password")
    Optional<String> adminPassword;

    @Inject @ConfigProperty(name = "wharf.self.registration", defaultValue = "false")
    boolean selfRegistration;

    @Inject @ConfigProperty(name = "wharf.credential.cache.seconds", defaultValue = "300")
    long credentialCacheSeconds;

    /**
     * How long a server may answer who a user is and which projects they belong to from memory.
     * Changes made through this server apply at once; this bounds how late other servers see them.
     */
    @Inject @ConfigProperty(name = "wharf.access.cache.ms", defaultValue = "5000")
    long accessCacheMs;

    public Optional<String> externalUrl() {
        return externalUrl.map(String::strip).filter(s -> !s.isEmpty()).map(WharfConfig::trimSlash);
    }

    public String registryUrl() { return trimSlash(registryUrl); }
    public Duration registryConnectTimeout() { return Duration.ofMillis(registryConnectTimeoutMs); }
    public String redisUrl() { return redisUrl; }
    public String coreUrl() { return trimSlash(coreUrl); }
    public Optional<String> internalSecret() { return internalSecret.filter(s -> !s.isBlank()); }
    public String tokenService() { return tokenService; }
    public String tokenIssuer() { return tokenIssuer; }
    public String tokenKeyPath() { return tokenKeyPath; }
    public String tokenCertPath() { return tokenCertPath; }
    public Optional<String> tokenBundlePath() {
        return tokenBundlePath == null ? Optional.empty() : tokenBundlePath.map(String::strip).filter(s -> !s.isEmpty());
    }
    public long tokenExpirationSeconds() { return Math.max(60, tokenExpirationSeconds); }
    public Duration tokenReuseWindow() {
        return Duration.ofMillis(Math.max(0, Math.min(tokenReuseMs, tokenExpirationSeconds() * 100)));
    }
    public long refreshTokenExpirationSeconds() { return refreshTokenExpirationSeconds; }
    public Optional<String> adminPassword() { return adminPassword.filter(s -> !s.isBlank()); }
    public boolean selfRegistration() { return selfRegistration; }
    public Duration credentialCacheTtl() { return Duration.ofSeconds(credentialCacheSeconds); }
    public Duration accessCacheTtl() { return Duration.ofMillis(Math.max(0, accessCacheMs)); }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

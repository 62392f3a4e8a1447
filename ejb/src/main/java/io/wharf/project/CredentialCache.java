package io.wharf.project;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recent successful password checks so that a client that logs in for every request
 * (docker does) does not pay the slow KDF each time. Holds no password: only an HMAC of it under a
 * key that lives in this process, tied to the stored hash so a password change voids it at once.
 */
@ApplicationScoped
public class CredentialCache {
    private static final int MAX_ENTRIES = 10_000;

    @Inject
    WharfConfig config;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private byte[] key;
    /** One keyed MAC per thread: looking the algorithm up and keying it cost more than the MAC itself (doFinal resets it). */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private record Entry(byte[] proof, String storedHash, Instant expires) {}

    @PostConstruct
    void init() {
        key = new byte[32];
        new SecureRandom().nextBytes(key);
    }

    public boolean isKnownGood(String username, String password, String storedHash) {
        Entry e = entries.get(username);
        if (e == null) return false;
        if (e.expires.isBefore(clock.instant()) || !e.storedHash.equals(storedHash)) {
            entries.remove(username, e);
            return false;
        }
        if (!MessageDigest.isEqual(e.proof, proof(username, password))) return false;
        // A user who keeps signing in keeps the entry: no burst of slow checks each time it would expire.
        Instant now = clock.instant();
        if (e.expires.isBefore(now.plus(config.credentialCacheTtl().dividedBy(2)))) {
            entries.replace(username, e, new Entry(e.proof, e.storedHash, now.plus(config.credentialCacheTtl())));
        }
        return true;
    }

    public void remember(String username, String password, String storedHash) {
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> e.expires.isBefore(now));
            if (entries.size() >= MAX_ENTRIES) entries.clear();
        }
        entries.put(username, new Entry(proof(username, password), storedHash,
                clock.instant().plus(config.credentialCacheTtl())));
    }

    public void forget(String username) { entries.remove(username); }

    private byte[] proof(String username, String password) {
        Mac mac = macs.get();
        mac.update(username.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    }
}

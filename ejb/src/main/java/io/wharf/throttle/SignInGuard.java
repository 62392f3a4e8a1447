package io.wharf.throttle;

import io.wharf.audit.AuditLogEntry;
import io.wharf.redis.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The throttle of failed sign-ins as the sign-in paths use it ({@code /c/login}, Basic credentials
 * on {@code /api} and {@code /service/token}). State lives in Redis, so that every server sharing
 * it counts the same failures; while Redis is away each server counts its own. Every lock is
 * written to the audit log (resource type {@code user}, operation {@code lock}).
 */
@ApplicationScoped
public class SignInGuard {
    private static final Logger LOG = Logger.getLogger(SignInGuard.class.getName());
    private static final int MAX_CLEAN = 50_000;

    @Inject RedisConnection redis;
    @Inject LockAudit audit;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    /**
     * How long a pair that signed in with nothing against it is let through without reading the store
     * again (0: read it for every sign-in). Only another server's lock on the pair can be missed meanwhile.
     */
    @Inject @ConfigProperty(name = "wharf.signin.recheck.ms", defaultValue = "1000")
    long recheckMillis;

    /** The verdict of a check answered from {@link CleanPairs} (compared by identity): the store was not read. */
    private static final SignInThrottle.Verdict FROM_MEMORY = new SignInThrottle.Verdict(Optional.empty(), false);

    private SignInThrottle throttle;
    /** (user, address) pairs this server saw succeed with no failure on record: no store writes for them, and no reads for a while. */
    private CleanPairs clean;

    @PostConstruct
    void init() {
        ThrottleSettings settings = ThrottleSettings.from(ConfigProvider.getConfig());
        clean = new CleanPairs(MAX_CLEAN, Duration.ofMillis(Math.max(0, recheckMillis)), System::nanoTime);
        ThrottleStore store = new FallbackStore(() -> new RedisThrottleStore(redis.client(), namespace),
                new MemoryThrottleStore(Clock.systemUTC()));
        throttle = new SignInThrottle(settings, store, Clock.systemUTC(), (user, what) -> {
            try {
                audit.locked(user, what);
            } catch (RuntimeException e) {
                // The lock holds whether or not its audit entry could be written.
                LOG.log(Level.WARNING, "Cannot write the audit entry of a sign-in lock (" + what + ")", e);
            }
        });
    }

    /** How long the client must wait, or empty when it may try now. */
    public SignInThrottle.Verdict check(String username, String address) {
        if (clean.fresh(username + "|" + address)) return FROM_MEMORY;
        return throttle.check(username, address);
    }

    public void failed(String username, String address) {
        clean.forget(username + "|" + address);
        throttle.failed(username, address);
    }

    public void succeeded(String username, String address, SignInThrottle.Verdict verdict) {
        // Answered from memory: the store was not read, so there is nothing new to remember.
        if (verdict == FROM_MEMORY) return;
        String key = username + "|" + address;
        if (verdict.pairFailed() || !clean.known(key)) throttle.succeeded(username, address);
        clean.confirmed(key);
    }

    /** Redis first; the server's own memory while Redis fails. */
    static final class FallbackStore implements ThrottleStore {
        private final java.util.function.Supplier<ThrottleStore> primary;
        private final ThrottleStore local;
        private volatile ThrottleStore redisStore;
        /** After a failure Redis is left alone for a while, so that sign-ins do not each wait for its timeout. */
        private volatile long skipRedisUntil;

        FallbackStore(java.util.function.Supplier<ThrottleStore> primary, ThrottleStore local) {
            this.primary = primary;
            this.local = local;
        }

        private <T> T either(java.util.function.Function<ThrottleStore, T> op) {
            if (System.currentTimeMillis() < skipRedisUntil) return op.apply(local);
            try {
                ThrottleStore r = redisStore;
                if (r == null) redisStore = r = primary.get();
                return op.apply(r);
            } catch (RuntimeException e) {
                skipRedisUntil = System.currentTimeMillis() + 10_000;
                LOG.log(Level.FINE, "Sign-in throttle falls back to this server's memory: " + e.getMessage());
                return op.apply(local);
            }
        }

        @Override public Map<String, Long> read(List<String> keys) { return either(s -> s.read(keys)); }
        @Override public long fail(String key, Duration window) { return either(s -> s.fail(key, window)); }
        @Override public void block(String key, long until, Duration ttl) { either(s -> { s.block(key, until, ttl); return null; }); }
        @Override public void clear(String key) { either(s -> { s.clear(key); return null; }); }
        @Override public boolean known(String user, String address) { return either(s -> s.known(user, address)); }
        @Override public void remember(String user, String address, Duration ttl) { either(s -> { s.remember(user, address, ttl); return null; }); }
    }

    /** Retry-After in whole seconds, at least one. */
    public static long retryAfterSeconds(Optional<Duration> wait) {
        return wait.map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(0L);
    }

    static Instant now() { return Instant.now(); }

    static AuditLogEntry entry(String user, String what) {
        String resource = what.length() > 500 ? what.substring(0, 500) : what;
        // Project 0: the audit log's project column is required, and a lock belongs to no project.
        return new AuditLogEntry(0L, user, resource, "user", "lock", now());
    }
}

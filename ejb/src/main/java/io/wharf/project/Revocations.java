package io.wharf.project;

import io.wharf.redis.RedisConnection;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.client.codec.StringCodec;

/**
 * When a user's earlier credentials stopped counting: removed from a project, role changed,
 * password changed, admin flag taken away, user deleted. Registry and refresh tokens issued before
 * that moment are refused ({@code TokenVerifier}). The moment is kept in Redis for as long as
 * a token can live, so that every server sharing it refuses them; this server knows at once, the
 * others within {@code wharf.revocation.check.ms} (1000 by default). While Redis is away, only the
 * server that made the change knows it.
 */
@ApplicationScoped
public class Revocations {
    private static final Logger LOG = Logger.getLogger(Revocations.class.getName());
    private static final int MAX_CACHED = 10_000;

    private record Known(long revokedAtMillis, long checkedAtNanos) {}

    @Inject RedisConnection redis;
    @Resource TransactionSynchronizationRegistry transactions;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    @Inject @ConfigProperty(name = "wharf.revocation.check.ms", defaultValue = "1000")
    long checkMillis;

    @Inject @ConfigProperty(name = "wharf.refresh.token.expiration.seconds", defaultValue = "2592000")
    long longestTokenSeconds;

    private final Map<String, Known> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    /** After a failure Redis is left alone for a while, so that token checks do not each wait for its timeout. */
    private volatile long skipRedisUntil;

    /** The user's tokens issued until now stop working; again when the current transaction ends, so none issued meanwhile slips through. */
    public void revoke(String username) {
        if (username == null) return;
        record(username);
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override public void beforeCompletion() {}
                @Override public void afterCompletion(int status) { record(username); }
            });
        }
    }

    private void record(String username) {
        long now = System.currentTimeMillis();
        if (local.size() > MAX_CACHED) local.clear();
        local.merge(username, now, Math::max);
        cache.put(username, new Known(now, System.nanoTime()));
        try {
            redis.client().getBucket(key(username), StringCodec.INSTANCE)
                    .set(Long.toString(now), Duration.ofSeconds(longestTokenSeconds + 60));
        } catch (RuntimeException e) {
            skipRedisUntil = System.currentTimeMillis() + 10_000;
            LOG.log(Level.WARNING, "Cannot share the revocation of " + username + "'s tokens through Redis: " + e.getMessage());
        }
    }

    /** Whether a token of this user issued at this moment (epoch ms) no longer counts. */
    public boolean revoked(String username, long issuedAtMillis) {
        if (username == null || username.isEmpty()) return false;
        return issuedAtMillis < revokedAt(username);
    }

    private long revokedAt(String username) {
        long mine = local.getOrDefault(username, 0L);
        Known known = cache.get(username);
        long nowNanos = System.nanoTime();
        if (known == null || nowNanos - known.checkedAtNanos > Duration.ofMillis(checkMillis).toNanos()) {
            long shared = known == null ? 0 : known.revokedAtMillis;
            if (System.currentTimeMillis() >= skipRedisUntil) {
                try {
                    Object value = redis.client().getBucket(key(username), StringCodec.INSTANCE).get();
                    shared = value == null ? 0 : Long.parseLong(value.toString());
                } catch (RuntimeException e) {
                    skipRedisUntil = System.currentTimeMillis() + 10_000;
                }
            }
            if (cache.size() > MAX_CACHED) cache.clear();
            known = new Known(shared, nowNanos);
            cache.put(username, known);
        }
        return Math.max(mine, known.revokedAtMillis);
    }

    private String key(String username) { return namespace + ":revoked:" + username; }
}

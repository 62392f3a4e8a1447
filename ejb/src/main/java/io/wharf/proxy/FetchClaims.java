package io.wharf.proxy;

import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;
import org.redisson.client.codec.StringCodec;

/**
 * Which Wharf server is fetching a blob from the upstream, across the servers sharing Redis: a key
 * {@code wharf:proxy:fetch:<repository>@<digest>} naming the server, set only if absent and kept
 * alive while the fetch lasts (it expires {@link #LEASE} after the last renewal, so a server that
 * dies mid-fetch does not hold it). The other servers' clients wait for the registry's copy
 * instead of asking the upstream again. Without Redis every server fetches for itself (one fetch
 * per blob per server, as within one server).
 */
@ApplicationScoped
public class FetchClaims {
    private static final Logger LOG = Logger.getLogger(FetchClaims.class.getName());
    private static final String PREFIX = "wharf:proxy:fetch:";
    /** How long a claim outlives its last renewal. */
    static final Duration LEASE = Duration.ofSeconds(30);

    /** This server, as its claims name it. */
    private final String self = UUID.randomUUID().toString();

    @Inject RedisConnection redis;

    /** Claims the fetch of {@code key}; false when another server holds it. True when Redis cannot say. */
    public boolean claim(String key) {
        try {
            var bucket = redis.client().<String>getBucket(PREFIX + key, StringCodec.INSTANCE);
            // a claim of this server's own that was not released (Redis did not answer then) is this server's still
            return bucket.setIfAbsent(self, LEASE) || self.equals(bucket.get());
        } catch (RuntimeException e) {
            LOG.fine("Proxy fetch of " + key + " not claimed in Redis (" + e.getMessage() + "): fetched here");
            return true;
        }
    }

    /** Whether some server holds a claim on {@code key}. False when Redis cannot say (the caller then stops waiting). */
    public boolean claimed(String key) {
        try {
            return redis.client().<String>getBucket(PREFIX + key, StringCodec.INSTANCE).isExists();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Extends this server's claim while its fetch goes on. */
    public void renew(String key) {
        try {
            var bucket = redis.client().<String>getBucket(PREFIX + key, StringCodec.INSTANCE);
            if (self.equals(bucket.get())) bucket.expire(LEASE);
        } catch (RuntimeException e) {
            LOG.fine("Proxy fetch claim of " + key + " not renewed: " + e.getMessage());
        }
    }

    /** Ends this server's claim (its fetch is stored or failed). */
    public void release(String key) {
        try {
            redis.client().<String>getBucket(PREFIX + key, StringCodec.INSTANCE).compareAndSet(self, null);
        } catch (RuntimeException e) {
            LOG.fine("Proxy fetch claim of " + key + " not released (it expires): " + e.getMessage());
        }
    }
}

package io.wharf.session;

import io.wharf.common.WharfException;
import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Sessions in Redis, so that every Wharf server sharing the Redis knows every session and a restart
 * signs nobody out. Each entry expires on its own once unused for the session timeout.
 */
@ApplicationScoped
public class SessionStore {
    @Inject RedisConnection redis;

    void put(String key, String value, Duration ttl) {
        try {
            redis.client().getBucket(key, StringCodec.INSTANCE).set(value, ttl);
        } catch (RedisException e) {
            throw WharfException.unavailable("cannot sign in now: the session store (Redis) is not reachable");
        }
    }

    /** The entry, its lifetime renewed; empty when absent, expired, or Redis is unreachable (signed out, in effect). */
    Optional<String> touch(String key, Duration ttl) {
        try {
            var bucket = redis.client().<String>getBucket(key, StringCodec.INSTANCE);
            String value = bucket.get();
            if (value != null) bucket.expire(ttl);
            return Optional.ofNullable(value);
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    void delete(String key) {
        try {
            redis.client().getBucket(key, StringCodec.INSTANCE).delete();
        } catch (RedisException e) {
            // Nothing to undo: the cookie goes anyway and the entry expires by itself.
        }
    }
}

package io.wharf.project;

import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * Tells the other Wharf servers that share Redis that users, projects or memberships changed, so
 * they empty their {@link AccessCache} too instead of waiting for its entries to expire. Best
 * effort: while Redis is away nothing is sent or heard, and the cache's short lifetime bounds how
 * late a change is seen.
 */
@ApplicationScoped
public class AccessChangeBroadcast {
    private static final Logger LOG = Logger.getLogger(AccessChangeBroadcast.class.getName());
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Inject RedisConnection redis;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    /** Tells this server's own messages apart from the others'. */
    private final String origin = UUID.randomUUID().toString();
    /** Whether this server hears the others now (false while Redis is away). */
    private volatile boolean listening;
    /** Whether the listeners were added (once; Redisson keeps them across reconnects). */
    private volatile boolean subscribed;
    private volatile long nextAttempt = System.nanoTime();

    /**
     * Subscribes once {@code onChange} to the other servers' changes and tells whether this server
     * hears them. Cheap to call on every request: it connects to nothing itself (it waits for the
     * application's Redis client to exist) and tries again at most every 30 s after a failure.
     */
    boolean listen(Runnable onChange) {
        // Subscribed once: while Redis is away, Redisson subscribes the same listeners again itself.
        if (listening || subscribed) return listening;
        if (System.nanoTime() - nextAttempt < 0) return false;
        // Until something else on this server has connected to Redis there is nothing to subscribe
        // with; asking again on the next request is free, so only a failed subscription waits.
        RedissonClient client = redis.ifCreated().orElse(null);
        if (client == null) return false;
        synchronized (this) {
            if (listening || subscribed) return listening;
            try {
                RTopic topic = topic(client);
                topic.addListener(new StatusListener() {
                    @Override public void onSubscribe(String channel) {
                        // Also after a reconnect: what was announced meanwhile was not heard.
                        onChange.run();
                        listening = true;
                    }

                    @Override public void onUnsubscribe(String channel) {
                        listening = false;
                    }
                });
                topic.addListener(String.class, (channel, from) -> {
                    if (!origin.equals(from)) onChange.run();
                });
                onChange.run();
                subscribed = true;
                listening = true;
            } catch (RuntimeException e) {
                nextAttempt = System.nanoTime() + RETRY_NANOS;
                LOG.log(Level.FINE, "Cannot listen for access changes yet: " + e.getMessage());
            }
            return listening;
        }
    }

    void publish() {
        redis.ifCreated().ifPresent(client -> {
            try {
                topic(client).publishAsync(origin);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Cannot announce an access change: " + e.getMessage());
            }
        });
    }

    private RTopic topic(RedissonClient client) {
        return client.getTopic(namespace + ":access:changed", StringCodec.INSTANCE);
    }
}

package io.wharf.redis;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * A Redis topic on which every Wharf server announces changes and hears the others', and which knows whether this
 * server hears it now: a cache that relies on the announcements must not answer while they may be missed. Its
 * listeners are added once (Redisson subscribes them again after Redis comes back, and calls them again then, when
 * what was announced meanwhile is lost); a server whose Redis client does not exist yet asks again on its next
 * call, and only a failed subscription waits before the next try.
 */
public final class HeardTopic {
    private static final Logger LOG = Logger.getLogger(HeardTopic.class.getName());
    private static final char SEPARATOR = '\n';

    private final RedisConnection redis;
    private final Supplier<String> name;
    private final long retryNanos;
    /** Tells this server's own announcements apart from the others'. */
    private final String origin = UUID.randomUUID().toString();
    /** Whether this server hears the others now (false while Redis is away). */
    private volatile boolean listening;
    /** Whether the listeners were added. */
    private volatile boolean subscribed;
    private volatile long nextAttempt = System.nanoTime();

    /** {@code name} is read when first needed (the owner's configuration may be injected after it made this). */
    public HeardTopic(RedisConnection redis, Supplier<String> name, Duration retryAfterFailure) {
        this.redis = redis;
        this.name = name;
        this.retryNanos = retryAfterFailure.toNanos();
    }

    /**
     * Whether this server hears the other servers' announcements, subscribing on the first call that can: from then
     * on {@code fromOthers} gets each announcement another server makes, and {@code missedSome} runs at each
     * (re)subscription. Cheap enough for every request; it never connects to Redis itself.
     */
    public boolean listening(Consumer<String> fromOthers, Runnable missedSome) {
        if (listening || subscribed) return listening;
        if (System.nanoTime() - nextAttempt < 0) return false;
        RedissonClient client = redis.ifCreated().orElse(null);
        if (client == null) return false;
        synchronized (this) {
            if (listening || subscribed) return listening;
            try {
                RTopic topic = topic(client);
                topic.addListener(new StatusListener() {
                    @Override public void onSubscribe(String channel) {
                        missedSome.run();
                        listening = true;
                    }

                    @Override public void onUnsubscribe(String channel) {
                        listening = false;
                    }
                });
                topic.addListener(String.class, (channel, message) -> {
                    int cut = message.indexOf(SEPARATOR);
                    // Servers before this class announced the origin alone.
                    String from = cut < 0 ? message : message.substring(0, cut);
                    if (!origin.equals(from)) fromOthers.accept(cut < 0 ? "" : message.substring(cut + 1));
                });
                missedSome.run();
                subscribed = true;
                listening = true;
            } catch (RuntimeException e) {
                nextAttempt = System.nanoTime() + retryNanos;
                LOG.log(Level.FINE, "Cannot listen on " + name.get() + " yet: " + e.getMessage());
            }
            return listening;
        }
    }

    /**
     * Announces {@code payload} to the other servers, without waiting for Redis. With {@code connect}, through a
     * Redis client made for it if none exists yet (a server that stays silent leaves the others' caches stale);
     * without, only through one that exists.
     */
    public void publish(String payload, boolean connect) {
        try {
            RedissonClient client = connect ? redis.client() : redis.ifCreated().orElse(null);
            if (client != null) topic(client).publishAsync(origin + SEPARATOR + payload);
        } catch (RuntimeException e) {
            LOG.log(connect ? Level.WARNING : Level.FINE, "Cannot announce on " + name.get() + ": " + e.getMessage());
        }
    }

    private RTopic topic(RedissonClient client) {
        return client.getTopic(name.get(), StringCodec.INSTANCE);
    }
}

package io.wharf.registry;

import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * Tells every Wharf server sharing Redis that a repository's manifests or tags changed, so that
 * their {@link ManifestCache} stops answering for it within milliseconds. A server that is not
 * subscribed says so ({@link #listening()}) and its cache then answers nothing; when the
 * subscription comes back (after Redis restarts, say) everything cached before is distrusted,
 * since messages sent in between were lost.
 */
@ApplicationScoped
public class ManifestChanges {
    private static final Logger LOG = Logger.getLogger(ManifestChanges.class.getName());
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final char SEPARATOR = '\n';

    @Inject RedisConnection redis;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    /** Tells this server's own messages apart from the others'. */
    private final String origin = UUID.randomUUID().toString();
    private volatile boolean listening;
    private volatile long nextAttempt = System.nanoTime();
    private Consumer<String> onChange = r -> { };
    private Runnable onResubscribe = () -> { };

    void listen(Consumer<String> repositoryChanged, Runnable everythingChanged) {
        this.onChange = repositoryChanged;
        this.onResubscribe = everythingChanged;
    }

    /**
     * Whether this server hears the others' changes. Cheap on every request: the first calls
     * subscribe once the application's Redis client exists, again at most every 5 s after a failure.
     */
    public boolean listening() {
        if (listening) return true;
        if (System.nanoTime() - nextAttempt < 0) return false;
        // Nothing to subscribe with until the application's Redis client exists; that check is free,
        // so only a failed subscription waits before the next try.
        RedissonClient client = redis.ifCreated().orElse(null);
        if (client == null) return false;
        synchronized (this) {
            if (listening || System.nanoTime() - nextAttempt < 0) return listening;
            nextAttempt = System.nanoTime() + RETRY_NANOS;
            subscribe(client);
            return listening;
        }
    }

    private void subscribe(RedissonClient client) {
        try {
            RTopic topic = topic(client);
            topic.addListener(new StatusListener() {
                @Override public void onSubscribe(String channel) {
                    // Also called after a reconnect: what was missed meanwhile is unknown.
                    onResubscribe.run();
                    listening = true;
                }

                @Override public void onUnsubscribe(String channel) {
                    listening = false;
                }
            });
            topic.addListener(String.class, (channel, message) -> {
                int cut = message.indexOf(SEPARATOR);
                if (cut > 0 && !origin.equals(message.substring(0, cut))) onChange.accept(message.substring(cut + 1));
            });
            onResubscribe.run();
            listening = true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cannot listen for manifest changes yet: " + e.getMessage());
        }
    }

    void publish(String repository) {
        try {
            // The client, even if nothing created it yet: a server that stays silent leaves the others stale.
            topic(redis.client()).publishAsync(origin + SEPARATOR + repository);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot announce a change of " + repository + " to the other servers: " + e.getMessage());
        }
    }

    private RTopic topic(RedissonClient client) {
        return client.getTopic(namespace + ":manifests:changed", StringCodec.INSTANCE);
    }
}

package io.wharf.project;

import io.wharf.redis.HeardTopic;
import io.wharf.redis.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells the other Wharf servers that share Redis that users, projects or memberships changed, so
 * they empty their {@link AccessCache} too instead of waiting for its entries to expire. While a
 * server does not hear the others (Redis away), {@link AccessCache} reads the database instead.
 */
@ApplicationScoped
public class AccessChangeBroadcast {
    @Inject RedisConnection redis;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    private HeardTopic topic;

    @PostConstruct
    void init() {
        topic = new HeardTopic(redis, () -> namespace + ":access:changed", Duration.ofSeconds(30));
    }

    /** Whether this server hears the others' changes; once it does, {@code onChange} runs at each of them. */
    boolean listen(Runnable onChange) {
        return topic.listening(from -> onChange.run(), onChange);
    }

    void publish() {
        // Nothing to tell while this server has no Redis client: then no other server has heard from it either.
        topic.publish("", false);
    }
}

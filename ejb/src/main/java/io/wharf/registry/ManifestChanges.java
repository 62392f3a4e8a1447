package io.wharf.registry;

import io.wharf.redis.HeardTopic;
import io.wharf.redis.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells every Wharf server sharing Redis that a repository's manifests or tags changed, so that
 * their {@link ManifestCache} stops answering for it within milliseconds. A server that is not
 * subscribed says so ({@link #listening()}) and its cache then answers nothing; when the
 * subscription comes back (after Redis restarts, say) everything cached before is distrusted,
 * since messages sent in between were lost.
 */
@ApplicationScoped
public class ManifestChanges {
    @Inject RedisConnection redis;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    private HeardTopic topic;
    private volatile Consumer<String> onChange = r -> { };
    private volatile Runnable onResubscribe = () -> { };

    @PostConstruct
    void init() {
        topic = new HeardTopic(redis, () -> namespace + ":manifests:changed", Duration.ofSeconds(5));
    }

    void listen(Consumer<String> repositoryChanged, Runnable everythingChanged) {
        this.onChange = repositoryChanged;
        this.onResubscribe = everythingChanged;
    }

    /** Whether this server hears the others' changes (cheap on every request; see {@link HeardTopic}). */
    public boolean listening() {
        return topic.listening(repository -> onChange.accept(repository), () -> onResubscribe.run());
    }

    void publish(String repository) {
        topic.publish(repository, true);
    }
}

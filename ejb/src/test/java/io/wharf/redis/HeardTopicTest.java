package io.wharf.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;

/**
 * When a server starts hearing the other servers' announcements (access changes, manifest changes): as soon as its
 * Redis client exists (a request that comes before that must not put the subscription off), again only after a
 * pause when subscribing fails, and with the same listeners after Redis comes back; what it hears is the others'
 * announcements, never its own.
 */
class HeardTopicTest {
    /** What the application's Redis connection has created so far (null: nothing yet). */
    private RedissonClient client;
    private RedissonClient fakeClient;
    private boolean subscribeFails;
    private int subscribeAttempts;
    private final List<MessageListener<String>> messageListeners = new ArrayList<>();
    private final List<StatusListener> statusListeners = new ArrayList<>();
    private final AtomicInteger changesHeard = new AtomicInteger();
    private final List<String> payloadsHeard = new ArrayList<>();
    private final List<String> published = new ArrayList<>();
    private HeardTopic topic;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        RTopic redisTopic = (RTopic) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RTopic.class}, (proxy, method, args) -> {
            if (method.getName().equals("publishAsync")) {
                published.add((String) args[0]);
                return null;
            }
            if (!method.getName().equals("addListener")) throw new UnsupportedOperationException(method.getName());
            if (args.length == 1 && args[0] instanceof StatusListener status) {
                subscribeAttempts++;
                statusListeners.add(status);
                if (subscribeFails) throw new IllegalStateException("Redis is away");
            } else {
                messageListeners.add((MessageListener<String>) args[1]);
            }
            return 1;
        });
        RedissonClient fake = (RedissonClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RedissonClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getTopic")) return redisTopic;
                    throw new UnsupportedOperationException(method.getName());
                });
        RedisConnection redis = new RedisConnection() {
            @Override public Optional<RedissonClient> ifCreated() { return Optional.ofNullable(client); }
            @Override public RedissonClient client() { return client = fakeClient; }
        };
        topic = new HeardTopic(redis, () -> "wharf:changed", Duration.ofSeconds(30));
        fakeClient = fake;
    }

    @Test
    void aRequestBeforeRedisIsConnectedDoesNotPutTheSubscriptionOff() {
        assertFalse(listen(), "nothing to subscribe with yet");
        client = fakeClient; // the job workers connect a moment later
        assertTrue(listen(), "the next request subscribes");
        assertEquals(1, subscribeAttempts);
    }

    @Test
    void onlyOtherServersAnnouncementsAreHeard() {
        client = fakeClient;
        assertTrue(listen());
        assertEquals(1, changesHeard.get(), "what was cached before the subscription is dropped");
        topic.publish("p/app", true);
        deliver(published.get(0)); // Redis sends a server its own announcements too
        assertEquals(List.of(), payloadsHeard, "its own announcement is not heard");
        deliver("another-server\np/app");
        deliver("a-server-of-the-version-before"); // the origin alone, as access changes were announced
        assertEquals(List.of("p/app", ""), payloadsHeard);
    }

    @Test
    void anAnnouncementWithoutAClientAsksForOneOnlyWhenToldTo() {
        topic.publish("p/app", false);
        assertEquals(List.of(), published, "no Redis client made for it");
        topic.publish("p/app", true);
        assertEquals(1, published.size());
        assertTrue(published.get(0).endsWith("\np/app"), published.get(0));
    }

    @Test
    void aFailedSubscriptionIsTriedAgainOnlyAfterAPause() {
        client = fakeClient;
        subscribeFails = true;
        assertFalse(listen());
        subscribeFails = false;
        assertFalse(listen(), "tried again at once");
        assertEquals(1, subscribeAttempts);
    }

    private boolean listen() {
        return topic.listening(payloadsHeard::add, changesHeard::incrementAndGet);
    }

    private void deliver(String message) {
        messageListeners.forEach(l -> l.onMessage("wharf:changed", message));
    }

    @Test
    void whileRedisIsAwayTheSameListenersWaitForItsReturn() {
        client = fakeClient;
        assertTrue(listen());
        statusListeners.forEach(l -> l.onUnsubscribe("wharf:changed"));
        assertFalse(listen(), "not heard while Redis is away");
        int before = changesHeard.get();
        statusListeners.forEach(l -> l.onSubscribe("wharf:changed")); // Redisson subscribed again
        assertTrue(listen());
        assertEquals(before + 1, changesHeard.get(), "what was cached while away is dropped");
        assertEquals(1, subscribeAttempts, "the listeners were added once");
    }
}

package io.wharf.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.redis.RedisConnection;
import java.lang.reflect.Proxy;
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
 * When a server starts hearing the other servers' access changes: as soon as its Redis client
 * exists (a request that comes before that must not put the subscription off), and again only
 * after a pause when subscribing fails.
 */
class AccessChangeBroadcastTest {
    /** What the application's Redis connection has created so far (null: nothing yet). */
    private RedissonClient client;
    private RedissonClient fakeClient;
    private boolean subscribeFails;
    private int subscribeAttempts;
    private final List<MessageListener<String>> messageListeners = new ArrayList<>();
    private final List<StatusListener> statusListeners = new ArrayList<>();
    private final AtomicInteger changesHeard = new AtomicInteger();
    private AccessChangeBroadcast broadcast;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        RTopic topic = (RTopic) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RTopic.class}, (proxy, method, args) -> {
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
                    if (method.getName().equals("getTopic")) return topic;
                    throw new UnsupportedOperationException(method.getName());
                });
        broadcast = new AccessChangeBroadcast();
        broadcast.namespace = "wharf";
        broadcast.redis = new RedisConnection() {
            @Override public Optional<RedissonClient> ifCreated() { return Optional.ofNullable(client); }
        };
        fakeClient = fake;
    }

    @Test
    void aRequestBeforeRedisIsConnectedDoesNotPutTheSubscriptionOff() {
        assertFalse(broadcast.listen(changesHeard::incrementAndGet), "nothing to subscribe with yet");
        client = fakeClient; // the job workers connect a moment later
        assertTrue(broadcast.listen(changesHeard::incrementAndGet), "the next request subscribes");
        assertEquals(1, subscribeAttempts);
    }

    @Test
    void onlyOtherServersChangesAreHeard() {
        client = fakeClient;
        assertTrue(broadcast.listen(changesHeard::incrementAndGet));
        int atSubscription = changesHeard.get(); // what was cached before the subscription is dropped
        messageListeners.forEach(l -> l.onMessage("wharf:access:changed", "another server"));
        assertEquals(atSubscription + 1, changesHeard.get());
    }

    @Test
    void aFailedSubscriptionIsTriedAgainOnlyAfterAPause() {
        client = fakeClient;
        subscribeFails = true;
        assertFalse(broadcast.listen(changesHeard::incrementAndGet));
        subscribeFails = false;
        assertFalse(broadcast.listen(changesHeard::incrementAndGet), "tried again at once");
        assertEquals(1, subscribeAttempts);
    }

    @Test
    void whileRedisIsAwayTheSameListenersWaitForItsReturn() {
        client = fakeClient;
        assertTrue(broadcast.listen(changesHeard::incrementAndGet));
        statusListeners.forEach(l -> l.onUnsubscribe("wharf:access:changed"));
        assertFalse(broadcast.listen(changesHeard::incrementAndGet), "not heard while Redis is away");
        int before = changesHeard.get();
        statusListeners.forEach(l -> l.onSubscribe("wharf:access:changed")); // Redisson subscribed again
        assertTrue(broadcast.listen(changesHeard::incrementAndGet));
        assertEquals(before + 1, changesHeard.get(), "what was cached while away is dropped");
        assertEquals(1, subscribeAttempts, "the listeners were added once");
    }
}

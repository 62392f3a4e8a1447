package io.wharf.throttle;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Failure counts and blocks by key, shared by every Wharf server (Redis) or held by one (memory). */
public interface ThrottleStore {
    /** For each key that has one, until when (epoch ms) it is blocked; and failure counts under "f:" + key. */
    Map<String, Long> read(List<String> keys);

    /** One more failure under the key; the count expires {@code window} after the last one. */
    long fail(String key, Duration window);

    void block(String key, long untilMillis, Duration ttl);

    void clear(String key);

    boolean known(String user, String address);

    void remember(String user, String address, Duration ttl);
}

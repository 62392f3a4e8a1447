package io.wharf.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The store of one server, used when Redis cannot be reached (and by the tests). Bounded: it forgets everything when it grows past its size. */
public class MemoryThrottleStore implements ThrottleStore {
    private static final int MAX = 100_000;
    private record Value(long value, long expiresAt) {}

    private final Clock clock;
    private final Map<String, Value> values = new ConcurrentHashMap<>();

    public MemoryThrottleStore(Clock clock) { this.clock = clock; }

    private Long live(String key) {
        Value v = values.get(key);
        if (v == null) return null;
        if (v.expiresAt <= clock.millis()) {
            values.remove(key, v);
            return null;
        }
        return v.value;
    }

    private void put(String key, long value, Duration ttl) {
        if (values.size() > MAX) values.clear();
        values.put(key, new Value(value, clock.millis() + ttl.toMillis()));
    }

    @Override
    public Map<String, Long> read(List<String> keys) {
        Map<String, Long> result = new HashMap<>();
        for (String k : keys) {
            Long v = live(k);
            if (v != null) result.put(k, v);
        }
        return result;
    }

    @Override
    public synchronized long fail(String key, Duration window) {
        Long before = live(key);
        long count = (before == null ? 0 : before) + 1;
        put(key, count, window);
        return count;
    }

    @Override
    public void block(String key, long untilMillis, Duration ttl) { put(key, untilMillis, ttl); }

    @Override
    public void clear(String key) { values.remove(key); }

    @Override
    public boolean known(String user, String address) { return live("known:" + user + "|" + address) != null; }

    @Override
    public void remember(String user, String address, Duration ttl) { put("known:" + user + "|" + address, 1, ttl); }
}

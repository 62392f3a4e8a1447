package io.wharf.throttle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** The store shared by all Wharf servers on one Redis: plain keys with expiry under the namespace. */
class RedisThrottleStore implements ThrottleStore {
    private final RedissonClient redis;
    private final String prefix;

    RedisThrottleStore(RedissonClient redis, String namespace) {
        this.redis = redis;
        this.prefix = namespace + ":signin:";
    }

    @Override
    public Map<String, Long> read(List<String> keys) {
        String[] names = keys.stream().map(k -> prefix + k).toArray(String[]::new);
        Map<String, Object> found = redis.getBuckets(StringCodec.INSTANCE).get(names);
        Map<String, Long> result = new HashMap<>();
        for (Map.Entry<String, Object> e : found.entrySet()) {
            try {
                result.put(e.getKey().substring(prefix.length()), Long.parseLong(String.valueOf(e.getValue())));
            } catch (NumberFormatException ignored) {
                // not ours: treated as absent
            }
        }
        return result;
    }

    @Override
    public long fail(String key, Duration window) {
        var counter = redis.getAtomicLong(prefix + key);
        long count = counter.incrementAndGet();
        counter.expire(window);
        return count;
    }

    @Override
    public void block(String key, long untilMillis, Duration ttl) {
        redis.getBucket(prefix + key, StringCodec.INSTANCE).set(Long.toString(untilMillis), ttl);
    }

    @Override
    public void clear(String key) { redis.getKeys().delete(prefix + key); }

    @Override
    public boolean known(String user, String address) {
        return redis.getBucket(prefix + "known:" + user + "|" + address, StringCodec.INSTANCE).isExists();
    }

    @Override
    public void remember(String user, String address, Duration ttl) {
        redis.getBucket(prefix + "known:" + user + "|" + address, StringCodec.INSTANCE).set("1", ttl);
    }
}

package io.wharf.common;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A small read-through cache whose entries live for a fixed time and which can be emptied at
 * once. Only values that exist are kept: an absent answer is asked again next time, so something
 * created elsewhere is never hidden. A load that started before {@link #clear()} is not stored,
 * so a value read just before a change cannot outlive the change.
 */
public final class ExpiringCache<K, V> {
    private final Duration ttl;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    private record Entry<V>(V value, long expiresAtNanos) {}

    public ExpiringCache(Duration ttl, int maxEntries) { this(ttl, maxEntries, System::nanoTime); }

    ExpiringCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        long now = nanoClock.getAsLong();
        Entry<V> cached = entries.get(key);
        if (cached != null && now - cached.expiresAtNanos < 0) return Optional.of(cached.value);
        long seen = generation.get();
        Optional<V> loaded = loader.apply(key);
        if (loaded.isPresent() && !ttl.isZero()) {
            if (entries.size() >= maxEntries) entries.clear();
            entries.put(key, new Entry<>(loaded.get(), now + ttl.toNanos()));
            // A clear() that ran while we loaded may have missed this entry: drop what we stored.
            if (generation.get() != seen) entries.remove(key);
        } else if (cached != null) {
            entries.remove(key, cached);
        }
        return loaded;
    }

    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    public int size() { return entries.size(); }
}

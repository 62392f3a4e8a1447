package io.wharf.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofSeconds(5), 100, clock::get);

    private Optional<String> load(String key) {
        loads.incrementAndGet();
        return key.startsWith("missing") ? Optional.empty() : Optional.of(key + "#" + loads.get());
    }

    @Test
    void aValueIsLoadedOnceWhileItLives() {
        assertEquals("a#1", cache.get("a", this::load).orElseThrow());
        clock.addAndGet(Duration.ofMillis(4999).toNanos());
        assertEquals("a#1", cache.get("a", this::load).orElseThrow());
        assertEquals(1, loads.get());
    }

    @Test
    void anExpiredValueIsLoadedAgain() {
        cache.get("a", this::load);
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals("a#2", cache.get("a", this::load).orElseThrow());
    }

    @Test
    void anAbsentValueIsNeverRemembered() {
        assertTrue(cache.get("missing", this::load).isEmpty());
        assertTrue(cache.get("missing", this::load).isEmpty());
        assertEquals(2, loads.get());
        assertEquals(0, cache.size());
    }

    @Test
    void clearForgetsEverythingAtOnce() {
        cache.get("a", this::load);
        cache.clear();
        assertEquals("a#2", cache.get("a", this::load).orElseThrow());
    }

    @Test
    void aLoadThatRacesWithClearIsNotKept() {
        // The loader sees the old state, then a change clears the cache before the load returns.
        Optional<String> stale = cache.get("a", key -> {
            Optional<String> v = load(key);
            cache.clear();
            return v;
        });
        assertEquals("a#1", stale.orElseThrow());
        assertEquals("a#2", cache.get("a", this::load).orElseThrow());
    }

    @Test
    void aZeroLifetimeCachesNothing() {
        ExpiringCache<String, String> off = new ExpiringCache<>(Duration.ZERO, 100, clock::get);
        off.get("a", this::load);
        off.get("a", this::load);
        assertEquals(2, loads.get());
    }

    @Test
    void theSizeStaysBounded() {
        ExpiringCache<String, String> small = new ExpiringCache<>(Duration.ofSeconds(5), 3, clock::get);
        for (int i = 0; i < 10; i++) small.get("k" + i, this::load);
        assertTrue(small.size() <= 3, "size " + small.size());
    }
}

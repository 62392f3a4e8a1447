package io.wharf.throttle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CleanPairsTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final CleanPairs pairs = new CleanPairs(3, Duration.ofSeconds(1), nanos::get);

    private void advance(Duration d) { nanos.addAndGet(d.toNanos()); }

    @Test
    void aConfirmedPairSkipsTheStoreOnlyUntilTheRecheckIsDue() {
        assertFalse(pairs.fresh("alice|10.0.0.1"), "never seen: the store is read");
        pairs.confirmed("alice|10.0.0.1");
        assertTrue(pairs.fresh("alice|10.0.0.1"));
        advance(Duration.ofMillis(999));
        assertTrue(pairs.fresh("alice|10.0.0.1"));
        advance(Duration.ofMillis(1));
        assertFalse(pairs.fresh("alice|10.0.0.1"), "a second later the store is read again (another server's lock)");
        assertTrue(pairs.known("alice|10.0.0.1"), "still known: a success writes nothing to the store");
        assertFalse(pairs.fresh("alice|10.0.0.2"), "another address of the same user is its own pair");
    }

    @Test
    void aFailureForgetsThePairAtOnce() {
        pairs.confirmed("bob|10.0.0.1");
        pairs.forget("bob|10.0.0.1");
        assertFalse(pairs.fresh("bob|10.0.0.1"));
        assertFalse(pairs.known("bob|10.0.0.1"));
    }

    @Test
    void aZeroRecheckReadsTheStoreEveryTime() {
        CleanPairs always = new CleanPairs(10, Duration.ZERO, nanos::get);
        always.confirmed("carol|10.0.0.1");
        assertFalse(always.fresh("carol|10.0.0.1"));
        assertTrue(always.known("carol|10.0.0.1"));
    }

    @Test
    void boundedByForgettingEverything() {
        for (int i = 0; i < 3; i++) pairs.confirmed("user" + i + "|10.0.0.1");
        pairs.confirmed("user3|10.0.0.1");
        assertFalse(pairs.known("user0|10.0.0.1"));
        assertTrue(pairs.fresh("user3|10.0.0.1"));
    }
}

package io.wharf.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    private final TestClock clock = new TestClock();
    private final List<String> locks = new ArrayList<>();
    private final SignInThrottle throttle = new SignInThrottle(ThrottleSettings.defaults(), new MemoryThrottleStore(clock), clock,
            (user, what) -> locks.add(what));

    private Optional<Duration> wait(String user, String address) { return throttle.check(user, address).retryAfter(); }

    @Test
    void failuresSlowDownExponentiallyThenLockThePair() {
        for (int i = 0; i < 2; i++) throttle.failed("alice", "10.0.0.9");
        assertEquals(Optional.empty(), wait("alice", "10.0.0.9"), "two failures cost nothing yet");
        throttle.failed("alice", "10.0.0.9");
        assertEquals(Optional.of(Duration.ofSeconds(1)), wait("alice", "10.0.0.9"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), wait("alice", "10.0.0.9"));
        throttle.failed("alice", "10.0.0.9");
        assertEquals(Optional.of(Duration.ofSeconds(2)), wait("alice", "10.0.0.9"));
        clock.advance(Duration.ofSeconds(2));
        throttle.failed("ALICE", "10.0.0.9");
        assertEquals(Optional.of(Duration.ofMinutes(15)), wait("alice", "10.0.0.9"), "the fifth failure locks (names ignore case)");
        assertEquals(List.of("user alice from 10.0.0.9"), locks);
        assertEquals(Optional.empty(), wait("alice", "10.0.0.7"), "another address is not locked by this pair");
        assertEquals(Optional.empty(), wait("bob", "10.0.0.9"), "another user from this address neither");
        clock.advance(Duration.ofMinutes(15));
        assertEquals(Optional.empty(), wait("alice", "10.0.0.9"), "the lock ends");
    }

    @Test
    void aUserLockedByFailuresFromEverywhereStillSignsInFromAKnownClient() {
        throttle.succeeded("alice", "10.0.0.1");
        for (int i = 0; i < 10; i++) throttle.failed("alice", "192.0.2." + i);
        assertTrue(wait("alice", "192.0.2.200").isPresent(), "an unknown client is locked out");
        assertFalse(wait("alice", "10.0.0.1").isPresent(), "the machine alice used before is not");
        assertTrue(locks.contains("user alice from clients it has not used before"), locks::toString);
    }

    @Test
    void anAddressTryingManyUsersIsLockedForUsersItNeverSignedInAs() {
        throttle.succeeded("carol", "203.0.113.5");
        for (int i = 0; i < 50; i++) throttle.failed("user" + i, "203.0.113.5");
        assertTrue(wait("dave", "203.0.113.5").isPresent());
        assertFalse(wait("carol", "203.0.113.5").isPresent(), "carol signed in from there before");
        assertFalse(wait("dave", "203.0.113.6").isPresent());
    }

    @Test
    void successForgivesThePairsFailures() {
        for (int i = 0; i < 4; i++) throttle.failed("erin", "10.1.1.1");
        clock.advance(Duration.ofMinutes(1));
        throttle.succeeded("erin", "10.1.1.1");
        throttle.failed("erin", "10.1.1.1");
        assertEquals(Optional.empty(), wait("erin", "10.1.1.1"), "counting starts again");
        assertTrue(throttle.check("erin", "10.1.1.1").pairFailed());
    }
}

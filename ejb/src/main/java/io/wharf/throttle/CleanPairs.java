package io.wharf.throttle;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The (user, address) pairs this server saw sign in with nothing against them in the throttle's
 * store. A client that logs in for every request (docker and most CI tools do) then costs no store
 * write on success and, for {@code recheck} after the store last said so, no store read before its
 * password check either. A failure of the pair on this server forgets it at once, so a client that
 * starts failing is throttled exactly as before; a lock another server (sharing Redis) put on the
 * pair is seen here within {@code recheck}. Only a pair that has just given the right password is
 * ever remembered, so a client guessing passwords always meets the store. Bounded: it forgets
 * everything when it grows past its size.
 */
final class CleanPairs {
    private final int max;
    private final long recheckNanos;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Long> confirmedAt = new ConcurrentHashMap<>();

    CleanPairs(int max, Duration recheck, LongSupplier nanos) {
        this.max = max;
        this.recheckNanos = recheck.toNanos();
        this.nanos = nanos;
    }

    /** Whether the store found nothing against this pair less than {@code recheck} ago. */
    boolean fresh(String pair) {
        Long at = confirmedAt.get(pair);
        return at != null && nanos.getAsLong() - at < recheckNanos;
    }

    /** Whether this pair signed in here with nothing against it (however long ago). */
    boolean known(String pair) {
        return confirmedAt.containsKey(pair);
    }

    /** The store was read for this pair just now and found nothing against it. */
    void confirmed(String pair) {
        if (confirmedAt.size() >= max) confirmedAt.clear();
        confirmedAt.put(pair, nanos.getAsLong());
    }

    void forget(String pair) {
        confirmedAt.remove(pair);
    }
}

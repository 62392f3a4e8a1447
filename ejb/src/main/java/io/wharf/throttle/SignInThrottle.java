package io.wharf.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The rules of {@link ThrottleSettings} over a {@link ThrottleStore}. Asked before a password is
 * checked ({@link #refusal}), told of the outcome after ({@link #failed}, {@link #succeeded}).
 * User names are compared in lower case so that case variants share one count.
 */
public class SignInThrottle {
    private static final Duration KNOWN_FOR = Duration.ofDays(30);

    private final ThrottleSettings settings;
    private final ThrottleStore store;
    private final Clock clock;
    private final BiConsumer<String, String> onLock;

    /** @param onLock told (user or "*", what was locked) each time a lock starts: the audit log */
    public SignInThrottle(ThrottleSettings settings, ThrottleStore store, Clock clock, BiConsumer<String, String> onLock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.onLock = onLock;
    }

    private static String pair(String user, String address) { return "p:" + user + "|" + address; }
    private static String user(String user) { return "u:" + user; }
    private static String address(String address) { return "a:" + address; }
    /** Compiled once: norm runs on every sign-in. */
    private static final java.util.regex.Pattern UNPRINTABLE = java.util.regex.Pattern.compile("[\\p{Cntrl}\\s]");

    private static String norm(String user) {
        // Lower case, and printable: the name goes into the audit log and a log line.
        String u = user == null ? "" : UNPRINTABLE.matcher(user.toLowerCase(java.util.Locale.ROOT)).replaceAll("?");
        return u.length() > 255 ? u.substring(0, 255) : u;
    }

    /** What {@link #check} found: how long to wait (empty: go ahead), and whether this pair has failures on record. */
    public record Verdict(Optional<Duration> retryAfter, boolean pairFailed) {
        static final Verdict GO = new Verdict(Optional.empty(), false);
    }

    /** Whether this client may try to sign in as this user now, in one read of the store. */
    public Verdict check(String username, String address) {
        if (!settings.enabled()) return Verdict.GO;
        String u = norm(username);
        String pairKey = pair(u, address), userKey = user(u), addressKey = address(address);
        Map<String, Long> blocks = store.read(List.of(pairKey, userKey, addressKey, "f:" + pairKey));
        boolean pairFailed = blocks.containsKey("f:" + pairKey);
        long now = clock.millis();
        long pairUntil = blocks.getOrDefault(pairKey, 0L);
        if (pairUntil > now) return new Verdict(Optional.of(Duration.ofMillis(pairUntil - now)), pairFailed);
        long wider = Math.max(blocks.getOrDefault(userKey, 0L), blocks.getOrDefault(addressKey, 0L));
        if (wider > now && !store.known(u, address)) return new Verdict(Optional.of(Duration.ofMillis(wider - now)), pairFailed);
        return new Verdict(Optional.empty(), pairFailed);
    }

    public void failed(String username, String address) {
        if (!settings.enabled()) return;
        String u = norm(username);
        long now = clock.millis();
        Duration ttl = settings.window().compareTo(settings.lock()) > 0 ? settings.window() : settings.lock();
        long pairFailures = store.fail("f:" + pair(u, address), settings.window());
        Duration wait = settings.pairWait(pairFailures);
        if (!wait.isZero()) {
            store.block(pair(u, address), now + wait.toMillis(), ttl);
            if (pairFailures == settings.pairLockAfter()) onLock.accept(u, "user " + u + " from " + address);
        }
        long userFailures = store.fail("f:" + user(u), settings.window());
        if (userFailures >= settings.userLockAfter()) {
            store.block(user(u), now + settings.lock().toMillis(), ttl);
            if (userFailures == settings.userLockAfter()) onLock.accept(u, "user " + u + " from clients it has not used before");
        }
        long addressFailures = store.fail("f:" + address(address), settings.window());
        if (addressFailures >= settings.addressLockAfter()) {
            store.block(address(address), now + settings.lock().toMillis(), ttl);
            if (addressFailures == settings.addressLockAfter()) onLock.accept("*", "address " + address + " for users it has not signed in as before");
        }
    }

    /** The pair's failures are forgiven and the address becomes a known client of the user. */
    public void succeeded(String username, String address) {
        if (!settings.enabled()) return;
        String u = norm(username);
        store.clear("f:" + pair(u, address));
        store.clear(pair(u, address));
        store.remember(u, address, KNOWN_FOR);
    }
}

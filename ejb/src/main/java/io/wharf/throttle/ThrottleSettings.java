package io.wharf.throttle;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * How failed sign-ins are throttled (MicroProfile Config, e.g. {@code WHARF_SIGNIN_PAIR_LOCK_AFTER}):
 * from the {@code delayAfter}-th failure of one user from one address on, the next attempt must wait
 * {@code baseDelay} doubled per further failure (at most {@code maxDelay}); the {@code pairLockAfter}-th
 * locks that user on that address for {@code lock}. A user failing {@code userLockAfter} times from
 * anywhere, or an address failing {@code addressLockAfter} times for any users, is locked for
 * {@code lock} too, but only for clients that have not signed in as that user from that address
 * before, so an attacker cannot lock a user out of the machines they use. Failures are forgotten
 * {@code window} after the last one.
 */
public record ThrottleSettings(boolean enabled, int delayAfter, Duration baseDelay, Duration maxDelay, int pairLockAfter,
                               int userLockAfter, int addressLockAfter, Duration lock, Duration window) {
    public static ThrottleSettings defaults() {
        return new ThrottleSettings(true, 3, Duration.ofSeconds(1), Duration.ofSeconds(60), 5, 10, 50,
                Duration.ofMinutes(15), Duration.ofMinutes(15));
    }

    public static ThrottleSettings from(Config c) {
        ThrottleSettings d = defaults();
        return new ThrottleSettings(
                c.getOptionalValue("wharf.signin.throttle.enabled", Boolean.class).orElse(d.enabled),
                c.getOptionalValue("wharf.signin.delay.after", Integer.class).orElse(d.delayAfter),
                Duration.ofMillis(c.getOptionalValue("wharf.signin.delay.base.ms", Long.class).orElse(d.baseDelay.toMillis())),
                Duration.ofSeconds(c.getOptionalValue("wharf.signin.delay.max.seconds", Long.class).orElse(d.maxDelay.toSeconds())),
                c.getOptionalValue("wharf.signin.pair.lock.after", Integer.class).orElse(d.pairLockAfter),
                c.getOptionalValue("wharf.signin.user.lock.after", Integer.class).orElse(d.userLockAfter),
                c.getOptionalValue("wharf.signin.address.lock.after", Integer.class).orElse(d.addressLockAfter),
                Duration.ofSeconds(c.getOptionalValue("wharf.signin.lock.seconds", Long.class).orElse(d.lock.toSeconds())),
                Duration.ofSeconds(c.getOptionalValue("wharf.signin.window.seconds", Long.class).orElse(d.window.toSeconds())));
    }

    /** How long to wait after this many failures of one user from one address (zero: no wait yet). */
    Duration pairWait(long failures) {
        if (failures >= pairLockAfter) return lock;
        if (failures < delayAfter) return Duration.ZERO;
        long shift = Math.min(30, failures - delayAfter);
        Duration d = baseDelay.multipliedBy(1L << shift);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}

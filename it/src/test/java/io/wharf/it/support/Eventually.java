package io.wharf.it.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits, within a bound, for something the registry's asynchronous events will make true. */
public final class Eventually {
    private Eventually() {}

    public static <T> T await(String what, Duration limit, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last saw " + last);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        return last;
    }
}

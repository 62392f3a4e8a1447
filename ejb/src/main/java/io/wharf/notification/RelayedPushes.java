package io.wharf.notification;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The manifest PUTs this server's gateway is relaying right now, by repository and digest. The
 * registry sends its push event while the gateway is still waiting for the registry's answer, so
 * without this the event and the gateway would record the same push at the same moment: the one
 * queues on the other's repository lock, and the event first reads the manifest back from the
 * registry. The event waits for the gateway instead (briefly: should the gateway fail to record,
 * the event records the push as before).
 */
@ApplicationScoped
public class RelayedPushes {
    /** Relays in flight by key; entries leave when their relay ends, so this stays small. */
    private final Map<String, Integer> inFlight = new HashMap<>();

    /** One relay, ended by {@link #close()} (after the push is recorded or has failed). */
    public final class Relay implements AutoCloseable {
        private final String key;

        private Relay(String key) { this.key = key; }

        @Override
        public void close() { end(key); }
    }

    /** Marks the manifest with this body as being relayed to the repository until the relay is closed. */
    public Relay begin(String repository, byte[] manifest) {
        String key = key(repository, PushRecorder.sha256(manifest));
        synchronized (this) {
            inFlight.merge(key, 1, Integer::sum);
        }
        return new Relay(key);
    }

    /**
     * Waits until no relay of this manifest to this repository is in flight here, at most
     * {@code timeoutMs}.
     *
     * @return true when none is (any more), false when one still was at the timeout
     */
    public synchronized boolean awaitNoneInFlight(String repository, String digest, long timeoutMs) throws InterruptedException {
        String key = key(repository, digest);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (inFlight.containsKey(key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void end(String key) {
        inFlight.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    private static String key(String repository, String digest) { return repository + "@" + digest; }
}

package io.wharf.gc;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps garbage collection and pushes apart, blob by blob. The gateway {@link #touch touches} every
 * digest a client asks about, uploads, mounts or references from a manifest, and then waits while
 * that digest is being deleted; a run claims a digest (marking it as being deleted) and gives it up
 * when it was touched since the run's window began. Either the run sees the touch and keeps the blob,
 * or the client waits until the blob is gone and the registry tells it to upload it again: no image
 * ends up pointing at a deleted blob. (In memory: the run and the gateway share one server.)
 */
@ApplicationScoped
public class BlobGuard {
    /** Touches older than this are forgotten when the map grows large. */
    private static final int PRUNE_ABOVE = 100_000;

    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();
    private final Object released = new Object();

    /** A client needs this digest now: record it, then wait (briefly) if a run is deleting it. */
    public void touch(String digest) {
        if (digest == null || digest.isEmpty()) return;
        touched.put(digest, Instant.now());
        if (touched.size() > PRUNE_ABOVE) forgetBefore(Instant.now().minus(Duration.ofHours(6)));
        awaitNotDeleting(digest);
    }

    public boolean touchedSince(String digest, Instant since) {
        Instant at = touched.get(digest);
        return at != null && !at.isBefore(since);
    }

    /** Marks the digest as being deleted unless a client touched it since {@code since}; true when the run may delete it. */
    public boolean claim(String digest, Instant since) {
        deleting.add(digest);
        if (touchedSince(digest, since)) {
            release(digest);
            return false;
        }
        return true;
    }

    public void release(String digest) {
        deleting.remove(digest);
        synchronized (released) {
            released.notifyAll();
        }
    }

    public boolean isDeleting(String digest) { return deleting.contains(digest); }

    public void forgetBefore(Instant before) { touched.values().removeIf(at -> at.isBefore(before)); }

    private void awaitNotDeleting(String digest) {
        // One blob's deletion is one directory removed; this bounds the wait if a run died mid-way.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        synchronized (released) {
            while (deleting.contains(digest) && System.nanoTime() < deadline) {
                try {
                    released.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

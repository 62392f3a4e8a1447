package io.wharf.registry;

import io.wharf.common.LockConflicts;
import io.wharf.registry.ArtifactRecorder.Change;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records manifest pulls in batches. A transaction per pull would cap how many pulls a second
 * Wharf can serve, so pulls are queued at once and written together every
 * {@code wharf.pulls.flush.ms} (pull counts and times, like Harbor's, trail by that much). Pushes
 * and deletes stay synchronous. Should the queue fill up (the database away), pulls are recorded
 * one by one again, which slows pulls down instead of losing them.
 */
@ApplicationScoped
public class PullCounter {
    private static final Logger LOG = Logger.getLogger(PullCounter.class.getName());
    private static final int MAX_QUEUED = 50_000;
    private static final int MAX_BATCH = 2_000;

    @Inject ArtifactRecorder recorder;

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject @ConfigProperty(name = "wharf.pulls.flush.ms", defaultValue = "500")
    long flushMs;

    private final ConcurrentLinkedQueue<Change> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** @return false when the pull was not taken (queue full): the caller records it itself */
    public boolean offer(Change pull) {
        if (flushMs <= 0 || queued.get() >= MAX_QUEUED) return false;
        queued.incrementAndGet();
        queue.add(pull);
        if (scheduled.compareAndSet(false, true)) {
            executor.scheduleWithFixedDelay(this::flushAll, flushMs, flushMs, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    synchronized void flushAll() {
        try {
            while (!queue.isEmpty()) flush(take());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Writing pulls failed; trying again shortly", e);
        }
    }

    private List<Change> take() {
        List<Change> batch = new ArrayList<>();
        Change next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) batch.add(next);
        return batch;
    }

    private void flush(List<Change> batch) {
        try {
            recorder.recordPulls(batch);
        } catch (RuntimeException batchFailed) {
            // One bad pull must not cost the others: write them one by one, each in its own transaction.
            LOG.log(Level.FINE, "A batch of " + batch.size() + " pulls failed; writing them one by one", batchFailed);
            for (Change pull : batch) {
                try {
                    // A lock conflict (Derby's 40XL1 while statements compile, a deadlock) wrote nothing: run it again.
                    LockConflicts.retry(3, () -> recorder.recordPull(pull));
                } catch (RuntimeException e) {
                    LOG.warning("Pull of " + pull.resource() + " not recorded: " + e.getMessage());
                }
            }
        } finally {
            queued.addAndGet(-batch.size());
        }
    }

    @PreDestroy
    void drainOnStop() {
        flushAll();
    }
}

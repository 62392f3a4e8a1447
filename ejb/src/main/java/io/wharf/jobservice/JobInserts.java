package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Group commit for submissions: concurrent submissions are written in one transaction (one commit,
 * one log sync) and their ids queued with one Redis command. A submission returns only once its
 * row is committed, so an accepted job is as durable as before; only the waiting is shared.
 *
 * <p>No thread of its own: whichever submitter holds the writer lock writes everything waiting
 * (its own job included, up to {@value #MAX_BATCH} at a time) while the others wait for the lock
 * and find their job written. With one submitter a batch is that one job.
 */
@ApplicationScoped
public class JobInserts {
    private static final Logger LOG = Logger.getLogger(JobInserts.class.getName());
    static final int MAX_BATCH = 64;

    @Inject JobStore store;
    @Inject JobRows rows;
    @Inject JobQueue queue;

    private final ConcurrentLinkedQueue<Entry> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    private static final class Entry {
        final Job job;
        volatile boolean done;
        RuntimeException failure;

        Entry(Job job) { this.job = job; }
    }

    /** Writes the job (a Generic one is queued too); returns once it is committed, or throws what refused it. */
    public void add(Job job) {
        Entry mine = new Entry(job);
        waiting.add(mine);
        writer.lock();
        try {
            while (!mine.done) writeBatch();
        } finally {
            writer.unlock();
        }
        if (mine.failure != null) throw mine.failure;
    }

    /** Submissions waiting for a commit (tests watch it to know a submitter is waiting). */
    int waitingCount() { return waiting.size(); }

    /** Under the writer lock: everything that entered the queue before this call ends done. */
    private void writeBatch() {
        List<Entry> batch = new ArrayList<>();
        for (Entry e; batch.size() < MAX_BATCH && (e = waiting.poll()) != null; ) batch.add(e);
        if (batch.isEmpty()) return;
        try {
            List<Job> jobs = new ArrayList<>(batch.size());
            for (Entry e : batch) jobs.add(e.job);
            try {
                rows.addAll(jobs);
            } catch (RuntimeException all) {
                // One refused row rolls back the whole batch: write each alone, so only it is refused.
                for (Entry e : batch) {
                    try {
                        store.add(e.job);
                    } catch (RuntimeException one) {
                        e.failure = one;
                    }
                }
            }
            List<String> toQueue = new ArrayList<>(batch.size());
            for (Entry e : batch) {
                if (e.failure == null && e.job.getKind() == JobKind.GENERIC) toQueue.add(e.job.getId());
            }
            enqueue(toQueue);
        } finally {
            for (Entry e : batch) e.done = true;
        }
    }

    private void enqueue(List<String> ids) {
        if (ids.isEmpty()) return;
        try {
            queue.enqueueAll(ids);
        } catch (RuntimeException e) {
            // The database has them as Pending; the scheduler queues them once Redis answers.
            try {
                store.markUnqueued(ids);
                queue.noteUnqueued();
            } catch (RuntimeException m) {
                // Not marked either: the scheduler's stale-pending pass finds them once the queue is empty.
            }
            LOG.warning(ids.size() + " job(s) saved but not queued yet (Redis: " + e.getMessage() + ")");
        }
    }
}

package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobInsertsTest {
    /** Rows and store that record their transactions; a job named BAD is refused. */
    static final class FakeStore extends JobStore {
        final List<List<String>> transactions = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> unqueued = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile long commitMillis;
        final JobRows rows = new JobRows() {
            @Override
            public List<Job> addAll(List<Job> jobs) {
                pause();
                if (jobs.stream().anyMatch(j -> j.getName().equals("BAD"))) throw new IllegalStateException("refused");
                transactions.add(jobs.stream().map(Job::getId).toList());
                return jobs;
            }
        };

        @Override
        public Job add(Job job) {
            rows.addAll(List.of(job));
            return job;
        }

        @Override
        public void markUnqueued(List<String> ids) { unqueued.addAll(ids); }

        private void pause() {
            try {
                Thread.sleep(commitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class FakeQueue extends JobQueue {
        final List<String> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void enqueueAll(Collection<String> jobIds) {
            if (down) throw new IllegalStateException("Redis away");
            queued.addAll(jobIds);
        }
    }

    private static Job job(String name, JobKind kind) {
        Instant now = Instant.now();
        return new Job(UUID.randomUUID().toString(), name, kind, "{}", null, null, false, null, 3, now, now);
    }

    private static JobInserts inserts(FakeStore store, FakeQueue queue) {
        JobInserts inserts = new JobInserts();
        inserts.store = store;
        inserts.rows = store.rows;
        inserts.queue = queue;
        return inserts;
    }

    @Test
    void concurrentSubmissionsShareCommitsAndEveryOneIsWrittenAndQueuedOnceBeforeItReturns() throws Exception {
        FakeStore store = new FakeStore();
        store.commitMillis = 5;
        FakeQueue queue = new FakeQueue();
        JobInserts inserts = inserts(store, queue);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> submitted = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 800; i++) {
            submitted.add(pool.submit(() -> {
                start.await();
                Job j = job("SAMPLE", JobKind.GENERIC);
                inserts.add(j);
                // Returned: committed and queued already.
                assertTrue(store.transactions.stream().anyMatch(t -> t.contains(j.getId())));
                assertTrue(queue.queued.contains(j.getId()));
                return j.getId();
            }));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        for (Future<String> f : submitted) ids.add(f.get(60, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(800, ids.size());
        List<String> written = store.transactions.stream().flatMap(List::stream).toList();
        assertEquals(800, written.size());
        assertEquals(ids, new HashSet<>(written));
        assertEquals(800, queue.queued.size());
        assertEquals(ids, new HashSet<>(queue.queued));
        assertTrue(store.transactions.stream().allMatch(t -> t.size() <= JobInserts.MAX_BATCH));
    }

    @Test
    void submissionsArrivingDuringACommitShareTheNextCommitsOfAtMostMaxBatch() throws Exception {
        // How many commits a free-running burst takes depends on the machine's load; this one is
        // arranged: 100 submitters arrive while the first commit is held open.
        CountDownLatch inFirstCommit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeStore store = new FakeStore();
        FakeQueue queue = new FakeQueue();
        JobRows gated = new JobRows() {
            private final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);

            @Override
            public List<Job> addAll(List<Job> jobs) {
                if (first.getAndSet(false)) {
                    inFirstCommit.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return store.rows.addAll(jobs);
            }
        };
        JobInserts inserts = inserts(store, queue);
        inserts.rows = gated;
        ExecutorService pool = Executors.newFixedThreadPool(101);
        try {
            Future<?> first = pool.submit(() -> inserts.add(job("SAMPLE", JobKind.GENERIC)));
            assertTrue(inFirstCommit.await(30, TimeUnit.SECONDS));
            List<Future<?>> later = new ArrayList<>();
            for (int i = 0; i < 100; i++) later.add(pool.submit(() -> inserts.add(job("SAMPLE", JobKind.GENERIC))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inserts.waitingCount() < 100 && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(100, inserts.waitingCount(), "all 100 wait behind the open commit");
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<?> f : later) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(1, JobInserts.MAX_BATCH, 100 - JobInserts.MAX_BATCH),
                store.transactions.stream().map(List::size).toList());
        assertEquals(101, queue.queued.size());
    }

    @Test
    void aRefusedJobFailsAloneAndOnlyGenericJobsAreQueued() {
        FakeStore store = new FakeStore();
        FakeQueue queue = new FakeQueue();
        JobInserts inserts = inserts(store, queue);
        assertThrows(IllegalStateException.class, () -> inserts.add(job("BAD", JobKind.GENERIC)));
        Job scheduled = job("SAMPLE", JobKind.SCHEDULED);
        inserts.add(scheduled);
        assertEquals(List.of(List.of(scheduled.getId())), store.transactions);
        assertTrue(queue.queued.isEmpty(), "a scheduled job waits for the scheduler");
    }

    @Test
    void jobsSavedWhileRedisIsAwayAreMarkedForTheScheduler() {
        FakeStore store = new FakeStore();
        FakeQueue queue = new FakeQueue();
        queue.down = true;
        JobInserts inserts = inserts(store, queue);
        Job j = job("SAMPLE", JobKind.GENERIC);
        inserts.add(j);
        assertEquals(List.of(j.getId()), store.unqueued);
        assertTrue(queue.takeUnqueuedMark());
    }

    @Test
    void idsAreVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newId();
            UUID u = UUID.fromString(id);
            assertEquals(4, u.version());
            assertEquals(2, u.variant());
            assertTrue(seen.add(id));
        }
    }
}

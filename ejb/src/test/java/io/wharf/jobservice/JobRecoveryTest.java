package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBTransactionRolledbackException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's recovery of jobs whose worker is gone, against a job row that behaves as the
 * database's does (claims need Pending, requeueing needs the revision read and a silent row). The
 * case of CI's failure: on a loaded machine a freshly claimed job had not beaten yet (no Redis
 * lease, the row's update time that of the claim) when recovery looked, and a second worker ran it.
 */
class JobRecoveryTest {
    private static final long LEASE_SECONDS = 6;

    @TempDir Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() { threads.shutdownNow(); }

    /** One job_record row; every change is one atomic conditional update, as in the database. */
    static final class Row {
        private Job job;

        Row(Job job) { this.job = job; }

        synchronized Job now() { return job.detachedCopy(); }

        synchronized Optional<Job> claim(String worker, Instant now) {
            if (job.getStatus() != JobStatus.PENDING || job.isStopRequested() || job.getRunAt().isAfter(now)) return Optional.empty();
            job.becomeRunning(worker, now);
            job.bumpRevision();
            return Optional.of(job.detachedCopy());
        }

        synchronized boolean finish(String worker, JobStatus end, Instant now) {
            if (job.getStatus() != JobStatus.PENDING && !(job.getStatus() == JobStatus.RUNNING && worker.equals(job.getRunBy()))) return false;
            job.finish(end, now);
            job.bumpRevision();
            return true;
        }

        synchronized Optional<Job> requeueLost(long revision, Instant silentSince, Instant now) {
            if (job.getStatus() != JobStatus.RUNNING || job.getRevision() != revision || job.getUpdateTime().isAfter(silentSince)) {
                return Optional.empty();
            }
            job.becomePending(now, now);
            job.bumpRevision();
            return Optional.of(job.detachedCopy());
        }
    }

    static final class RowStore extends JobStore {
        final Row row;
        final List<String> requeued = new CopyOnWriteArrayList<>();

        RowStore(Row row) { this.row = row; }

        @Override
        public List<Job> running() {
            Job j = row.now();
            return j.getStatus() == JobStatus.RUNNING ? List.of(j) : List.of();
        }

        @Override
        public Optional<Job> requeueLost(String id, long revision, Instant silentSince, Instant now) {
            Optional<Job> after = row.requeueLost(revision, silentSince, now);
            after.ifPresent(j -> requeued.add(id));
            return after;
        }

        @Override
        public Job failed(String id, String error, Instant retryAt, Instant now) {
            throw new EJBTransactionRolledbackException("the database is away");
        }
    }

    /** Redis as seen by recovery: no lease (no heartbeat happened yet), the servers whose workers still publish. */
    static final class Redis extends JobQueue {
        final List<String> queued = new CopyOnWriteArrayList<>();
        final List<String> liveServers = new ArrayList<>();

        Redis() { leaseSeconds = LEASE_SECONDS; }

        @Override public void enqueue(String jobId) { queued.add(jobId); }
        @Override public boolean leaseHeld(String jobId) { return false; }
        @Override public boolean serverAlive(String server) { return liveServers.contains(server); }
    }

    /** A job type that runs until released, then fails (its failure cannot be recorded: the database is away). */
    static final class Held implements JobType {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile int runs;
        volatile boolean fails = true;

        @Override public String name() { return "HELD"; }
        @Override public int maxFails() { return 3; }
        @Override public void validate(jakarta.json.JsonObject parameters) {}

        @Override
        public void run(JobContext context) throws Exception {
            runs++;
            started.countDown();
            assertTrue(release.await(30, TimeUnit.SECONDS));
            if (fails) throw new IllegalStateException("released");
        }
    }

    private Row pendingRow() {
        Instant now = Instant.now();
        return new Row(new Job("j-1", "HELD", JobKind.GENERIC, "{}", null, null, false, null, 3, now, now));
    }

    /** Job changes go nowhere here: no observer and no hook receiver takes part in recovery. */
    private static JobEvents quietEvents() {
        return new JobEvents() {
            @Override
            public void changed(Job job, String checkIn) {}

            @Override
            public void fire(JobStatusChanged change) {}
        };
    }

    private JobRunner runner(RowStore store, Redis redis, Held type) {
        JobRunner runner = new JobRunner();
        runner.store = store;
        runner.queue = redis;
        runner.events = quietEvents();
        runner.rows = new JobRows() {
            @Override
            public Optional<Job> claim(String id, String worker, Instant now) { return store.row.claim(worker, now); }

            @Override
            public boolean finish(String id, String worker, JobStatus end, Instant now) { return store.row.finish(worker, end, now); }

            @Override
            public Optional<Job> finishAndClaim(String doneId, String worker, JobStatus end, String nextId, Instant now) {
                store.row.finish(worker, end, now);
                return store.row.claim(worker, now);
            }
        };
        JobEnds ends = new JobEnds();
        ends.rows = runner.rows;
        runner.ends = ends;
        runner.types = new JobTypes() {
            @Override
            public Optional<JobType> find(String name) { return Optional.of(type); }
        };
        JobLogs logs = new JobLogs();
        logs.logDir = Optional.of(dir.resolve("joblogs").toString());
        runner.logs = logs;
        return runner;
    }

    private static JobScheduler scheduler(RowStore store, Redis redis, WorkerPool pool, JobRunner runner) {
        JobScheduler scheduler = new JobScheduler();
        scheduler.store = store;
        scheduler.queue = redis;
        scheduler.workers = pool;
        scheduler.runner = runner;
        scheduler.events = quietEvents();
        return scheduler;
    }

    @Test
    void aJobThisServersWorkerRunsIsNotTakenForLostBeforeItsFirstBeatButIsOnceNoWorkerHoldsIt() throws Exception {
        Row row = pendingRow();
        RowStore store = new RowStore(row);
        Redis redis = new Redis();
        Held type = new Held();
        JobRunner runner = runner(store, redis, type);
        WorkerPool pool = new WorkerPool();
        JobScheduler scheduler = scheduler(store, redis, pool, runner);

        Future<?> first = threads.submit(() -> runner.run("j-1", pool.server() + "#0"));
        assertTrue(type.started.await(30, TimeUnit.SECONDS));
        // Later than a lease after the claim, and the heartbeat executor has not beaten yet (a loaded machine).
        scheduler.recoverLost(Instant.now().plusSeconds(LEASE_SECONDS + 1));
        assertEquals(List.of(), redis.queued, "a job its worker still runs went back to the queue");
        assertEquals(JobStatus.RUNNING, row.now().getStatus());
        assertEquals(pool.server() + "#0", row.now().getRunBy());
        // A duplicate of its id in the queue is harmless: another worker cannot claim it.
        assertEquals(null, runner.run("j-1", pool.server() + "#1"));
        assertEquals(1, type.runs);

        // The attempt ends but its end cannot be written: no worker holds the job any more, recovery queues it again.
        type.release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertEquals(JobStatus.RUNNING, row.now().getStatus());
        scheduler.recoverLost(Instant.now().plusSeconds(LEASE_SECONDS + 1));
        assertEquals(List.of("j-1"), redis.queued);
        assertEquals(JobStatus.PENDING, row.now().getStatus());
    }

    @Test
    void aJobThatRanIsHeldUntilItsEndIsWrittenThenRecoveryMayTakeIt() throws Exception {
        Row row = pendingRow();
        RowStore store = new RowStore(row);
        Redis redis = new Redis();
        Held type = new Held();
        type.release.countDown();
        type.fails = false;
        JobRunner runner = runner(store, redis, type);
        String worker = new WorkerPool().server() + "#0";

        JobRunner.Ran ran = runner.run("j-1", worker);
        assertTrue(runner.holds("j-1"), "its end is not written yet");
        // The worker's next id is a duplicate of the same job: its end is written, the claim finds nothing.
        assertEquals(null, runner.runAfter(ran, "j-1", worker));
        assertEquals(JobStatus.SUCCESS, row.now().getStatus());
        assertEquals(false, runner.holds("j-1"));
        assertEquals(1, type.runs);
    }

    @Test
    void anotherServersJobIsTakenForLostOnlyOnceThatServerStoppedPublishing() {
        Row row = pendingRow();
        RowStore store = new RowStore(row);
        Redis redis = new Redis();
        String other = "4242@elsewhere/0a1b2c3d";
        row.claim(other + "#2", Instant.now());
        JobScheduler scheduler = scheduler(store, redis, new WorkerPool(), runner(store, redis, new Held()));

        redis.liveServers.add(other);
        scheduler.recoverLost(Instant.now().plusSeconds(LEASE_SECONDS + 1));
        assertEquals(List.of(), redis.queued, "the job of a server that is alive went back to the queue");
        assertEquals(JobStatus.RUNNING, row.now().getStatus());

        redis.liveServers.clear();
        scheduler.recoverLost(Instant.now().plusSeconds(LEASE_SECONDS + 1));
        assertEquals(List.of("j-1"), redis.queued);
        assertEquals(JobStatus.PENDING, row.now().getStatus());
    }
}

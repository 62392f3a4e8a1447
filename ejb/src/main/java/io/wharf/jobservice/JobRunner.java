package io.wharf.jobservice;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs jobs taken from the queue: moves a job to Running in the database (one conditional UPDATE:
 * of two workers that popped the same id only one wins), runs it, then records how it ended and
 * fires the change ({@link JobEvents}). A job that fails with attempts left waits its backoff as Scheduled.
 *
 * <p>A job that ran successfully (or was stopped) hands back a {@link Ran}: its end is written by
 * the worker together with the claim of its next job, in one transaction ({@link #runAfter}), or
 * alone when no job waits ({@link #complete}). So a busy worker commits once per job.
 *
 * <p>A job that runs longer than a third of the lease beats: its row's update time (and a lease in
 * Redis) say its worker is alive, and a stop request is picked up. A job that ends sooner needs
 * neither: its claim's update time is fresher than the lease, so recovery leaves it alone.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject JobStore store;
    @Inject JobRows rows;
    @Inject JobQueue queue;
    @Inject JobTypes types;
    @Inject JobLogs logs;
    @Inject JobEvents events;
    @Inject JobEnds ends;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject @ConfigProperty(name = "jobservice.retry.backoff.seconds", defaultValue = "2")
    long backoffSeconds;

    /** The jobs running on this server, for the heartbeat. */
    private final Map<String, RunningContext> running = new ConcurrentHashMap<>();

    /**
     * Jobs this server's workers are claiming, running, or have yet to write the end of (a count per
     * id: two workers may pop the same id). Recovery never takes such a job for lost.
     */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    /** Whether one of this server's workers holds the job (from before its claim until its end is written). */
    public boolean holds(String jobId) { return held.containsKey(jobId); }

    private void hold(String jobId) { held.merge(jobId, 1, Integer::sum); }

    private void release(String jobId) { held.computeIfPresent(jobId, (id, n) -> n == 1 ? null : n - 1); }

    /** A job that ran and whose end is not written yet. */
    public static final class Ran {
        final Job job;
        final JobStatus end;

        Ran(Job job, JobStatus end) {
            this.job = job;
            this.end = end;
        }

        public String jobId() { return job.getId(); }
    }

    /** Claims and runs one job; returns its end to record, or null when there is nothing to record. */
    public Ran run(String jobId, String worker) {
        hold(jobId);
        Optional<Job> claimed;
        try {
            claimed = rows.claim(jobId, worker, Instant.now());
        } catch (RuntimeException e) {
            release(jobId);
            requeue(jobId, e);
            return null;
        }
        return runClaimed(jobId, claimed);
    }

    /** Runs a claimed job; the hold on its id ends here, unless a {@link Ran} is left whose end is to be written. */
    private Ran runClaimed(String jobId, Optional<Job> claimed) {
        Ran ran = null;
        try {
            ran = claimed.map(this::execute).orElse(null);
            return ran;
        } finally {
            if (ran == null) release(jobId);
        }
    }

    /**
     * Records the end of {@code done} and claims {@code nextId} in one transaction, then runs it.
     * When that transaction fails, the end is recorded alone (retried) and the next job claimed alone.
     */
    public Ran runAfter(Ran done, String nextId, String worker) {
        hold(nextId);
        Optional<Job> claimed;
        try {
            claimed = rows.finishAndClaim(done.job.getId(), worker, done.end, nextId, Instant.now());
        } catch (RuntimeException e) {
            release(nextId);
            complete(done);
            return run(nextId, worker);
        }
        release(done.job.getId());
        ended(done);
        return runClaimed(nextId, claimed);
    }

    /** Records the end of a job that ran ({@link JobEnds} retries it: a failure to record is not a failure of the job). */
    public void complete(Ran done) {
        try {
            record(done);
        } finally {
            release(done.job.getId()); // recorded or given up: recovery may take it now
        }
    }

    private void record(Ran done) {
        boolean finished;
        try {
            finished = ends.record(done.job, done.end);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Job " + done.job.getId() + " ran but its end could not be recorded; recovery will requeue it", e);
            return;
        }
        if (finished) ended(done);
    }

    private void ended(Ran done) {
        done.job.finish(done.end, Instant.now());
        done.job.bumpRevision();
        events.changed(done.job, null);
    }

    private void requeue(String jobId, RuntimeException why) {
        LOG.log(Level.FINE, "Job " + jobId + " could not be claimed; queued again", why);
        try {
            queue.enqueue(jobId);
        } catch (RuntimeException e) {
            // Redis away: the scheduler's stale-pending pass queues it again later.
        }
    }

    private Ran execute(Job job) {
        events.changed(job, null);
        Optional<JobType> type = types.find(job.getName());
        RunningContext context;
        try {
            context = new RunningContext(job, logs.open(job.getId()));
        } catch (IOException e) {
            try {
                end(recordFailure(job, "cannot open the job log: " + e.getMessage()));
            } catch (RuntimeException re) {
                LOG.log(Level.WARNING, "Job " + job.getId() + " could not be recorded; recovery will requeue it", re);
            }
            return null;
        }
        running.put(job.getId(), context);
        try (JobLog log = context.log()) {
            log.info("job " + job.getId() + " (" + job.getName() + ") started on " + job.getRunBy()
                    + ", attempt " + (job.getFails() + 1) + " of " + job.getMaxFails());
            try {
                if (type.isEmpty()) throw new IllegalStateException("job type " + job.getName() + " is not registered here");
                type.get().run(context);
                context.done();
                JobStatus end = context.stopRequested() ? JobStatus.STOPPED : JobStatus.SUCCESS;
                log.info("job ended: " + end.wire());
                return new Ran(job, end);
            } catch (Exception e) {
                context.done();
                String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("attempt failed: " + why);
                Job after = recordFailure(job, JobLog.mask(why));
                if (after.getStatus() == JobStatus.SCHEDULED) {
                    log.info("will retry at " + after.getRunAt());
                } else {
                    log.info("job ended: " + after.getStatus().wire());
                }
                end(after);
                return null;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Job " + job.getId() + " could not be recorded; recovery will requeue it", e);
            return null;
        } finally {
            context.done();
        }
    }

    /**
     * Records a failed attempt. A stop request or a heartbeat may change the row between the read
     * and the write of {@link JobStore#failed} (a stop often makes the running attempt fail): that
     * transaction then rolls back, and the failure is recorded again on the row as it is now (as
     * Stopped, when a stop was asked for). Without that, the job would stay Running until recovery.
     */
    Job recordFailure(Job job, String why) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.failed(job.getId(), why, retryAt(job), Instant.now());
            } catch (EJBTransactionRolledbackException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    private void end(Job after) {
        events.changed(after, after.getStatus() == JobStatus.SCHEDULED ? "retry " + (after.getFails() + 1) + " of " + after.getMaxFails() : null);
    }

    /** Exponential backoff: base, 2x base, 4x base... */
    private Instant retryAt(Job job) {
        long factor = 1L << Math.min(job.getFails(), 10);
        return Instant.now().plus(Duration.ofSeconds(backoffSeconds * factor));
    }

    /**
     * A stop asked for in this server reaches the job at once when one of its workers runs it (other servers'
     * workers pick it up from Redis at their next beat): a scan of a few seconds would otherwise end before its
     * first beat and save the report of a scan the user stopped.
     */
    public void stopHere(String jobId) {
        RunningContext c = running.get(jobId);
        if (c != null) c.stop = true;
    }

    /**
     * Called often (a twelfth of the lease) by the worker pool: beats for each job that has run a
     * third of the lease since its claim or its last beat. Each beat runs on the managed executor,
     * so a slow one (the database away) does not hold back the others.
     */
    public void beatDue() {
        long now = System.currentTimeMillis();
        long every = queue.lease().toMillis() / 3;
        for (RunningContext c : running.values()) {
            if (now - c.lastBeat >= every && c.beating.compareAndSet(false, true)) {
                try {
                    scheduler.execute(c::beat);
                } catch (RuntimeException e) {
                    c.beating.set(false);
                }
            }
        }
    }

    private final class RunningContext implements JobContext {
        private final Job job;
        private final JobLog log;
        private final JsonObject parameters;
        private final AtomicBoolean beating = new AtomicBoolean();
        private volatile long lastBeat;
        private volatile boolean leased;
        private volatile boolean finished;
        private volatile boolean stop;

        RunningContext(Job job, JobLog log) {
            this.job = job;
            this.log = log;
            // Counted from the claim (its update time): the Running hook before this may have taken a while.
            this.lastBeat = Math.min(System.currentTimeMillis(), job.getUpdateTime().toEpochMilli());
            String json = job.getParametersJson();
            try (var reader = JobStats.JSON.createReader(new StringReader(json == null ? "{}" : json))) {
                this.parameters = reader.readObject();
            }
        }

        /** The job no longer runs: no more beats, and the lease (if a beat took one) goes. */
        void done() {
            if (finished) return;
            finished = true;
            running.remove(job.getId(), this);
            if (leased) {
                try {
                    queue.releaseLease(job.getId());
                } catch (RuntimeException e) {
                    // Redis away: the lease expires by itself.
                }
            }
        }

        /** Renews the lease (in Redis and in the database) and picks up a stop request, from the heartbeat thread. */
        void beat() {
            try {
                if (finished) return;
                lastBeat = System.currentTimeMillis();
                try {
                    store.heartbeat(job.getId(), job.getRunBy(), Instant.now());
                } catch (RuntimeException e) {
                    // The database is away for a moment: the next beat tries again, well within the lease.
                }
                try {
                    leased = true;
                    queue.renewLease(job.getId(), job.getRunBy());
                    if (finished) queue.releaseLease(job.getId());
                    if (queue.stopRequested(job.getId())) stop = true;
                } catch (RuntimeException e) {
                    // Redis is away: the database heartbeat keeps the job from being taken for lost.
                }
            } finally {
                beating.set(false);
            }
        }

        @Override public String jobId() { return job.getId(); }
        @Override public JsonObject parameters() { return parameters; }
        @Override public JobLog log() { return log; }

        @Override
        public void checkIn(String message) {
            events.checkIn(store, job.getId(), log, message);
        }

        @Override
        public boolean stopRequested() { return stop; }
    }
}

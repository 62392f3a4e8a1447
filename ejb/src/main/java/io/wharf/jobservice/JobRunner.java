package io.wharf.jobservice;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one job taken from the queue: takes its lease (so no other worker runs it meanwhile), moves
 * it to Running in the database, runs it while renewing the lease, then records how it ended and
 * tells the hook. A job that fails with attempts left waits its backoff as Scheduled.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject JobStore store;
    @Inject JobQueue queue;
    @Inject JobTypes types;
    @Inject JobLogs logs;
    @Inject StatusHooks hooks;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject @ConfigProperty(name = "jobservice.retry.backoff.seconds", defaultValue = "2")
    long backoffSeconds;

    public void run(String jobId, String worker) {
        if (!queue.acquireLease(jobId, worker)) return;
        try {
            Optional<Job> claimed = store.claim(jobId, worker, Instant.now());
            if (claimed.isEmpty()) return;
            execute(claimed.get());
        } finally {
            queue.releaseLease(jobId);
        }
    }

    private void execute(Job job) {
        hooks.send(job, null);
        Optional<JobType> type = types.find(job.getName());
        RunningContext context;
        try {
            context = new RunningContext(job, logs.open(job.getId()));
        } catch (IOException e) {
            end(job, store.failed(job.getId(), "cannot open the job log: " + e.getMessage(), retryAt(job), Instant.now()));
            return;
        }
        ScheduledFuture<?> heartbeat = scheduler.scheduleAtFixedRate(context::beat,
                queue.lease().toMillis() / 3, queue.lease().toMillis() / 3, TimeUnit.MILLISECONDS);
        try (JobLog log = context.log()) {
            log.info("job " + job.getId() + " (" + job.getName() + ") started on " + job.getRunBy()
                    + ", attempt " + (job.getFails() + 1) + " of " + job.getMaxFails());
            try {
                if (type.isEmpty()) throw new IllegalStateException("job type " + job.getName() + " is not registered here");
                type.get().run(context);
                heartbeat.cancel(false);
                JobStatus end = context.stopRequested() ? JobStatus.STOPPED : JobStatus.SUCCESS;
                log.info("job ended: " + end.wire());
                end(job, finish(job.getId(), end));
            } catch (FinishNotRecorded e) {
                throw e.cause;
            } catch (Exception e) {
                heartbeat.cancel(false);
                String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("attempt failed: " + why);
                Job after = store.failed(job.getId(), JobLog.mask(why), retryAt(job), Instant.now());
                if (after.getStatus() == JobStatus.SCHEDULED) {
                    log.info("will retry at " + after.getRunAt());
                } else {
                    log.info("job ended: " + after.getStatus().wire());
                }
                end(job, after);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Job " + job.getId() + " could not be recorded; recovery will requeue it", e);
        } finally {
            heartbeat.cancel(false);
        }
    }

    /**
     * Records how a job that ran ended. A failure to record (a lock timeout, the database away for a
     * moment) is retried: it is not a failure of the job, which must not run again for it.
     */
    private Job finish(String id, JobStatus end) throws FinishNotRecorded {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                return store.finish(id, end, Instant.now());
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new FinishNotRecorded(last);
    }

    /** The job ran, but its end could not be written; recovery will look at it again. */
    private static final class FinishNotRecorded extends Exception {
        final RuntimeException cause;

        FinishNotRecorded(RuntimeException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private void end(Job before, Job after) {
        hooks.send(after, after.getStatus() == JobStatus.SCHEDULED ? "retry " + (after.getFails() + 1) + " of " + after.getMaxFails() : null);
    }

    /** Exponential backoff: base, 2x base, 4x base... */
    private Instant retryAt(Job job) {
        long factor = 1L << Math.min(job.getFails(), 10);
        return Instant.now().plus(Duration.ofSeconds(backoffSeconds * factor));
    }

    private final class RunningContext implements JobContext {
        private final Job job;
        private final JobLog log;
        private final JsonObject parameters;
        private volatile boolean stop;

        RunningContext(Job job, JobLog log) {
            this.job = job;
            this.log = log;
            String json = job.getParametersJson();
            try (var reader = Json.createReader(new StringReader(json == null ? "{}" : json))) {
                this.parameters = reader.readObject();
            }
        }

        /** Renews the lease (in Redis and in the database) and picks up a stop request, from the heartbeat thread. */
        void beat() {
            try {
                store.heartbeat(job.getId(), job.getRunBy(), Instant.now());
            } catch (RuntimeException e) {
                // The database is away for a moment: the next beat tries again, well within the lease.
            }
            try {
                queue.renewLease(job.getId(), job.getRunBy());
                if (queue.stopRequested(job.getId())) stop = true;
            } catch (RuntimeException e) {
                // Redis is away: the database heartbeat keeps the job from being taken for lost.
            }
        }

        @Override public String jobId() { return job.getId(); }
        @Override public JsonObject parameters() { return parameters; }
        @Override public JobLog log() { return log; }

        @Override
        public void checkIn(String message) {
            log.info("check-in: " + message);
            hooks.send(store.checkIn(job.getId(), JobLog.mask(message), Instant.now()), message);
        }

        @Override
        public boolean stopRequested() { return stop; }
    }
}

package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;

/**
 * The one way a batch execution gets its job's context: by the job's id. For a job service job
 * (whose worker started the execution) that is the job's log and check-ins; a batch job submitted
 * directly through batch management becomes a job outside the queue whose changes are fired as
 * {@link JobStatusChanged} like any other job's, so its observers cannot tell the two apart.
 */
@ApplicationScoped
public class BatchRuns {
    @Inject JobStore store;
    @Inject JobLogs logs;
    @Inject JobEvents events;

    /** How an execution this server started ended, as its job listener said it (before the batch runtime records it). */
    public record Ending(JobStatus status, String why) {}

    /** Executions whose end a worker of this server waits for, by job id. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Ending>> endings =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Completed when the execution of job {@code jobId} reports its end through {@link BatchRun#ended}: the
     * worker that started it learns at once instead of at its next look at the batch runtime's records.
     * Call before starting the execution, and {@link #forget} after.
     */
    public java.util.concurrent.CompletableFuture<Ending> ending(String jobId) {
        return endings.computeIfAbsent(jobId, k -> new java.util.concurrent.CompletableFuture<>());
    }

    public void forget(String jobId) { endings.remove(jobId); }

    /**
     * Check-ins of an execution are recorded (and fired) at most this often; every one is logged. A scan's five
     * steps each check in, and scan all runs thousands of scans of a few tens of milliseconds: their progress is
     * in the log, and the job's row is written once per scan instead of five times. 0 records every one.
     */
    @jakarta.inject.Inject @org.eclipse.microprofile.config.inject.ConfigProperty(name = "jobservice.batch.checkin.interval.ms", defaultValue = "1000")
    long checkInIntervalMs;

    /** The running job service job {@code jobId}. */
    public BatchRun attach(String jobId) throws IOException {
        JobLogs.Attached log = logs.attach(jobId);
        return new BatchRun() {
            private long recordedAt = Long.MIN_VALUE;

            @Override public String jobId() { return jobId; }
            @Override public JobLog log() { return log.log(); }

            @Override
            public void checkIn(String message) {
                long now = System.nanoTime();
                if (recordedAt != Long.MIN_VALUE && now - recordedAt < checkInIntervalMs * 1_000_000) {
                    log.log().info("check-in: " + message);
                    return;
                }
                recordedAt = now;
                events.checkIn(store, jobId, log.log(), message);
            }

            @Override
            public void ended(JobStatus status, String why) {
                java.util.concurrent.CompletableFuture<Ending> waiting = endings.get(jobId);
                if (waiting != null && status.isFinal()) waiting.complete(new Ending(status, why));
            }

            @Override
            public void close() {
                if (log.owned()) log.log().close();
            }
        };
    }

    /**
     * A job of type {@code name} that runs outside the queue as batch execution {@code execution},
     * logging under {@code logId}. It is Running from now on: that change is fired before this returns.
     */
    public BatchRun outside(long execution, String name, JsonObject parameters, String logId) throws IOException {
        String jobId = "batch-" + execution;
        JobLog log = logs.open(logId);
        String parametersJson = parameters.toString();
        events.fire(new JobStatusChanged(jobId, name, JobStatus.RUNNING, "batch execution " + execution + " started", null, parametersJson));
        return new BatchRun() {
            private boolean ended;

            @Override public String jobId() { return jobId; }
            @Override public JobLog log() { return log; }

            @Override
            public void checkIn(String message) {
                log.info("check-in: " + message);
                events.fire(new JobStatusChanged(jobId, name, JobStatus.RUNNING, message, null, parametersJson));
            }

            @Override
            public void ended(JobStatus status, String why) {
                if (ended || !status.isFinal()) return;
                ended = true;
                log.info("job ended: " + status.wire());
                events.fire(new JobStatusChanged(jobId, name, status, null, status == JobStatus.ERROR ? why : null, parametersJson));
            }

            @Override public void close() { log.close(); }
        };
    }
}

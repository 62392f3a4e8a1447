package io.wharf.scan;

import io.wharf.jobservice.BatchRuns;
import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobStatus;
import io.wharf.jobservice.JobType;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RepositoryName;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Properties;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code IMAGE_SCAN}: one image, scanned by the Jakarta Batch job {@code image-scan}. The worker
 * starts the batch job, forwards a stop request to it and waits; a failed batch job fails the
 * attempt with its exit status (the reason), and the job service retries up to {@code max_fails}.
 *
 * <p>A scan whose trigger is in {@code scan.job.in_worker} (default: scan all's) runs the same five steps
 * ({@link ImageScanSteps}) in the worker's thread instead, with the same log lines, check-ins, stop checks and
 * failure reasons: without the batch runtime's records of an instance, an execution and five step executions,
 * which cost scan all two thirds of its time (issue 23). Everything around the attempt (the job's row, retries,
 * stop, the log, the scan's status through {@code JobStatusChanged}) is the job service's, as for any scan.
 */
@ApplicationScoped
public class ImageScanJob implements JobType {
    public static final String NAME = "IMAGE_SCAN";
    public static final String BATCH_JOB = "image-scan";
    public static final String SCAN_JOB_ID = "scan_job_id";
    public static final String REPOSITORY = "repository";
    public static final String DIGEST = "digest";
    public static final String TAG = "tag";
    /** Why the scan was asked for ({@link ScanTrigger}'s name); decides where its steps run. Absent: in a batch job. */
    public static final String TRIGGER = "trigger";

    /** Batch job parameters (also what a user gives when submitting through batch management). */
    public static final String BATCH_SCAN_JOB_ID = "scanJobId";
    public static final String BATCH_REPOSITORY = "repository";
    public static final String BATCH_REFERENCE = "reference";
    public static final String BATCH_JOB_SERVICE_ID = "jobId";

    static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9-]{1,40}");

    @Inject BatchRuns runs;
    @Inject ImageScanSteps steps;

    /** Triggers (comma-separated {@link ScanTrigger} names) whose scans run their steps in the worker, without a batch job. */
    @Inject @ConfigProperty(name = "scan.job.in_worker", defaultValue = "SCAN_ALL")
    String inWorker;

    /** Check-ins of a scan run in the worker are recorded at most this often (every one is logged), as a batch execution's. */
    @Inject @ConfigProperty(name = "jobservice.batch.checkin.interval.ms", defaultValue = "1000")
    long checkInIntervalMs;

    @Inject @ConfigProperty(name = "scan.job.max_fails", defaultValue = "3")
    int maxFails;

    @Inject @ConfigProperty(name = "scan.job.timeout.seconds", defaultValue = "3600")
    long timeoutSeconds;

    @Inject @ConfigProperty(name = "scan.job.poll.ms", defaultValue = "200")
    long pollMs;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return Math.max(1, maxFails); }

    @Override
    public void validate(JsonObject parameters) {
        String id = string(parameters, SCAN_JOB_ID);
        if (id == null || !ID_PATTERN.matcher(id).matches()) throw new IllegalArgumentException(SCAN_JOB_ID + " must be a scan job id");
        String repository = string(parameters, REPOSITORY);
        String problem = RepositoryName.problem(repository);
        if (problem != null) throw new IllegalArgumentException(REPOSITORY + ": " + problem);
        String digest = string(parameters, DIGEST);
        if (digest == null || !RegistryReference.validDigest(digest)) throw new IllegalArgumentException(DIGEST + " must be a digest such as sha256:<hex>");
        JsonValue tag = parameters.get(TAG);
        if (tag != null && tag.getValueType() != JsonValue.ValueType.STRING) throw new IllegalArgumentException(TAG + " must be a string");
        JsonValue trigger = parameters.get(TRIGGER);
        if (trigger != null && !(trigger instanceof JsonString t && trigger(t.getString()) != null)) {
            throw new IllegalArgumentException(TRIGGER + " must be one of " + java.util.Arrays.toString(ScanTrigger.values()));
        }
    }

    private static ScanTrigger trigger(String name) {
        for (ScanTrigger t : ScanTrigger.values()) if (t.name().equals(name)) return t;
        return null;
    }

    /** Whether the scan these parameters describe runs its steps in the worker. */
    boolean runsInWorker(JsonObject parameters) {
        String trigger = string(parameters, TRIGGER);
        if (trigger == null || trigger(trigger) == null) return false;
        for (String t : inWorker.split(",")) if (t.strip().equalsIgnoreCase(trigger)) return true;
        return false;
    }

    @Override
    public void run(JobContext context) throws Exception {
        JsonObject p = context.parameters();
        if (runsInWorker(p)) {
            runInWorker(context, p);
            return;
        }
        Properties batch = new Properties();
        batch.setProperty(BATCH_SCAN_JOB_ID, p.getString(SCAN_JOB_ID));
        batch.setProperty(BATCH_REPOSITORY, p.getString(REPOSITORY));
        batch.setProperty(BATCH_REFERENCE, p.getString(DIGEST));
        batch.setProperty(BATCH_JOB_SERVICE_ID, context.jobId());
        // The execution finds this job's log and check-ins by its id (BatchRuns.attach); a stop
        // reaches it as the batch runtime's stop, asked for below.
        JobOperator operator = BatchRuntime.getJobOperator();
        java.util.concurrent.CompletableFuture<BatchRuns.Ending> ending = runs.ending(context.jobId());
        try {
            long execution = operator.start(BATCH_JOB, batch);
            context.log().info("batch job " + BATCH_JOB + " started: execution " + execution);
            awaitEnd(context, operator, execution, ending);
        } finally {
            runs.forget(context.jobId());
        }
    }

    /**
     * Waits for the execution: woken by its job listener's report of the end, else (an execution that failed
     * before it could report) by what the batch runtime recorded, looked at every {@code pollMs}.
     */
    private void awaitEnd(JobContext context, JobOperator operator, long execution,
                          java.util.concurrent.CompletableFuture<BatchRuns.Ending> ending) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
        boolean stopping = false;
        while (true) {
            BatchRuns.Ending end = null;
            try {
                end = ending.get(pollMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // look at the batch runtime's records below
            }
            if (end != null) {
                if (end.status() == JobStatus.SUCCESS) return;
                if (end.status() == JobStatus.STOPPED && context.stopRequested()) return;
                throw new ScanAttemptFailed(end.status() == JobStatus.ERROR && end.why() != null ? end.why() : "batch job " + end.status().wire().toLowerCase());
            }
            JobExecution e = operator.getJobExecution(execution);
            BatchStatus status = e.getBatchStatus();
            if (status == BatchStatus.COMPLETED) return;
            if (status == BatchStatus.STOPPED && context.stopRequested()) return;
            if (status == BatchStatus.FAILED || status == BatchStatus.ABANDONED || status == BatchStatus.STOPPED) {
                throw new ScanAttemptFailed(e.getExitStatus() == null || e.getExitStatus().equals(status.name())
                        ? "batch job " + status.name().toLowerCase() : e.getExitStatus());
            }
            if (!stopping && (context.stopRequested() || System.currentTimeMillis() > deadline)) {
                if (!context.stopRequested()) context.log().error("the scan took longer than " + timeoutSeconds + " s; stopping it");
                operator.stop(execution);
                stopping = true;
                if (!context.stopRequested()) deadline = Long.MAX_VALUE;
            }
        }
    }

    /**
     * The five steps in this thread. A stop request ends the attempt Stopped (between steps, or inside the
     * scanner, which asks too); past the time limit the scan stops the same way and the attempt fails.
     */
    private void runInWorker(JobContext context, JsonObject p) throws ScanAttemptFailed {
        WorkerScan run = new WorkerScan(context, p.getString(REPOSITORY), p.getString(DIGEST), p.getString(SCAN_JOB_ID),
                System.currentTimeMillis() + timeoutSeconds * 1000, checkInIntervalMs);
        context.log().info("steps of " + BATCH_JOB + " run in this worker (" + p.getString(TRIGGER) + ")");
        steps.runInThisThread(run);
        if (!run.persisted && !context.stopRequested()) {
            throw new ScanAttemptFailed(run.timedOut ? "the scan took longer than " + timeoutSeconds + " s" : "the scan stopped before its report");
        }
    }

    /**
     * A scan attempt run by the worker: it logs into the job's log and checks in through the job service. Every
     * check-in is logged; one is recorded (the job's row and a Running change of the scan) at most once per
     * interval, counted from the claim, which has just recorded the job and the scan Running: a scan all's scan
     * of a few tens of milliseconds writes neither row again before its end.
     */
    static final class WorkerScan extends ScanAttempt {
        private final JobContext context;
        private final long deadline;
        private final long checkInIntervalNanos;
        private long checkedInAt = System.nanoTime();
        volatile boolean timedOut;

        WorkerScan(JobContext context, String repository, String digest, String scanJobId, long deadline, long checkInIntervalMs) {
            super(repository, digest, scanJobId);
            this.context = context;
            this.deadline = deadline;
            this.checkInIntervalNanos = checkInIntervalMs * 1_000_000;
        }

        @Override
        public boolean stopRequested() {
            if (context.stopRequested()) return true;
            if (!timedOut && System.currentTimeMillis() > deadline) {
                timedOut = true;
                context.log().error("the scan took longer than its time limit; stopping it");
            }
            return timedOut;
        }

        @Override public void info(String message) { context.log().info(message); }
        @Override public void error(String message) { context.log().error(message); }

        @Override
        public void checkIn(String message) {
            long now = System.nanoTime();
            if (now - checkedInAt < checkInIntervalNanos) {
                context.log().info("check-in: " + message);
                return;
            }
            checkedInAt = now;
            context.checkIn(message);
        }
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }

    /** An attempt that failed for a reason the batch job already put in words. */
    public static final class ScanAttemptFailed extends Exception {
        public ScanAttemptFailed(String reason) { super(reason); }
    }
}

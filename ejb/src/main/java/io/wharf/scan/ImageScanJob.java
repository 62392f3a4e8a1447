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
 */
@ApplicationScoped
public class ImageScanJob implements JobType {
    public static final String NAME = "IMAGE_SCAN";
    public static final String BATCH_JOB = "image-scan";
    public static final String SCAN_JOB_ID = "scan_job_id";
    public static final String REPOSITORY = "repository";
    public static final String DIGEST = "digest";
    public static final String TAG = "tag";

    /** Batch job parameters (also what a user gives when submitting through batch management). */
    public static final String BATCH_SCAN_JOB_ID = "scanJobId";
    public static final String BATCH_REPOSITORY = "repository";
    public static final String BATCH_REFERENCE = "reference";
    public static final String BATCH_JOB_SERVICE_ID = "jobId";

    static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9-]{1,40}");

    @Inject BatchRuns runs;

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
    }

    @Override
    public void run(JobContext context) throws Exception {
        JsonObject p = context.parameters();
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

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }

    /** An attempt that failed for a reason the batch job already put in words. */
    public static final class ScanAttemptFailed extends Exception {
        public ScanAttemptFailed(String reason) { super(reason); }
    }
}

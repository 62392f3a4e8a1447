package io.wharf.batch.scan;

import io.wharf.jobservice.BatchRun;
import io.wharf.scan.ScanAttempt;
import jakarta.batch.runtime.context.JobContext;
import java.util.Properties;

/**
 * What one execution of the image-scan job carries from step to step (the job context's transient
 * data): its parameters, where it logs, and what each step found (the steps' code is the scan domain's,
 * {@link io.wharf.scan.ImageScanSteps}, which the job service's worker runs too).
 */
final class ScanRun extends ScanAttempt {
    final String jobServiceId;
    /**
     * Where this execution reports (its job's log and check-ins), from the job service by the job's
     * id: attached when the job service started it, a job outside the queue once the first step
     * recorded a scan submitted directly. Null until then.
     */
    BatchRun job;
    volatile boolean stopRequested;

    private ScanRun(Properties p) {
        super(blankToNull(p.getProperty("repository")), blankToNull(p.getProperty("reference")), blankToNull(p.getProperty("scanJobId")));
        this.jobServiceId = blankToNull(p.getProperty("jobId"));
    }

    /** The execution's run, created from the job's properties on first use. */
    static ScanRun of(JobContext context) {
        Object data = context.getTransientUserData();
        if (data instanceof ScanRun run) return run;
        ScanRun run = new ScanRun(context.getProperties());
        context.setTransientUserData(run);
        return run;
    }

    /** Asked by the batch runtime's stop (which the job service's worker calls on a stop request). */
    @Override
    public boolean stopRequested() { return stopRequested; }

    @Override
    public void info(String message) {
        if (job != null) job.log().info(message);
    }

    @Override
    public void error(String message) {
        if (job != null) job.log().error(message);
    }

    @Override
    public void checkIn(String message) {
        if (job != null) job.checkIn(message);
    }

    void close() {
        if (job != null) job.close();
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}

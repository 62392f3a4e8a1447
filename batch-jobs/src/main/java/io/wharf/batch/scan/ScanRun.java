package io.wharf.batch.scan;

import io.wharf.jobservice.BatchRun;
import io.wharf.scan.ImageManifests;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Finding;
import jakarta.batch.runtime.context.JobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What one execution of the image-scan job carries from step to step (the job context's transient
 * data): its parameters, where it logs, and what each step found.
 */
final class ScanRun {
    final String repository;
    final String reference;
    final String jobServiceId;
    String scanJobId;
    String digest;
    String authorization;
    List<ImageManifests.PlatformManifest> manifests = List.of();
    List<ImageManifests.PlatformImage> images = List.of();
    final List<Finding> findings = new ArrayList<>();
    ScannerInfo scanner;
    /** The vulnerability data the findings were matched against (embedded scanner only). */
    Long dataGeneration;
    java.time.Instant dataUpdatedAt;
    /**
     * Where this execution reports (its job's log and check-ins), from the job service by the job's
     * id: attached when the job service started it, a job outside the queue once the first step
     * recorded a scan submitted directly. Null until then.
     */
    BatchRun job;
    String failure;
    boolean persisted;
    volatile boolean stopRequested;

    private ScanRun(Properties p) {
        this.repository = blankToNull(p.getProperty("repository"));
        this.reference = blankToNull(p.getProperty("reference"));
        this.scanJobId = blankToNull(p.getProperty("scanJobId"));
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
    boolean stopRequested() { return stopRequested; }

    void info(String message) {
        if (job != null) job.log().info(message);
    }

    void error(String message) {
        if (job != null) job.log().error(message);
    }

    void checkIn(String message) {
        if (job != null) job.checkIn(message);
    }

    void close() {
        if (job != null) job.close();
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}

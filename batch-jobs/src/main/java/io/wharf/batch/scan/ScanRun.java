package io.wharf.batch.scan;

import io.wharf.jobservice.JobLog;
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
    /** The running job service job's context, when the job service started this execution. */
    io.wharf.jobservice.JobContext jobService;
    /** The execution's own log, when it was submitted directly (batch management). */
    JobLog ownLog;
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

    boolean submittedDirectly() { return jobServiceId == null; }

    boolean stopRequested() { return stopRequested || (jobService != null && jobService.stopRequested()); }

    void info(String message) {
        if (jobService != null) jobService.log().info(message);
        else if (ownLog != null) ownLog.info(message);
    }

    void error(String message) {
        if (jobService != null) jobService.log().error(message);
        else if (ownLog != null) ownLog.error(message);
    }

    void checkIn(String message) {
        if (jobService != null) jobService.checkIn(message);
        else info("check-in: " + message);
    }

    void close() {
        if (ownLog != null) ownLog.close();
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}

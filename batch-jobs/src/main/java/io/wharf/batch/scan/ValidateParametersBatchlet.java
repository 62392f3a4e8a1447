package io.wharf.batch.scan;

import io.wharf.jobservice.BatchRuns;
import io.wharf.scan.ImageScanJob;
import io.wharf.scan.ImageScanSteps;
import io.wharf.scan.ScanJob;
import io.wharf.scan.ScanService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;

/**
 * First step. A scan the job service runs was checked when it was asked for; what can have changed
 * since is its record (gone, already ended), so that is what is checked here. A job submitted
 * directly (batch management) names a repository and a tag or digest: the scan domain checks and
 * records it as it does a user's request, and the execution becomes a job outside the queue.
 */
@Named
@Dependent
public class ValidateParametersBatchlet extends ScanStepBatchlet {
    @Inject ImageScanSteps steps;
    @Inject ScanService scans;
    @Inject BatchRuns runs;

    @Override
    protected void work(ScanRun run) throws Exception {
        if (run.scanJobId == null) {
            if (run.repository == null) throw new IllegalArgumentException("the job parameter repository is required");
            if (run.reference == null) throw new IllegalArgumentException("the job parameter reference (a tag or digest) is required");
            ScanJob job = scans.recordDirect(run.repository, run.reference, "batch execution " + jobContext.getExecutionId());
            run.scanJobId = job.getId();
            run.digest = job.getDigest();
        } else {
            steps.checkRecorded(run);
        }
        if (run.job == null) {
            run.job = runs.outside(jobContext.getExecutionId(), ImageScanJob.NAME,
                    Json.createObjectBuilder().add(ImageScanJob.SCAN_JOB_ID, run.scanJobId).build(), run.scanJobId);
        }
        run.info("scanning " + job(run) + " (scan " + run.scanJobId + ", batch execution " + jobContext.getExecutionId() + ")");
    }

    private static String job(ScanRun run) {
        return (run.repository == null ? "" : run.repository) + "@" + run.digest;
    }
}

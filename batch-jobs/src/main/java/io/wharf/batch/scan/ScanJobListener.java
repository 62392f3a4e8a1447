package io.wharf.batch.scan;

import io.wharf.jobservice.BatchRuns;
import io.wharf.jobservice.JobStatus;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Ties the execution to its job: a job service job's context is attached before the first step
 * (the first step does it for a scan submitted directly), and how the execution ended is handed to
 * it. The scan's status is never written here: the job's changes reach the scan domain as events.
 */
@Named
@Dependent
public class ScanJobListener extends AbstractJobListener {
    @Inject JobContext jobContext;
    @Inject BatchRuns runs;

    @Override
    public void beforeJob() throws Exception {
        ScanRun run = ScanRun.of(jobContext);
        if (run.jobServiceId != null) run.job = runs.attach(run.jobServiceId);
    }

    @Override
    public void afterJob() {
        ScanRun run = ScanRun.of(jobContext);
        try {
            if (run.job == null) return; // failed before a scan was recorded: nothing to report into
            if (run.failure != null) run.job.ended(JobStatus.ERROR, run.failure);
            else if (!run.persisted) run.job.ended(JobStatus.STOPPED, "stopped");
            else run.job.ended(JobStatus.SUCCESS, null);
        } finally {
            run.close();
        }
    }
}

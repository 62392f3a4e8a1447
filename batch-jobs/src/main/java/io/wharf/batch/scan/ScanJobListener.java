package io.wharf.batch.scan;

import io.wharf.jobservice.StatusHooks;
import io.wharf.scan.ScanService;
import io.wharf.scan.ScanStatus;
import io.wharf.scan.ScanStore;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;

/**
 * Posts the scan's status changes to its status hook. Under the job service, the job service owns
 * the final status (it may retry), so this only records why an attempt failed; a job submitted
 * directly has no job service, so this posts its end too.
 */
@Named
@Dependent
public class ScanJobListener extends AbstractJobListener {
    @Inject JobContext jobContext;
    @Inject StatusHooks hooks;
    @Inject ScanService scans;
    @Inject ScanStore store;

    @Override
    public void beforeJob() {
        ScanRun run = ScanRun.of(jobContext);
        if (run.scanJobId != null) post(run, ScanStatus.RUNNING, "batch execution " + jobContext.getExecutionId() + " started");
    }

    @Override
    public void afterJob() {
        ScanRun run = ScanRun.of(jobContext);
        try {
            if (run.scanJobId == null) return;
            if (run.failure != null) {
                store.recordFailure(run.scanJobId, run.failure);
                if (run.submittedDirectly()) post(run, ScanStatus.ERROR, run.failure);
            } else if (!run.persisted && run.submittedDirectly()) {
                post(run, ScanStatus.STOPPED, "stopped");
            }
        } finally {
            run.close();
        }
    }

    private void post(ScanRun run, ScanStatus status, String checkIn) {
        hooks.post(scans.hookUrl(run.scanJobId), Json.createObjectBuilder()
                .add("job_id", run.jobServiceId == null ? "batch-" + jobContext.getExecutionId() : run.jobServiceId)
                .add("status", status.wire())
                .add("check_in", checkIn)
                .add("metadata", Json.createObjectBuilder().add("batch_execution_id", jobContext.getExecutionId()))
                .build());
    }
}

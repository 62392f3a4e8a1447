package io.wharf.batch.scan;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;

/**
 * A step of the scan job: runs its work and, when it fails, says why in the job's log and exit
 * status, which the job service records as the reason of the failed attempt.
 */
abstract class ScanStepBatchlet extends AbstractBatchlet {
    @Inject JobContext jobContext;
    @Inject StepContext stepContext;

    @Override
    public final String process() throws Exception {
        ScanRun run = ScanRun.of(jobContext);
        if (run.stopRequested()) return BatchStatus.STOPPED.name();
        try {
            work(run);
            return run.stopRequested() ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
        } catch (Exception e) {
            io.wharf.scan.ImageScanSteps.failed(run, stepContext.getStepName(), e);
            jobContext.setExitStatus(run.failure);
            throw e;
        }
    }

    @Override
    public void stop() {
        ScanRun.of(jobContext).stopRequested = true;
    }

    protected abstract void work(ScanRun run) throws Exception;
}

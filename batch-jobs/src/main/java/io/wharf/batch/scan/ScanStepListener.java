package io.wharf.batch.scan;

import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Logs each step and reports it as a check-in, so users see how far a scan got. */
@Named
@Dependent
public class ScanStepListener extends AbstractStepListener {
    @Inject JobContext jobContext;
    @Inject StepContext stepContext;

    @Override
    public void beforeStep() {
        ScanRun run = ScanRun.of(jobContext);
        run.info("step " + stepContext.getStepName() + " started");
        run.checkIn(stepContext.getStepName());
    }

    @Override
    public void afterStep() {
        ScanRun run = ScanRun.of(jobContext);
        if (run.failure == null) run.info("step " + stepContext.getStepName() + " done");
    }
}

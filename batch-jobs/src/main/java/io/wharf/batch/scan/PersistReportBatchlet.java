package io.wharf.batch.scan;

import io.wharf.scan.ImageScanSteps;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Replaces the digest's report: vulnerability rows, severity summary and overview, in one transaction ({@link ImageScanSteps#persistReport}). */
@Named
@Dependent
public class PersistReportBatchlet extends ScanStepBatchlet {
    @Inject ImageScanSteps steps;

    @Override
    protected void work(ScanRun run) throws Exception {
        steps.persistReport(run);
    }
}

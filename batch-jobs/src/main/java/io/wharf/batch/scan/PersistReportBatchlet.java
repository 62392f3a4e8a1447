package io.wharf.batch.scan;

import io.wharf.scan.ScanLifecycle;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Replaces the digest's report: vulnerability rows, severity summary and overview, in one transaction. */
@Named
@Dependent
public class PersistReportBatchlet extends ScanStepBatchlet {
    @Inject ScanLifecycle lifecycle;

    @Override
    protected void work(ScanRun run) {
        lifecycle.reportSaved(run.scanJobId, run.scanner, run.findings, run.dataGeneration, run.dataUpdatedAt);
        run.persisted = true;
        run.info("report saved: " + run.findings.size() + " findings");
    }
}

package io.wharf.batch.scan;

import io.wharf.scan.ImageScanSteps;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Turns each manifest's layers into what a scanner reads: digest, media type, blob URL and auth header ({@link ImageScanSteps#prepareLayers}). */
@Named
@Dependent
public class PrepareLayersBatchlet extends ScanStepBatchlet {
    @Inject ImageScanSteps steps;

    @Override
    protected void work(ScanRun run) throws Exception {
        steps.prepareLayers(run);
    }
}

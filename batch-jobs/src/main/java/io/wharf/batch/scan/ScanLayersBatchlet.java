package io.wharf.batch.scan;

import io.wharf.scan.ImageScanSteps;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Hands each image to the configured scanner and collects the findings ({@link ImageScanSteps#scanLayers}). */
@Named
@Dependent
public class ScanLayersBatchlet extends ScanStepBatchlet {
    @Inject ImageScanSteps steps;

    @Override
    protected void work(ScanRun run) throws Exception {
        steps.scanLayers(run);
    }
}

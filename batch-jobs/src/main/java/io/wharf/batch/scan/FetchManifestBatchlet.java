package io.wharf.batch.scan;

import io.wharf.scan.ImageScanSteps;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Reads the manifest with a pull token minted for this job; for an index, each platform image's manifest ({@link ImageScanSteps#fetchManifest}). */
@Named
@Dependent
public class FetchManifestBatchlet extends ScanStepBatchlet {
    @Inject ImageScanSteps steps;

    @Override
    protected void work(ScanRun run) throws Exception {
        steps.fetchManifest(run);
    }
}

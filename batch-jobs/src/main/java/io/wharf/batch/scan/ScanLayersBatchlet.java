package io.wharf.batch.scan;

import io.wharf.scan.ImageManifests;
import io.wharf.scan.ScannerSelector;
import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanOutcome;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Hands each image to the configured scanner and collects the findings. */
@Named
@Dependent
public class ScanLayersBatchlet extends ScanStepBatchlet {
    @Inject ScannerSelector selector;

    @Override
    protected void work(ScanRun run) throws Exception {
        ImageScanner scanner = selector.current();
        run.info("scanner: " + scanner.type());
        ScanContext context = new ScanContext(run::info, run::stopRequested);
        for (ImageManifests.PlatformImage image : run.images) {
            if (run.stopRequested()) return;
            ScanOutcome outcome = scanner.scan(image.target(), context);
            run.scanner = outcome.scanner();
            run.findings.addAll(outcome.findings());
            if (outcome.dataGeneration() != null) {
                run.dataGeneration = outcome.dataGeneration();
                run.dataUpdatedAt = outcome.dataUpdatedAt();
            }
            run.info((image.platform() == null ? "image" : image.platform()) + ": " + outcome.findings().size() + " vulnerabilities");
        }
        if (run.scanner == null) run.scanner = scanner.info();
    }
}

package io.wharf.batch.scan;

import io.wharf.scan.ImageManifests;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Turns each manifest's layers into what a scanner reads: digest, media type, blob URL and auth header. */
@Named
@Dependent
public class PrepareLayersBatchlet extends ScanStepBatchlet {
    @Inject ImageManifests images;

    @Override
    protected void work(ScanRun run) {
        run.images = images.targets(run.repository, run.manifests, run.authorization);
        int layers = run.images.stream().mapToInt(i -> i.target().layers().size()).sum();
        run.info(layers + " layers to scan in " + run.images.size() + " image(s)");
    }
}

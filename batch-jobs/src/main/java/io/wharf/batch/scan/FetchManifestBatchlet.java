package io.wharf.batch.scan;

import io.wharf.scan.ImageManifests;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Reads the manifest with a pull token minted for this job; for an index, each platform image's manifest. */
@Named
@Dependent
public class FetchManifestBatchlet extends ScanStepBatchlet {
    @Inject ImageManifests images;

    @Override
    protected void work(ScanRun run) throws Exception {
        run.authorization = images.pullAuthorization(run.repository);
        run.manifests = images.manifests(run.repository, run.digest, run.authorization);
        for (ImageManifests.PlatformManifest m : run.manifests) {
            run.info("manifest " + m.digest() + (m.platform() == null ? "" : " (" + m.platform() + ")") + ": "
                    + m.manifest().mediaType() + ", " + m.manifest().layers().size() + " layers");
        }
    }
}

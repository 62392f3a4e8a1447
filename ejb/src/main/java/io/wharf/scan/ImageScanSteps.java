package io.wharf.scan;

import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The five steps of a scan (the image-scan job's: validate-parameters, fetch-manifest, prepare-layers,
 * scan-layers, persist-report) as code that both the batch job's batchlets and the job service's worker run.
 * {@link #runInThisThread} runs them one after the other as the batch job's listeners frame them: each step's
 * start is logged and checked in, a stop is looked at between steps, a failing step says why in the log.
 */
@ApplicationScoped
public class ImageScanSteps {
    public static final String VALIDATE = "validate-parameters";
    public static final String FETCH_MANIFEST = "fetch-manifest";
    public static final String PREPARE_LAYERS = "prepare-layers";
    public static final String SCAN_LAYERS = "scan-layers";
    public static final String PERSIST_REPORT = "persist-report";

    @Inject ScanStore store;
    @Inject ImageManifests manifests;
    @Inject ScannerSelector selector;
    @Inject ScanLifecycle lifecycle;

    /** One step: its name (as in image-scan.xml) and its work. */
    private record Step(String name, Work work) {}

    @FunctionalInterface
    private interface Work {
        void on(ScanAttempt run) throws Exception;
    }

    private final List<Step> steps = List.of(
            new Step(VALIDATE, this::validateInWorker),
            new Step(FETCH_MANIFEST, this::fetchManifest),
            new Step(PREPARE_LAYERS, this::prepareLayers),
            new Step(SCAN_LAYERS, this::scanLayers),
            new Step(PERSIST_REPORT, this::persistReport));

    /**
     * Runs the five steps in the calling thread. Returns when they are done or a stop was seen between them
     * ({@code run.persisted} tells which).
     *
     * @throws ImageScanJob.ScanAttemptFailed naming the step that failed and why
     */
    public void runInThisThread(ScanAttempt run) throws ImageScanJob.ScanAttemptFailed {
        for (Step step : steps) {
            if (run.stopRequested()) return;
            run.info("step " + step.name() + " started");
            run.checkIn(step.name());
            try {
                step.work().on(run);
            } catch (Exception e) {
                failed(run, step.name(), e);
                throw new ImageScanJob.ScanAttemptFailed(run.failure);
            }
            run.info("step " + step.name() + " done");
        }
    }

    /** Records why step {@code step} failed in the run and its log. */
    public static void failed(ScanAttempt run, String step, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        run.failure = step + ": " + why;
        run.error("step " + run.failure);
    }

    /**
     * First step of a scan the job service runs: it was checked when it was asked for; what can have changed
     * since is its record (gone, already ended), so that is what is checked here.
     */
    public void checkRecorded(ScanAttempt run) {
        ScanJob job = store.find(run.scanJobId)
                .orElseThrow(() -> new IllegalArgumentException("scan job " + run.scanJobId + " does not exist"));
        if (job.getStatus().isFinal()) throw new IllegalStateException("scan job " + run.scanJobId + " already ended " + job.getStatus().wire());
        if (run.repository != null && !job.getRepository().equals(run.repository)) {
            throw new IllegalArgumentException("scan job " + run.scanJobId + " is for another repository");
        }
        run.digest = job.getDigest();
    }

    private void validateInWorker(ScanAttempt run) {
        checkRecorded(run);
        run.info("scanning " + run.repository + "@" + run.digest + " (scan " + run.scanJobId + ", in the job service's worker)");
    }

    /** Reads the manifest with a pull token minted for this scan; for an index, each platform image's manifest. */
    public void fetchManifest(ScanAttempt run) throws Exception {
        run.authorization = manifests.pullAuthorization(run.repository);
        run.manifests = manifests.manifests(run.repository, run.digest, run.authorization);
        for (ImageManifests.PlatformManifest m : run.manifests) {
            run.info("manifest " + m.digest() + (m.platform() == null ? "" : " (" + m.platform() + ")") + ": "
                    + m.manifest().mediaType() + ", " + m.manifest().layers().size() + " layers");
        }
    }

    /** Turns each manifest's layers into what a scanner reads: digest, media type, blob URL and auth header. */
    public void prepareLayers(ScanAttempt run) {
        run.images = manifests.targets(run.repository, run.manifests, run.authorization);
        int layers = run.images.stream().mapToInt(i -> i.target().layers().size()).sum();
        run.info(layers + " layers to scan in " + run.images.size() + " image(s)");
    }

    /** Hands each image to the configured scanner and collects the findings. */
    public void scanLayers(ScanAttempt run) throws Exception {
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

    /** Replaces the digest's report: vulnerability rows, severity summary and overview, in one transaction. */
    public void persistReport(ScanAttempt run) {
        lifecycle.reportSaved(run.scanJobId, run.scanner, run.findings, run.dataGeneration, run.dataUpdatedAt);
        run.persisted = true;
        run.info("report saved: " + run.findings.size() + " findings");
    }
}

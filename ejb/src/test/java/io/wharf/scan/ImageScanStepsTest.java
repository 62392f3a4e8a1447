package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobLog;
import io.wharf.jobservice.JobLogs;
import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.LayerTarget;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScanOutcome;
import io.wharf.scan.spi.ScanTarget;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Finding;
import io.wharf.scanner.Severity;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan all's scan runs the image-scan job's five steps in the job service's worker: the same steps, log lines,
 * check-ins, stop checks and failure reasons as the batch job, and the same report. A user's scan still runs
 * as a batch job (what batch management and Admin Center show).
 */
class ImageScanStepsTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String LAYER = "sha256:" + "fedcba9876543210".repeat(4);
    private static final String SCAN_ID = "5b7c2a9e-0d4f-4f7e-9a53-1f0e3c0b9d11";
    /** GHSA-35jh-r3h4-6jhm as the OSV record gives it: lodash before 4.17.21 (CVE-2021-23337). */
    private static final Finding LODASH = new Finding("GHSA-35jh-r3h4-6jhm", List.of("CVE-2021-23337"), "lodash", "npm", "4.17.19",
            "4.17.21", Severity.HIGH, "Command Injection in lodash", List.of("https://nvd.nist.gov/vuln/detail/CVE-2021-23337"), LAYER);
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + DIGEST + "\",\"size\":2},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + LAYER + "\",\"size\":1234}]}")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    private final ImageScanJob type = new ImageScanJob();
    private final List<String> checkIns = new ArrayList<>();
    private final List<String> saved = new ArrayList<>();
    private ScanJob scan;
    private JobLogs logs;
    private JobLog log;
    private volatile boolean stop;
    /** What the fake scanner does with the image it is handed. */
    private Function<ScanContext, List<Finding>> scanner = c -> List.of(LODASH);

    @BeforeEach
    void wire() throws Exception {
        scan = new ScanJob(SCAN_ID, "hpc/app", null, DIGEST, 1L, ScanTrigger.SCAN_ALL, "run-1", "scan-all", Instant.now());
        ImageScanSteps steps = new ImageScanSteps();
        steps.store = new ScanStore() {
            @Override public Optional<ScanJob> find(String id) { return id.equals(SCAN_ID) ? Optional.of(scan) : Optional.empty(); }
        };
        steps.manifests = new ImageManifests() {
            @Override public String pullAuthorization(String repository) { return "Bearer minted-for-" + repository; }

            @Override
            public List<PlatformManifest> manifests(String repository, String digest, String authorization) {
                return List.of(new PlatformManifest(null, digest, ManifestLayers.parse(MANIFEST, null)));
            }

            @Override
            public List<PlatformImage> targets(String repository, List<PlatformManifest> manifests, String authorization) {
                return manifests.stream().map(m -> new PlatformImage(null, new ScanTarget("http://registry", repository, m.digest(),
                        m.manifest().mediaType(), m.manifest().layers().stream()
                        .map(l -> new LayerTarget(l.digest(), l.mediaType(), l.size(), "http://registry/v2/" + repository + "/blobs/" + l.digest()))
                        .toList(), authorization))).toList();
            }
        };
        steps.selector = new ScannerSelector() {
            @Override
            public ImageScanner current() {
                return new ImageScanner() {
                    @Override public String type() { return "embedded"; }
                    @Override public ScannerInfo info() { return new ScannerInfo("Wharf", "Wharf", "1"); }

                    @Override
                    public ScanOutcome scan(ScanTarget target, ScanContext context) throws ScanFailedException {
                        return new ScanOutcome(info(), scanner.apply(context), 7L, Instant.parse("2026-12-07T10:00:00Z"));
                    }
                };
            }
        };
        steps.lifecycle = new ScanLifecycle() {
            @Override
            public void reportSaved(String scanId, ScannerInfo info, List<Finding> findings, Long generation, Instant updatedAt) {
                saved.add(scanId + " " + findings.stream().map(Finding::vulnerabilityId).toList() + " generation " + generation);
            }
        };
        type.steps = steps;
        type.inWorker = "SCAN_ALL";
        type.timeoutSeconds = 3600;
        type.checkInIntervalMs = 1000;
        logs = new JobLogs();
        var home = JobLogs.class.getDeclaredField("home");
        home.setAccessible(true);
        home.set(logs, dir.toString());
        var logDir = JobLogs.class.getDeclaredField("logDir");
        logDir.setAccessible(true);
        logDir.set(logs, Optional.empty());
        log = logs.open("job-1");
    }

    private JsonObject parameters(String trigger) {
        var b = Json.createObjectBuilder().add("scan_job_id", SCAN_ID).add("repository", "hpc/app").add("digest", DIGEST).add("tag", "");
        if (trigger != null) b.add("trigger", trigger);
        return b.build();
    }

    private JobContext context(JsonObject parameters) {
        return new JobContext() {
            @Override public String jobId() { return "job-1"; }
            @Override public JsonObject parameters() { return parameters; }
            @Override public JobLog log() { return log; }
            @Override public void checkIn(String message) { checkIns.add(message); log.info("check-in: " + message); }
            @Override public boolean stopRequested() { return stop; }
        };
    }

    private String logText() {
        log.close();
        return logs.read("job-1").orElseThrow();
    }

    @Test
    void aScanAllScanRunsTheFiveStepsInTheWorkerAndSavesItsReport() throws Exception {
        type.run(context(parameters("SCAN_ALL")));

        assertEquals(List.of(SCAN_ID + " [GHSA-35jh-r3h4-6jhm] generation 7"), saved);
        String text = logText();
        int at = 0;
        for (String step : List.of("validate-parameters", "fetch-manifest", "prepare-layers", "scan-layers", "persist-report")) {
            int started = text.indexOf("step " + step + " started", at);
            assertTrue(started >= at, "step " + step + " started, in order: " + text);
            at = text.indexOf("step " + step + " done", started);
            assertTrue(at > started, "step " + step + " done: " + text);
            assertTrue(text.contains("check-in: " + step), "every step's check-in is in the log: " + text);
        }
        assertTrue(text.contains("steps of image-scan run in this worker (SCAN_ALL)"), text);
        assertTrue(text.contains("scanning hpc/app@" + DIGEST + " (scan " + SCAN_ID), text);
        assertTrue(text.contains("manifest " + DIGEST + ": application/vnd.oci.image.manifest.v1+json, 1 layers"), text);
        assertTrue(text.contains("image: 1 vulnerabilities") && text.contains("report saved: 1 findings"), text);
        assertFalse(text.contains("minted-for"), "no credential in the log: " + text);
        assertEquals(List.of(), checkIns, "a scan shorter than the check-in interval writes its job's row only at its claim and end");
    }

    @Test
    void aLongerScanRecordsACheckInOncePerInterval() throws Exception {
        type.checkInIntervalMs = 200;
        scanner = c -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(LODASH);
        };
        type.run(context(parameters("SCAN_ALL")));
        assertTrue(checkIns.contains("persist-report") && !checkIns.contains("validate-parameters") && checkIns.size() <= 2,
                "the claim counts as the first; a step after the interval is recorded; all are logged: " + checkIns);
        for (String step : List.of("validate-parameters", "fetch-manifest", "prepare-layers", "scan-layers", "persist-report")) {
            assertTrue(logText().contains("check-in: " + step), step);
        }
    }

    @Test
    void aStopAskedForWhileTheLayersAreReadEndsTheScanWithoutAReport() throws Exception {
        scanner = c -> {
            stop = true; // the worker's heartbeat picked up a stop request while the scanner read the layers
            assertTrue(c.stopRequested().getAsBoolean(), "the scanner is told");
            return List.of(LODASH);
        };
        type.run(context(parameters("SCAN_ALL"))); // returns: the job service records the job Stopped

        assertTrue(saved.isEmpty(), "no report: " + saved);
        String text = logText();
        assertTrue(text.contains("step scan-layers started"), text);
        assertFalse(text.contains("step persist-report started") || text.contains("report saved"), text);
    }

    @Test
    void aFailingStepFailsTheAttemptWithTheStepAndTheReason() {
        scanner = c -> {
            throw new IllegalStateException("cannot read layer " + LAYER + ": 404");
        };
        ImageScanJob.ScanAttemptFailed failed = assertThrows(ImageScanJob.ScanAttemptFailed.class, () -> type.run(context(parameters("SCAN_ALL"))));

        assertEquals("scan-layers: cannot read layer " + LAYER + ": 404", failed.getMessage());
        assertTrue(saved.isEmpty());
        String text = logText();
        assertTrue(text.contains("[ERROR] step scan-layers: cannot read layer " + LAYER), text);
        assertFalse(text.contains("step scan-layers done"), text);
    }

    @Test
    void aScanThatEndedMeanwhileIsNotScannedAgain() {
        scan.moveTo(ScanStatus.STOPPED, Instant.now());
        ImageScanJob.ScanAttemptFailed failed = assertThrows(ImageScanJob.ScanAttemptFailed.class, () -> type.run(context(parameters("SCAN_ALL"))));
        assertEquals("validate-parameters: scan job " + SCAN_ID + " already ended Stopped", failed.getMessage());
        assertTrue(saved.isEmpty());
    }

    @Test
    void aScanPastItsTimeLimitStopsAndFails() {
        type.timeoutSeconds = 0;
        scanner = c -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(LODASH);
        };
        ImageScanJob.ScanAttemptFailed failed = assertThrows(ImageScanJob.ScanAttemptFailed.class, () -> type.run(context(parameters("SCAN_ALL"))));
        assertEquals("the scan took longer than 0 s", failed.getMessage());
        assertTrue(saved.isEmpty());
        assertTrue(logText().contains("[ERROR] the scan took longer than its time limit; stopping it"));
    }

    @Test
    void onlyTheConfiguredTriggersRunInTheWorker() {
        assertTrue(type.runsInWorker(parameters("SCAN_ALL")));
        assertFalse(type.runsInWorker(parameters("MANUAL")), "a user's scan is a batch job (batch management, Admin Center)");
        assertFalse(type.runsInWorker(parameters("PUSH")));
        assertFalse(type.runsInWorker(parameters(null)), "a job queued before the trigger was a parameter");
        type.inWorker = "SCAN_ALL, MANUAL,PUSH";
        assertTrue(type.runsInWorker(parameters("MANUAL")) && type.runsInWorker(parameters("PUSH")));
        type.inWorker = "";
        assertFalse(type.runsInWorker(parameters("SCAN_ALL")), "empty: every scan is a batch job");
    }

    @Test
    void theTriggerParameterIsChecked() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> type.validate(parameters("NIGHTLY"))).getMessage().contains("trigger"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> type.validate(Json.createObjectBuilder(parameters(null)).add("trigger", 3).build())).getMessage().contains("trigger"));
        type.validate(parameters("SCAN_ALL"));
        type.validate(parameters(null));
        assertNull(parameters(null).get("trigger"));
    }
}

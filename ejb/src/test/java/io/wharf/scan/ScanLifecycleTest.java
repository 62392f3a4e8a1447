package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.jobservice.JobStatus;
import io.wharf.jobservice.JobStatusChanged;
import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scan's status is written by {@link ScanLifecycle} alone, from the job's changes as the job
 * service fires them: in order, repeated, late or out of order, a scan ends where its job ended.
 */
class ScanLifecycleTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /** The store's status write, on rows kept in memory; every write is counted. */
    private static final class MemoryStore extends ScanStore {
        final Map<String, ScanJob> rows = new HashMap<>();
        final List<String> writes = new ArrayList<>();

        @Override
        public Optional<ScanJob> moveTo(String scanId, ScanStatus status, String message) {
            ScanJob job = rows.get(scanId);
            if (job == null) return Optional.empty();
            writes.add(status.wire());
            if (message != null && (status == ScanStatus.ERROR || status == ScanStatus.SCHEDULED)) job.message(message);
            job.moveTo(status, Instant.now());
            return Optional.of(job);
        }

        @Override
        public void saveReport(String scanId, io.wharf.scan.spi.ScannerInfo scanner, List<io.wharf.scanner.Finding> findings,
                               Long dataGeneration, Instant dataUpdatedAt) {
            ScanJob job = rows.get(scanId);
            writes.add("report");
            job.moveTo(ScanStatus.SUCCESS, Instant.now());
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final ScanLifecycle lifecycle = new ScanLifecycle();
    private ScanJob scan;

    @BeforeEach
    void aPendingScan() {
        lifecycle.store = store;
        scan = new ScanJob("5b7c2a9e-0d4f-4f7e-9a53-1f0e3c0b9d11", "hpc/app", "v1", DIGEST, 1L, ScanTrigger.MANUAL, null, "dev",
                Instant.now());
        store.rows.put(scan.getId(), scan);
    }

    private JobStatusChanged change(String jobName, JobStatus status, String checkIn, String lastError) {
        String parameters = Json.createObjectBuilder().add(ImageScanJob.SCAN_JOB_ID, scan.getId())
                .add(ImageScanJob.REPOSITORY, "hpc/app").add(ImageScanJob.DIGEST, DIGEST).build().toString();
        return new JobStatusChanged("job-1", jobName, status, checkIn, lastError, parameters);
    }

    private void job(JobStatus status) { lifecycle.onJob(change(ImageScanJob.NAME, status, null, null)); }

    @Test
    void aScanFollowsItsJobFromPendingThroughRunningToSuccess() {
        job(JobStatus.PENDING);
        assertEquals(ScanStatus.PENDING, scan.getStatus());
        job(JobStatus.RUNNING);
        assertEquals(ScanStatus.RUNNING, scan.getStatus());
        assertNotNull(scan.getStartTime());
        lifecycle.onJob(change(ImageScanJob.NAME, JobStatus.RUNNING, "scan-layers", null));
        assertEquals(ScanStatus.RUNNING, scan.getStatus(), "a check-in keeps it running");
        job(JobStatus.SUCCESS);
        assertEquals(ScanStatus.SUCCESS, scan.getStatus());
        assertNotNull(scan.getEndTime());
        assertEquals(List.of("Running", "Running", "Success"), store.writes, "the job's Pending writes nothing: the scan starts Pending");
    }

    @Test
    void scanAllWaitingForAFreePlaceWakesWhenAScanEndsNotWhenOneChecksIn() throws Exception {
        job(JobStatus.RUNNING);
        Thread checkIn = new Thread(() -> {
            pause(100);
            lifecycle.onJob(change(ImageScanJob.NAME, JobStatus.RUNNING, "scan-layers", null));
        });
        checkIn.start();
        long t0 = System.nanoTime();
        lifecycle.awaitAnEnd(700);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        checkIn.join();
        assertTrue(waited >= 650, "a check-in is no end: the wait ran its full time, " + waited + " ms");

        Thread end = new Thread(() -> {
            pause(150);
            job(JobStatus.SUCCESS);
        });
        end.start();
        t0 = System.nanoTime();
        lifecycle.awaitAnEnd(20_000);
        waited = (System.nanoTime() - t0) / 1_000_000;
        end.join();
        assertEquals(ScanStatus.SUCCESS, scan.getStatus());
        assertTrue(waited < 10_000, "woken by the end, not by the time limit: " + waited + " ms");
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFinishedScanNeverGoesBackWhateverArrivesLate() {
        job(JobStatus.RUNNING);
        job(JobStatus.SUCCESS);
        Instant ended = scan.getEndTime();
        job(JobStatus.RUNNING);
        job(JobStatus.SUCCESS);
        job(JobStatus.SCHEDULED);
        job(JobStatus.ERROR);
        job(JobStatus.PENDING);
        assertEquals(ScanStatus.SUCCESS, scan.getStatus());
        assertEquals(ended, scan.getEndTime());
    }

    @Test
    void aPendingArrivingAfterRunningIsIgnoredAndARetryRunsAgain() {
        job(JobStatus.RUNNING);
        job(JobStatus.PENDING);
        assertEquals(ScanStatus.RUNNING, scan.getStatus(), "Pending after Running is out of order");
        lifecycle.onJob(change(ImageScanJob.NAME, JobStatus.SCHEDULED, "retry 2 of 3", "ScanAttemptFailed: scan-layers: cannot read layer"));
        assertEquals(ScanStatus.SCHEDULED, scan.getStatus());
        assertEquals("ScanAttemptFailed: scan-layers: cannot read layer", scan.getMessage(), "why the attempt failed is kept");
        job(JobStatus.RUNNING);
        lifecycle.onJob(change(ImageScanJob.NAME, JobStatus.ERROR, null, "ScanAttemptFailed: scan-layers: cannot read layer"));
        assertEquals(ScanStatus.ERROR, scan.getStatus());
        job(JobStatus.RUNNING);
        assertEquals(ScanStatus.ERROR, scan.getStatus(), "an ended scan is not run again by a late Running");
    }

    @Test
    void otherJobsAndJobsWithoutAScanAreNotTheScansConcern() {
        lifecycle.onJob(change("SAMPLE", JobStatus.RUNNING, null, null));
        lifecycle.onJob(new JobStatusChanged("job-2", ImageScanJob.NAME, JobStatus.RUNNING, null, null, "{}"));
        lifecycle.onJob(new JobStatusChanged("job-3", ImageScanJob.NAME, JobStatus.RUNNING, null, null, null));
        assertEquals(ScanStatus.PENDING, scan.getStatus());
        assertTrue(store.writes.isEmpty(), store.writes::toString);
    }

    @Test
    void theSuccessOfAScanWhoseReportWasSavedHereWritesNothingMoreButStillEndsTheWait() throws Exception {
        job(JobStatus.RUNNING);
        lifecycle.reportSaved(scan.getId(), new io.wharf.scan.spi.ScannerInfo("Wharf", "Wharf", "1"), List.of(), 1L, Instant.now());
        assertEquals(ScanStatus.SUCCESS, scan.getStatus(), "the report's transaction ends the scan");
        Thread end = new Thread(() -> {
            pause(150);
            job(JobStatus.SUCCESS);
        });
        end.start();
        long t0 = System.nanoTime();
        lifecycle.awaitAnEnd(20_000);
        end.join();
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "scan all waiting for a free place is woken by the job's end");
        assertEquals(List.of("Running", "report"), store.writes, "the job's Success has nothing left to write");
        job(JobStatus.SUCCESS);
        assertEquals(List.of("Running", "report", "Success"), store.writes, "a second Success is applied as any change (and changes nothing)");
        assertEquals(ScanStatus.SUCCESS, scan.getStatus());
    }

    @Test
    void aHookFromOutsideTakesTheSamePath() {
        assertTrue(lifecycle.apply("no-such-scan", ScanStatus.SUCCESS, null).isEmpty());
        assertEquals(ScanStatus.STOPPED, lifecycle.apply(scan.getId(), ScanStatus.STOPPED, null).orElseThrow().getStatus());
        assertNull(scan.getMessage());
    }
}

package io.wharf.scan;

import io.wharf.jobservice.JobStatus;
import io.wharf.jobservice.JobStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Finding;

/**
 * The only writer of a scan's status. A scan is recorded Pending when it is asked for; from then
 * on every change comes here: the {@code IMAGE_SCAN} job's changes (observed as
 * {@link JobStatusChanged}, whether the job service ran it or it was a batch job submitted
 * directly), the status hook endpoint for callers outside Wharf, and the reconciler that catches up
 * with a job whose change was lost. Success is written with the report, in the report's
 * transaction, so a report never shows under another status. {@link ScanJob#moveTo} decides what a change may do: a finished
 * scan stays finished, so a repeated or late change is ignored.
 */
@ApplicationScoped
public class ScanLifecycle {
    @Inject ScanStore store;

    /** A job's change: applied to the scan it runs, when it is a scan job. */
    void onJob(@Observes JobStatusChanged change) {
        if (!ImageScanJob.NAME.equals(change.jobName())) return;
        // A scan starts Pending; a job's Pending (its submission, a retry asked for by hand, a
        // change that arrives after Running) has nothing to tell it.
        if (change.status() == JobStatus.PENDING) return;
        if (!(change.parameters().get(ImageScanJob.SCAN_JOB_ID) instanceof JsonString scanId)) return;
        ScanStatus next = ScanStatus.valueOf(change.status().name());
        if (next == ScanStatus.SUCCESS && savedHere.remove(scanId.getString())) {
            // reportSaved moved the scan to Success (or left it where a stop had put it) in the report's own
            // transaction: this change would lock and read the row to write nothing.
            signalEnd();
            return;
        }
        apply(scanId.getString(), next, change.lastError());
    }

    /**
     * Scans whose report this server saved, until their job's Success arrives. Bounded: an entry whose change
     * never comes (its job's end was not recorded) is forgotten with the others when the set fills up.
     */
    private final java.util.Set<String> savedHere = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int SAVED_HERE_MAX = 10_000;

    /**
     * Moves scan {@code scanId} to {@code next}; {@code why} is kept for Error and Scheduled.
     * Empty when there is no such scan; otherwise the scan as it is now (unchanged when the change
     * came too late).
     */
    public Optional<ScanJob> apply(String scanId, ScanStatus next, String why) {
        Optional<ScanJob> now = store.moveTo(scanId, next, why);
        if (next.isFinal()) signalEnd();
        return now;
    }

    /** The scan's report is complete: findings, summary and overview replaced, and the scan moved to Success, in one transaction. */
    public void reportSaved(String scanId, ScannerInfo scanner, List<Finding> findings, Long dataGeneration, Instant dataUpdatedAt) {
        store.saveReport(scanId, scanner, findings, dataGeneration, dataUpdatedAt);
        if (savedHere.size() >= SAVED_HERE_MAX) savedHere.clear();
        savedHere.add(scanId);
        signalEnd();
    }

    /** Counts the scans this server saw end; scan all waits on it instead of polling the database in a loop. */
    private final Object ends = new Object();
    private long ended;

    private void signalEnd() {
        synchronized (ends) {
            ended++;
            ends.notifyAll();
        }
    }

    /**
     * Waits until a scan ends in this server, at most {@code maxMillis} (scans that other servers run end
     * unseen: the caller looks at the database after the wait either way).
     */
    void awaitAnEnd(long maxMillis) throws InterruptedException {
        synchronized (ends) {
            long seen = ended;
            long until = System.currentTimeMillis() + maxMillis;
            for (long left = maxMillis; ended == seen && left > 0; left = until - System.currentTimeMillis()) ends.wait(left);
        }
    }
}

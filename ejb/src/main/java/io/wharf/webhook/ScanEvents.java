package io.wharf.webhook;

import io.wharf.jobservice.JobStatusChanged;
import io.wharf.scan.ImageScanJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scans that end become SCANNING_COMPLETED, SCANNING_FAILED or SCANNING_STOPPED events. It hears
 * the same change of the scan job that the scan domain applies (the scan domain stays the only
 * writer of a scan's status: this only reads), after the report was saved: a scan's Success is
 * written with its report, before its job ends.
 */
@ApplicationScoped
public class ScanEvents {
    private static final Logger LOG = Logger.getLogger(ScanEvents.class.getName());

    @Inject WebhookStore store;
    @Inject WebhookDispatcher dispatcher;
    @Inject ArtifactEvents events;

    /** Whether any policy is on, asked at most once a second (a scan-all ends thousands of scans). */
    private volatile long checkedAt;
    private volatile boolean anyPolicy;

    void onJob(@Observes JobStatusChanged change) {
        if (!ImageScanJob.NAME.equals(change.jobName())) return;
        WebhookEventType type = switch (change.status()) {
            case SUCCESS -> WebhookEventType.SCANNING_COMPLETED;
            case ERROR -> WebhookEventType.SCANNING_FAILED;
            case STOPPED -> WebhookEventType.SCANNING_STOPPED;
            default -> null;
        };
        if (type == null) return;
        try {
            if (!anyPolicy()) return;
            var p = change.parameters();
            String scanId = p.get(ImageScanJob.SCAN_JOB_ID) instanceof JsonString s ? s.getString()
                    : p.get(ImageScanJob.BATCH_SCAN_JOB_ID) instanceof JsonString b ? b.getString() : null;
            if (scanId == null) return;
            events.fromScan(scanId, type).ifPresent(e -> dispatcher.dispatch(e, "EVENT"));
        } catch (RuntimeException e) {
            // The scan has ended either way; its webhook must not disturb the job service.
            LOG.log(Level.WARNING, "Webhook of scan job " + change.jobId() + " (" + change.status() + ") not recorded", e);
        }
    }

    private boolean anyPolicy() {
        long now = System.currentTimeMillis();
        if (now - checkedAt > 1000) {
            anyPolicy = store.countEnabledPolicies() > 0;
            checkedAt = now;
        }
        return anyPolicy;
    }
}

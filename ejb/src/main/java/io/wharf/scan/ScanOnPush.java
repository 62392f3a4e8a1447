package io.wharf.scan;

import io.wharf.notification.OnPush;
import io.wharf.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Scans a pushed artifact when its project's {@code auto_scan} is on. */
@ApplicationScoped
public class ScanOnPush {
    private static final Logger LOG = Logger.getLogger(ScanOnPush.class.getName());

    @Inject ScanService scans;
    @Inject ProjectService projects;

    void onPush(@Observes OnPush push) {
        if (!push.autoScan()) return;
        try {
            Long projectId = projects.byName(push.project()).map(p -> p.getId()).orElse(null);
            ScanJob job = scans.request(push.repository(), push.tag(), push.digest(), projectId, ScanTrigger.PUSH, null, "scan-on-push");
            LOG.fine("Scan on push of " + push + ": " + job.getId());
        } catch (RuntimeException e) {
            // The push itself is recorded; a scan that could not be queued is marked failed and can be asked again.
            LOG.warning("Scan on push of " + push + " was not queued: " + e.getMessage());
        }
    }
}

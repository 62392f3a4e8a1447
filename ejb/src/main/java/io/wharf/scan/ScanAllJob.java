package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobService;
import io.wharf.jobservice.JobType;
import io.wharf.registry.RegistryContent;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code IMAGE_SCAN_ALL}: queues one scan per artifact digest, never more than a bounded number
 * in flight, then waits for them. Its job id is the run's id, so a rerun after a crash continues
 * the same run and queues no digest twice.
 */
@ApplicationScoped
public class ScanAllJob implements JobType {
    public static final String NAME = "IMAGE_SCAN_ALL";
    public static final String TRIGGER = "trigger";

    @Inject ScanStore store;
    @Inject ScanService scans;
    @Inject RegistryContent content;
    @Inject JobService jobs;

    @Inject ScanLifecycle lifecycle;

    /** Scans of the run queued or running at a time; 0 (the default): twice this server's workers. */
    @Inject @ConfigProperty(name = "scan.all.max_in_flight", defaultValue = "0")
    int maxInFlight;

    @Inject @ConfigProperty(name = "jobservice.workers", defaultValue = "4")
    int workers;

    @Inject @ConfigProperty(name = "scan.all.poll.ms", defaultValue = "500")
    long pollMs;

    @Inject @ConfigProperty(name = "scan.all.stop.wait.seconds", defaultValue = "120")
    long stopWaitSeconds;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return 3; }

    @Override
    public void validate(JsonObject parameters) {
        JsonValue trigger = parameters.get(TRIGGER);
        if (trigger != null && !(trigger.getValueType() == JsonValue.ValueType.STRING
                && Set.of("Manual", "Schedule").contains(parameters.getString(TRIGGER)))) {
            throw new IllegalArgumentException(TRIGGER + " must be Manual or Schedule");
        }
    }

    @Override
    public void run(JobContext context) throws Exception {
        String runId = context.jobId();
        String trigger = context.parameters().getString(TRIGGER, "Manual");
        if (store.run(runId).isEmpty() && store.ongoingRun().isPresent()) {
            // A schedule tick while a run is still going: the run under way covers it.
            context.log().info("scan all " + store.ongoingRun().get().getId() + " is still running; nothing to do");
            return;
        }
        if (store.run(runId).isEmpty()) {
            try {
                store.startRun(runId, trigger);
            } catch (EJBException e) {
                if (store.run(runId).isEmpty()) throw e;
            }
        }
        Map<String, Object[]> byDigest = new LinkedHashMap<>();
        for (Object[] row : content.allArtifactDigests()) byDigest.putIfAbsent((String) row[2], row);
        store.runTotal(runId, byDigest.size());
        context.log().info("scan all: " + byDigest.size() + " artifacts");
        // Enough queued that a worker finishing a scan finds the next one waiting (the queue is shared
        // by every server's workers); few enough that a stop has little to take back.
        int limit = maxInFlight > 0 ? maxInFlight : Math.max(2, 2 * workers);
        // A rerun of this job (its worker died) continues the run: what it already queued is skipped.
        Set<String> queued = store.digestsInRun(runId);
        int sent = 0;
        long free = 0;
        for (Map.Entry<String, Object[]> e : byDigest.entrySet()) {
            if (queued.contains(e.getKey())) continue;
            // Counted again only once the free places last counted are used up; a scan ending in this
            // server wakes the wait at once, one ending elsewhere within pollMs.
            while (free <= 0 && !context.stopRequested()) {
                free = limit - store.activeInRun(runId);
                if (free <= 0) lifecycle.awaitAnEnd(pollMs);
            }
            if (context.stopRequested()) break;
            Object[] row = e.getValue();
            try {
                scans.request((String) row[1], null, e.getKey(), (Long) row[0], ScanTrigger.SCAN_ALL, runId, "scan-all");
                free--;
                if (++sent % 100 == 0) context.checkIn("queued " + sent + " scans");
            } catch (RuntimeException ex) {
                // The run already has this digest (the unique constraint), or the job service refused it.
                context.log().warning("did not queue the scan of " + row[1] + "@" + e.getKey() + ": " + ex.getMessage());
            }
        }
        while (!context.stopRequested() && store.activeInRun(runId) > 0) lifecycle.awaitAnEnd(pollMs);
        if (context.stopRequested()) {
            try {
                stopScans(runId, context);
                // The run ends once its scans have: a running scan takes a moment to notice its stop.
                long until = System.currentTimeMillis() + stopWaitSeconds * 1000;
                while (store.activeInRun(runId) > 0 && System.currentTimeMillis() < until) lifecycle.awaitAnEnd(pollMs);
            } finally {
                // whatever happened while stopping, the run is over: a run left "ongoing" would refuse every later one
                store.endRun(runId, true);
            }
            context.log().info("scan all stopped");
            return;
        }
        // Digests whose scan another trigger already had in flight were not queued by this run.
        store.runTotal(runId, store.digestsInRun(runId).size());
        store.endRun(runId, false);
        context.log().info("scan all done: " + store.countsInRun(runId));
    }

    void stopScans(String runId, JobContext context) {
        for (ScanJob job : store.activeJobsInRun(runId)) {
            if (job.getJobId() == null) continue;
            stopOne(job, context);
        }
    }

    /**
     * A scan that ends or checks in while it is being stopped changes its job's row under the stop (an optimistic
     * lock failure that rolls the stop back): the stop is tried again on the row as it is now.
     */
    private void stopOne(ScanJob job, JobContext context) {
        for (int attempt = 1; ; attempt++) {
            try {
                jobs.act(job.getJobId(), "stop");
                return;
            } catch (WharfException e) {
                context.log().warning("could not stop scan " + job.getId() + ": " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    context.log().warning("could not stop scan " + job.getId() + " (its job kept changing): " + e);
                    return;
                }
            }
        }
    }
}

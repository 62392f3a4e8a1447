package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * When the vulnerability data is updated and what follows: the periodic update job, the update an
 * administrator asks for, the first update of a new installation, and the rematch of every report
 * after the data changed (by an update or an import).
 */
@ApplicationScoped
public class VulnDbUpdates {
    private static final Logger LOG = Logger.getLogger(VulnDbUpdates.class.getName());
    private static final JsonObject SCHEDULED = Json.createObjectBuilder().add(VulnDbUpdateJob.TRIGGER, "Schedule").build();
    /** Manual and first-start updates share one key: two of them never run side by side. */
    private static final JsonObject ON_DEMAND = JsonObject.EMPTY_JSON_OBJECT;

    @Inject JobService jobs;
    @Inject VulnDbSettings settings;
    @Inject VulnDbService vulndb;
    @Inject VulnDbRematchStore rematches;

    /** The on-demand update still queued or running, if any. */
    public Optional<Job> pendingUpdate() {
        return jobs.activeUnique(VulnDbUpdateJob.NAME, ON_DEMAND);
    }

    /** Queues an update now; an update already queued or running is returned instead of a second one. */
    public Job updateNow(String trigger) {
        if (!settings.updaterOn()) {
            throw WharfException.conflict("the updater is off (vulndb.sources is empty); import an archive instead");
        }
        Optional<Job> running = jobs.activeUnique(VulnDbUpdateJob.NAME, ON_DEMAND);
        if (running.isPresent()) return running.get();
        try {
            Job job = jobs.submit(new JobService.Submission(VulnDbUpdateJob.NAME, ON_DEMAND, null, "Generic", null, null, true));
            LOG.info("Vulnerability data update (" + trigger + ") queued as job " + job.getId());
            return job;
        } catch (WharfException e) {
            if (e.status() != 409) throw e;
            return jobs.activeUnique(VulnDbUpdateJob.NAME, ON_DEMAND).orElseThrow(() -> e);
        }
    }

    /**
     * Brings the periodic update in line with the settings (a changed cron replaces it; an empty
     * source list stops it) and, on a database that was never updated, queues the first update.
     */
    public void onStart() {
        Optional<Job> periodic = jobs.activeUnique(VulnDbUpdateJob.NAME, SCHEDULED);
        if (periodic.isPresent() && (!settings.updaterOn() || !Objects.equals(periodic.get().getCronSpec(), settings.updateCron()))) {
            stop(periodic.get().getId());
            periodic = Optional.empty();
        }
        if (!settings.updaterOn()) {
            LOG.info("Vulnerability data updater is off (vulndb.sources is empty)");
            return;
        }
        if (periodic.isEmpty()) {
            try {
                jobs.submit(new JobService.Submission(VulnDbUpdateJob.NAME, SCHEDULED, null, "Periodic", null, settings.updateCron(), true));
            } catch (WharfException e) {
                if (e.status() != 409) throw e; // another server scheduled it a moment ago
            }
        }
        if (neverUpdated()) updateNow("FirstStart");
    }

    /** The data changed: every report is matched again against it (one rematch at a time). */
    public void dataChanged(String why) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Job job = jobs.submit(new JobService.Submission(VulnDbRematchJob.NAME, JsonObject.EMPTY_JSON_OBJECT, null, "Generic", null, null, true));
                LOG.info("Vulnerability data changed (" + why + "): rematch queued as job " + job.getId());
                return;
            } catch (WharfException e) {
                // A rematch still queued will read the new data when it runs; one already running is
                // followed by another, since it may have passed reports the new data changes. One
                // whose last pass just ended is still active for a moment: queue a new one after it.
                if (e.status() != 409) throw e;
                Optional<Job> active = jobs.activeUnique(VulnDbRematchJob.NAME, JsonObject.EMPTY_JSON_OBJECT);
                if (active.isPresent() && rematches.requestAnotherPass(active.get().getId())) return;
                if (active.isPresent()) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
        LOG.warning("Vulnerability data changed (" + why + ") but no rematch could be queued; the next change or a manual import queues one");
    }

    private boolean neverUpdated() {
        return vulndb.state().sources().stream().allMatch(s -> s.lastUpdated() == null || s.records() == 0);
    }

    private void stop(String jobId) {
        try {
            jobs.act(jobId, "stop");
        } catch (WharfException e) {
            if (e.status() != 404) throw e;
        }
    }
}

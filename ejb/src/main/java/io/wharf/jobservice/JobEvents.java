package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where every status change of a job goes: first the {@link JobStatusChanged} event to the
 * observers in this server (the scan domain writes a scan's status there), then the job's status
 * hook when its submitter outside Wharf gave one. Called by the thread that made the change, right
 * after it was committed, so one job's changes arrive in order.
 */
@ApplicationScoped
public class JobEvents {
    private static final Logger LOG = Logger.getLogger(JobEvents.class.getName());

    @Inject Event<JobStatusChanged> changes;
    @Inject StatusHooks hooks;

    /** {@code job} (as committed) changed; {@code checkIn} is its progress message, if any. */
    public void changed(Job job, String checkIn) {
        fire(JobStatusChanged.of(job, checkIn));
        if (job.getStatusHook() != null && !job.getStatusHook().isBlank()) {
            try {
                hooks.post(job.getStatusHook(), StatusHooks.body(job, checkIn));
            } catch (Exception e) {
                // A receiver that is away loses this change, not the job: it can read the job back.
                LOG.warning("Status hook of job " + job.getId() + " (" + job.getStatus().wire() + ") was not accepted: " + e.getMessage());
            }
        }
    }

    /**
     * A change of a job that runs outside the queue (a batch job submitted through batch
     * management): its observers hear it as they hear any other job's.
     */
    public void fire(JobStatusChanged change) {
        try {
            changes.fire(change);
        } catch (RuntimeException e) {
            // The job's own state is already written; an observer that failed (its database away
            // for a moment) is caught up by its own reconciliation, never by failing the job.
            LOG.log(Level.WARNING, "An observer of job " + change.jobId() + " (" + change.status().wire() + ") failed", e);
        }
    }

    /**
     * Records a running job's progress and fires it as a Running change with that check-in. A
     * check-in only reports progress: a write that loses a race (a stop request) must not fail the
     * job, so it is logged as not recorded instead.
     */
    void checkIn(JobStore store, String jobId, JobLog log, String message) {
        log.info("check-in: " + message);
        Job now;
        try {
            now = store.checkIn(jobId, JobLog.mask(message), java.time.Instant.now());
        } catch (RuntimeException e) {
            log.warning("check-in not recorded: " + e.getClass().getSimpleName());
            return;
        }
        changed(now, message);
    }
}

package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Writes how a job that ran ended. The job's work is done by then, so a write that fails (the
 * database busy or away for a moment) is tried again rather than failing the job: MicroProfile
 * Fault Tolerance's retry, configurable as {@code io.wharf.jobservice.JobEnds/record/Retry/maxRetries}
 * (4) and {@code .../Retry/delay} (200 ms). When every attempt fails, recovery requeues the job.
 */
@ApplicationScoped
public class JobEnds {
    @Inject JobRows rows;

    /** Records the end; false when the job was no longer this worker's (see {@link JobRows#finish}). */
    @Retry(maxRetries = 4, delay = 200, jitter = 100, retryOn = RuntimeException.class)
    public boolean record(Job job, JobStatus end) {
        return rows.finish(job.getId(), job.getRunBy(), end, Instant.now());
    }
}

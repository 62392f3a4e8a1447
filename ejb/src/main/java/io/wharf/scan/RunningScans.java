package io.wharf.scan;

import io.wharf.jobservice.JobContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job service's contexts of the scans this server is running, by job id, so that the batch
 * job's steps (on the batch runtime's threads) write to the same log and see the same stop request.
 */
@ApplicationScoped
public class RunningScans {
    private final ConcurrentHashMap<String, JobContext> byJob = new ConcurrentHashMap<>();

    void put(String jobId, JobContext context) { byJob.put(jobId, context); }

    void remove(String jobId) { byJob.remove(jobId); }

    public Optional<JobContext> find(String jobId) {
        return jobId == null || jobId.isEmpty() ? Optional.empty() : Optional.ofNullable(byJob.get(jobId));
    }
}

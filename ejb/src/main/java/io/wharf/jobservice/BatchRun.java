package io.wharf.jobservice;

/**
 * What a Jakarta Batch execution that does a job's work reports to the job service, from the batch
 * runtime's threads: its log, its progress and (for a job run outside the queue) how it ended.
 * Obtained from {@link BatchRuns} by the job's id; a stop reaches the execution as the batch
 * runtime's own stop.
 */
public interface BatchRun extends AutoCloseable {
    /** The job service job, or {@code batch-<execution>} for a batch job submitted directly. */
    String jobId();

    JobLog log();

    /** Reports progress: logged, and a Running change with this check-in. */
    void checkIn(String message);

    /**
     * How the execution ended. A job service job's end is its worker's to record (it may retry),
     * so only a job run outside the queue turns this into a change.
     */
    void ended(JobStatus status, String why);

    /** No more lines from this execution. */
    @Override
    void close();
}

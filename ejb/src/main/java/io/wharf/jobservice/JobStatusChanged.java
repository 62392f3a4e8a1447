package io.wharf.jobservice;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * A job's status changed (or a running job checked in): the CDI event the job service fires in the
 * server where it happened, synchronously and in the order of the changes. Domains that own the
 * work a job does (a scan) observe it; receivers outside Wharf get the same change as a status hook.
 *
 * @param jobId the job service job, or {@code batch-<execution>} for a batch job submitted directly
 * @param jobName the job type's name, e.g. {@code IMAGE_SCAN}
 * @param status the status the job has now
 * @param checkIn what a running job reported, or what a retry waits for; null when nothing
 * @param lastError why the last attempt failed (for Error and Scheduled); null when it did not fail
 * @param parametersJson the job's parameters as submitted
 */
public record JobStatusChanged(String jobId, String jobName, JobStatus status, String checkIn, String lastError,
                               String parametersJson) {

    /** The change that {@code job}, as it is now, stands for. */
    public static JobStatusChanged of(Job job, String checkIn) {
        return new JobStatusChanged(job.getId(), job.getName(), job.getStatus(), checkIn,
                job.getStatus() == JobStatus.ERROR || job.getStatus() == JobStatus.SCHEDULED ? job.getLastError() : null,
                job.getParametersJson());
    }

    public JsonObject parameters() {
        if (parametersJson == null || parametersJson.isBlank()) return JsonValue.EMPTY_JSON_OBJECT;
        try (var reader = JobStats.JSON.createReader(new StringReader(parametersJson))) {
            return reader.readObject();
        }
    }
}

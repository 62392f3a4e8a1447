package io.wharf.jobservice;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;

/** A job as the API and the hooks report it (Harbor's job stats; times in Unix seconds). */
public record JobStats(Job job) {
    /**
     * Looked up once: {@code JSON.createObjectBuilder()} and {@code JSON.createReader()} look the
     * provider up on every call (a service-loader and OSGi search, a few per cent of a job's CPU).
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    public static JobStats of(Job job) { return new JobStats(job); }

    public JsonObject toJson() { return toJson(null); }

    /** With the job's parameters as the caller already has them parsed (null: parsed from the row). */
    public JsonObject toJson(JsonObject parameters) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("id", job.getId())
                .add("name", job.getName())
                .add("kind", job.getKind().wire())
                .add("unique", job.isUnique())
                .add("status", job.getStatus().wire())
                .add("ref_link", "/api/v1/jobs/" + job.getId())
                .add("enqueue_time", seconds(job.getEnqueueTime()))
                .add("update_time", seconds(job.getUpdateTime()))
                .add("fails", job.getFails())
                .add("max_fails", job.getMaxFails())
                .add("revision", job.getRevision());
        if (job.getRunAt() != null) b.add("run_at", seconds(job.getRunAt()));
        if (job.getCronSpec() != null) b.add("cron_spec", job.getCronSpec());
        if (job.getCheckIn() != null) b.add("check_in", job.getCheckIn());
        if (job.getCheckInAt() != null) b.add("check_in_at", seconds(job.getCheckInAt()));
        if (job.getLastError() != null) b.add("last_error", job.getLastError());
        if (job.getParentId() != null) b.add("upstream_job_id", job.getParentId());
        if (job.getTick() != null) b.add("tick", seconds(job.getTick()));
        if (job.getKind() == JobKind.PERIODIC) b.add("multiple_executions", true);
        if (parameters != null) {
            b.add("parameters", parameters);
        } else if (job.getParametersJson() != null) {
            try (var reader = JSON.createReader(new StringReader(job.getParametersJson()))) {
                b.add("parameters", reader.readObject());
            }
        }
        return b.build();
    }

    private static long seconds(Instant t) { return t.getEpochSecond(); }
}

package io.wharf.gc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One garbage collection: how it was started, its options, where it stands and what it removed. */
@Entity
@Table(name = "gc_run")
public class GcRun {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", length = 40)
    private String jobId;

    /** Manual or Schedule. */
    @Column(name = "run_trigger", nullable = false, length = 16)
    private String trigger;

    @Column(name = "job_kind", nullable = false, length = 16)
    private String jobKind;

    /** The options as Harbor shows them: a JSON object in a string. */
    @Column(length = 1024)
    private String parameters;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    @Column(name = "blobs_deleted", nullable = false)
    private long blobsDeleted;

    @Column(name = "manifests_deleted", nullable = false)
    private long manifestsDeleted;

    @Column(name = "artifacts_deleted", nullable = false)
    private long artifactsDeleted;

    @Column(name = "uploads_purged", nullable = false)
    private long uploadsPurged;

    @Column(name = "bytes_freed", nullable = false)
    private long bytesFreed;

    @Column(name = "duration_ms", nullable = false)
    private long durationMs;

    protected GcRun() { }

    GcRun(String trigger, String jobKind, String parameters, Instant now) {
        this.trigger = trigger;
        this.jobKind = jobKind;
        this.parameters = parameters;
        this.status = "Pending";
        this.creationTime = now;
        this.updateTime = now;
    }

    void started(String jobId, Instant now) {
        if (jobId != null) this.jobId = jobId;
        this.status = "Running";
        this.updateTime = now;
    }

    void queued(String jobId) { this.jobId = jobId; }

    void ended(String status, GcReport report, Instant now) {
        this.status = status;
        this.updateTime = now;
        if (report != null) {
            blobsDeleted = report.blobs();
            manifestsDeleted = report.manifests();
            artifactsDeleted = report.artifacts();
            uploadsPurged = report.uploads();
            bytesFreed = report.bytes();
            durationMs = report.millis();
        }
    }

    public Long getId() { return id; }
    public String getJobId() { return jobId; }
    public String getTrigger() { return trigger; }
    public String getJobKind() { return jobKind; }
    public String getParameters() { return parameters; }
    public String getStatus() { return status; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }
    public long getBlobsDeleted() { return blobsDeleted; }
    public long getManifestsDeleted() { return manifestsDeleted; }
    public long getArtifactsDeleted() { return artifactsDeleted; }
    public long getUploadsPurged() { return uploadsPurged; }
    public long getBytesFreed() { return bytesFreed; }
    public long getDurationMs() { return durationMs; }
}

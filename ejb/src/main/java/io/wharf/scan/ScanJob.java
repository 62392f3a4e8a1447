package io.wharf.scan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One scan of one image (Harbor's {@code img_scan_job}): what was asked, which job service job runs it,
 * and where it stands. Its id is the report id users see.
 */
@Entity
@Table(name = "img_scan_job",
        // One scan per digest in a run of scan all, whatever happens to the job that fans them out.
        uniqueConstraints = @jakarta.persistence.UniqueConstraint(name = "scan_job_run_digest", columnNames = {"scan_all_id", "digest"}),
        indexes = {
        @Index(name = "scan_job_digest", columnList = "digest, status"),
        @Index(name = "scan_job_all", columnList = "scan_all_id, status")})
public class ScanJob {
    @Id
    @Column(length = 40)
    private String id;

    @Column(nullable = false, length = 255)
    private String repository;

    @Column(length = 128)
    private String tag;

    @Column(nullable = false, length = 100)
    private String digest;

    @Column(name = "project_id")
    private Long projectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ScanStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "scan_trigger", nullable = false, length = 16)
    private ScanTrigger trigger;

    /** The job service job that runs this scan; null for a batch job submitted directly. */
    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(name = "scan_all_id", length = 40)
    private String scanAllId;

    @Column(name = "requested_by", length = 255)
    private String requestedBy;

    /** Why the last attempt failed, in words for users; never a credential. */
    @Column(length = 1024)
    private String message;

    @Column(name = "create_time", nullable = false)
    private Instant createTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    @Column(name = "start_time")
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    protected ScanJob() { }

    public ScanJob(String id, String repository, String tag, String digest, Long projectId, ScanTrigger trigger,
                   String scanAllId, String requestedBy, Instant now) {
        this.id = id;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
        this.projectId = projectId;
        this.trigger = trigger;
        this.scanAllId = scanAllId;
        this.requestedBy = requestedBy;
        this.status = ScanStatus.PENDING;
        this.createTime = now;
        this.updateTime = now;
    }

    public String getId() { return id; }
    public String getRepository() { return repository; }
    public String getTag() { return tag; }
    public String getDigest() { return digest; }
    public Long getProjectId() { return projectId; }
    public ScanStatus getStatus() { return status; }
    public ScanTrigger getTrigger() { return trigger; }
    public String getJobId() { return jobId; }
    public String getScanAllId() { return scanAllId; }
    public String getRequestedBy() { return requestedBy; }
    public String getMessage() { return message; }
    public Instant getCreateTime() { return createTime; }
    public Instant getUpdateTime() { return updateTime; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }

    void attachJob(String jobId) { this.jobId = jobId; }

    void message(String message) {
        this.message = message == null ? null : message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
    }

    /**
     * Moves to {@code next}; a final state stays final (a late or repeated change does nothing), and
     * only a scan waiting for its retry goes back to Pending. A repeated Running (a check-in) keeps
     * the scan's update time fresh.
     */
    boolean moveTo(ScanStatus next, Instant now) {
        if (status.isFinal() || next == status && next != ScanStatus.RUNNING) return false;
        if (next == ScanStatus.PENDING && status != ScanStatus.SCHEDULED) return false;
        if (next == ScanStatus.RUNNING && startTime == null) startTime = now;
        if (next.isFinal()) endTime = now;
        status = next;
        updateTime = now;
        return true;
    }
}

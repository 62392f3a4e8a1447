package io.wharf.sbom;

import io.wharf.scan.ScanStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One SBOM generation for one artifact (Harbor's report row of scan type {@code sbom}): where it
 * stands and, once it succeeded, the digest of the SBOM accessory it pushed. Its id is the
 * {@code report_id} of the artifact's {@code sbom_overview}.
 */
@Entity
@Table(name = "sbom_report", indexes = @Index(name = "sbom_report_digest", columnList = "digest, status"))
public class SbomReport {
    @Id
    @Column(length = 40)
    private String id;

    @Column(nullable = false, length = 255)
    private String repository;

    /** The subject: the artifact the SBOM describes. */
    @Column(nullable = false, length = 100)
    private String digest;

    @Column(name = "project_id")
    private Long projectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ScanStatus status;

    @Column(name = "sbom_digest", length = 100)
    private String sbomDigest;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(name = "requested_by", length = 255)
    private String requestedBy;

    /** Why the generation failed, in words for users. */
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

    protected SbomReport() { }

    public SbomReport(String id, String repository, String digest, Long projectId, String requestedBy, Instant now) {
        this.id = id;
        this.repository = repository;
        this.digest = digest;
        this.projectId = projectId;
        this.requestedBy = requestedBy;
        this.status = ScanStatus.PENDING;
        this.createTime = now;
        this.updateTime = now;
    }

    public String getId() { return id; }
    public String getRepository() { return repository; }
    public String getDigest() { return digest; }
    public Long getProjectId() { return projectId; }
    public ScanStatus getStatus() { return status; }
    public String getSbomDigest() { return sbomDigest; }
    public String getJobId() { return jobId; }
    public String getRequestedBy() { return requestedBy; }
    public String getMessage() { return message; }
    public Instant getCreateTime() { return createTime; }
    public Instant getUpdateTime() { return updateTime; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }

    void attachJob(String jobId) { this.jobId = jobId; }

    /** Moves to {@code next} as a scan does: a final state stays final; Success only comes with the SBOM's digest. */
    boolean moveTo(ScanStatus next, String why, Instant now) {
        if (status.isFinal() || next == status && next != ScanStatus.RUNNING) return false;
        if (next == ScanStatus.PENDING && status != ScanStatus.SCHEDULED) return false;
        if (next == ScanStatus.SUCCESS && sbomDigest == null) return false;
        if (next == ScanStatus.RUNNING && startTime == null) startTime = now;
        if (next.isFinal()) endTime = now;
        if (why != null && (next == ScanStatus.ERROR || next == ScanStatus.SCHEDULED)) {
            message = why.length() > 1024 ? why.substring(0, 1021) + "..." : why;
        }
        status = next;
        updateTime = now;
        return true;
    }

    /** The SBOM is in the registry and recorded: the generation succeeded. */
    boolean succeeded(String sbomDigest, Instant now) {
        if (status.isFinal()) return false;
        this.sbomDigest = sbomDigest;
        if (startTime == null) startTime = now;
        return moveTo(ScanStatus.SUCCESS, null, now);
    }
}

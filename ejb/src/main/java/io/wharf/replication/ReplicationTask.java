package io.wharf.replication;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One artifact of an execution, copied or deleted by one IMAGE_REPLICATE job. */
@Entity
@Table(name = "replication_task")
public class ReplicationTask {
    public static final String PENDING = "Pending";
    public static final String IN_PROGRESS = "InProgress";
    public static final String SUCCEED = "Succeed";
    public static final String FAILED = "Failed";
    public static final String STOPPED = "Stopped";
    public static final String COPY = "copy";
    public static final String DELETION = "deletion";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "execution_id", nullable = false)
    private long executionId;

    @Column(name = "resource_type", nullable = false, length = 32)
    private String resourceType;

    /** {@code repository:tag} (or {@code repository@digest}) at the source. */
    @Column(name = "src_resource", nullable = false, length = 1024)
    private String srcResource;

    @Column(name = "dst_resource", nullable = false, length = 1024)
    private String dstResource;

    @Column(nullable = false, length = 16)
    private String operation;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(name = "status_text", length = 1024)
    private String statusText;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    protected ReplicationTask() {}

    ReplicationTask(long executionId, String srcResource, String dstResource, String operation) {
        this.executionId = executionId;
        this.resourceType = "image";
        this.srcResource = srcResource;
        this.dstResource = dstResource;
        this.operation = operation;
        this.status = PENDING;
        this.startTime = Instant.now();
    }

    public Long getId() { return id; }
    public long getExecutionId() { return executionId; }
    public String getResourceType() { return resourceType; }
    public String getSrcResource() { return srcResource; }
    public String getDstResource() { return dstResource; }
    public String getOperation() { return operation; }
    public String getStatus() { return status; }
    public String getJobId() { return jobId; }
    public String getStatusText() { return statusText; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }

    boolean isEnded() { return !status.equals(PENDING) && !status.equals(IN_PROGRESS); }

    void setJobId(String jobId) { this.jobId = jobId; }

    void running() { this.status = IN_PROGRESS; }

    void end(String status, String text) {
        this.status = status;
        this.statusText = text == null ? null : text.length() > 1024 ? text.substring(0, 1024) : text;
        this.endTime = Instant.now();
    }
}

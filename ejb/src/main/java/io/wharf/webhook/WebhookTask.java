package io.wharf.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The delivery of one execution to one target (Harbor's {@code Task}), run as a WEBHOOK job: its
 * status is Pending, Running, Success or Error; its log is the job's.
 */
@Entity
@Table(name = "webhook_task", indexes = {@Index(name = "webhook_task_execution", columnList = "execution_id"),
        @Index(name = "webhook_task_policy", columnList = "policy_id, target_index, status")})
public class WebhookTask {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "execution_id", nullable = false)
    private long executionId;

    @Column(name = "policy_id", nullable = false)
    private long policyId;

    /** The target's position in the policy's list when the event happened, and its address then. */
    @Column(name = "target_index", nullable = false)
    private int targetIndex;

    @Column(name = "address", nullable = false, length = 2048)
    private String address;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "status_message", length = 1024)
    private String statusMessage;

    @Column(name = "run_count", nullable = false)
    private int runCount;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    @Column(name = "end_time")
    private Instant endTime;

    protected WebhookTask() {}

    public WebhookTask(long executionId, long policyId, int targetIndex, String address) {
        this.executionId = executionId;
        this.policyId = policyId;
        this.targetIndex = targetIndex;
        this.address = address;
        this.status = "Pending";
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    void job(String jobId) { this.jobId = jobId; }

    void attempt(String message) {
        runCount++;
        status = "Running";
        statusMessage = message;
        updateTime = Instant.now();
    }

    void end(String status, String message) {
        this.status = status;
        this.statusMessage = message == null ? null : message.substring(0, Math.min(1000, message.length()));
        updateTime = Instant.now();
        if (!"Running".equals(status) && !"Pending".equals(status)) endTime = updateTime;
    }

    public Long getId() { return id; }
    public long getExecutionId() { return executionId; }
    public long getPolicyId() { return policyId; }
    public int getTargetIndex() { return targetIndex; }
    public String getAddress() { return address; }
    public String getJobId() { return jobId; }
    public String getStatus() { return status; }
    public String getStatusMessage() { return statusMessage; }
    public int getRunCount() { return runCount; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }
    public Instant getEndTime() { return endTime; }
}

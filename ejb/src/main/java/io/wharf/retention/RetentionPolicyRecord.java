package io.wharf.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** A project's retention policy (one per project): its rules as Harbor's JSON, and the periodic job of its schedule. */
@Entity
@Table(name = "retention_policy", uniqueConstraints = @UniqueConstraint(name = "retention_policy_project", columnNames = "project_id"))
public class RetentionPolicyRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    @Lob
    @Column(name = "body", nullable = false)
    private String body;

    @Column(length = 128)
    private String cron;

    @Column(name = "schedule_job_id", length = 40)
    private String scheduleJobId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected RetentionPolicyRecord() {}

    RetentionPolicyRecord(Long projectId, String body, String cron, Instant now) {
        this.projectId = projectId;
        this.creationTime = now;
        set(body, cron, now);
    }

    void set(String body, String cron, Instant now) {
        this.body = body;
        this.cron = cron;
        this.updateTime = now;
    }

    void scheduledBy(String jobId) { this.scheduleJobId = jobId; }

    public Long getId() { return id; }
    public Long getProjectId() { return projectId; }
    public String getBody() { return body; }
    public String getCron() { return cron; }
    public String getScheduleJobId() { return scheduleJobId; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }
}

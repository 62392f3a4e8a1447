package io.wharf.replication;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One run of a replication rule: InProgress until its last task ends, then Succeed, Failed or Stopped.
 * A run started by hand or on a schedule is planned in the background: while {@code planning}, its
 * tasks are still being written and it does not end when the tasks written so far have ended.
 */
@Entity
@Table(name = "replication_execution")
public class ReplicationExecution {
    public static final String IN_PROGRESS = "InProgress";
    public static final String SUCCEED = "Succeed";
    public static final String FAILED = "Failed";
    public static final String STOPPED = "Stopped";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "policy_id", nullable = false)
    private long policyId;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "status_text", length = 1024)
    private String statusText;

    @Column(name = "trigger_type", nullable = false, length = 16)
    private String trigger;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(nullable = false)
    private boolean planning;

    protected ReplicationExecution() {}

    ReplicationExecution(long policyId, String trigger) {
        this.policyId = policyId;
        this.trigger = trigger;
        this.status = IN_PROGRESS;
        this.startTime = Instant.now();
    }

    public Long getId() { return id; }
    public long getPolicyId() { return policyId; }
    public String getStatus() { return status; }
    public String getStatusText() { return statusText; }
    public String getTrigger() { return trigger; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }
    public boolean isPlanning() { return planning; }

    void planning(boolean planning) { this.planning = planning; }

    void end(String status, String text) {
        this.status = status;
        this.statusText = text == null ? null : text.length() > 1024 ? text.substring(0, 1024) : text;
        this.endTime = Instant.now();
        this.planning = false;
    }
}

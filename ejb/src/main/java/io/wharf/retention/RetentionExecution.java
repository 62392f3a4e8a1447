package io.wharf.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of a retention policy, real or dry: Pending, Running, Success, Error or Stopped. */
@Entity
@Table(name = "retention_execution")
public class RetentionExecution {
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCESS = "Success";
    public static final String ERROR = "Error";
    public static final String STOPPED = "Stopped";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "policy_id", nullable = false)
    private Long policyId;

    @Column(nullable = false, length = 16)
    private String status;

    /** MANUAL or SCHEDULE, as Harbor says. */
    @Column(name = "trigger_kind", nullable = false, length = 16)
    private String trigger;

    @Column(name = "dry_run", nullable = false)
    private boolean dryRun;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    protected RetentionExecution() {}

    RetentionExecution(Long policyId, String trigger, boolean dryRun, Instant now) {
        this.policyId = policyId;
        this.trigger = trigger;
        this.dryRun = dryRun;
        this.status = PENDING;
        this.startTime = now;
    }

    void status(String status, Instant endTime) {
        this.status = status;
        this.endTime = endTime;
    }

    void job(String jobId) { this.jobId = jobId; }

    public boolean isFinal() { return SUCCESS.equals(status) || ERROR.equals(status) || STOPPED.equals(status); }

    public Long getId() { return id; }
    public Long getPolicyId() { return policyId; }
    public String getStatus() { return status; }
    public String getTrigger() { return trigger; }
    public boolean isDryRun() { return dryRun; }
    public String getJobId() { return jobId; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }
}

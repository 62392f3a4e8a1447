package io.wharf.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** What one run did in one repository: how many artifacts it looked at and kept, and its log. */
@Entity
@Table(name = "retention_task")
public class RetentionTask {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "execution_id", nullable = false)
    private Long executionId;

    @Column(nullable = false, length = 255)
    private String repository;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(nullable = false)
    private int total;

    @Column(nullable = false)
    private int retained;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Lob
    @Column(name = "log")
    private String log;

    protected RetentionTask() {}

    RetentionTask(Long executionId, String repository, String status, int total, int retained, Instant start, Instant end, String log) {
        this.executionId = executionId;
        this.repository = repository;
        this.status = status;
        this.total = total;
        this.retained = retained;
        this.startTime = start;
        this.endTime = end;
        this.log = log;
    }

    public Long getId() { return id; }
    public Long getExecutionId() { return executionId; }
    public String getRepository() { return repository; }
    public String getStatus() { return status; }
    public int getTotal() { return total; }
    public int getRetained() { return retained; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }
    public String getLog() { return log; }
}

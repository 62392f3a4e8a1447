package io.wharf.scan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One pass of rematching every report against new vulnerability data: what the portal shows as its progress. */
@Entity
@Table(name = "vulndb_rematch")
public class VulnDbRematch {
    @Id
    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "data_generation")
    private Long dataGeneration;

    private long total;
    private long done;
    /** Reports whose findings changed. */
    private long changed;
    /** Reports whose overall severity went up. */
    @Column(name = "severity_rose")
    private long severityRose;
    /** Images with a layer whose inventory is not stored: they keep their report until scanned again. */
    private long skipped;

    @Column(name = "another_pass", nullable = false)
    private boolean anotherPass;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    protected VulnDbRematch() { }

    VulnDbRematch(String jobId, long total, Long dataGeneration, Instant now) {
        this.jobId = jobId;
        this.status = "Running";
        this.total = total;
        this.dataGeneration = dataGeneration;
        this.startTime = now;
    }

    void progress(long done, long changed, long severityRose, long skipped) {
        this.done = done;
        this.changed = changed;
        this.severityRose = severityRose;
        this.skipped = skipped;
    }

    void end(String status, Instant now) {
        this.status = status;
        this.endTime = now;
    }

    void restart(long total, Long dataGeneration) {
        this.total = total;
        this.dataGeneration = dataGeneration;
        this.anotherPass = false;
        progress(0, 0, 0, 0);
    }

    void anotherPass() { this.anotherPass = true; }

    public String getJobId() { return jobId; }
    public String getStatus() { return status; }
    public Long getDataGeneration() { return dataGeneration; }
    public long getTotal() { return total; }
    public long getDone() { return done; }
    public long getChanged() { return changed; }
    public long getSeverityRose() { return severityRose; }
    public long getSkipped() { return skipped; }
    public boolean isAnotherPass() { return anotherPass; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }
}

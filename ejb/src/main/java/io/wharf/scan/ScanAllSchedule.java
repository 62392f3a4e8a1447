package io.wharf.scan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The schedule of "scan all" (one row): its type, cron and the periodic job that carries it out. */
@Entity
@Table(name = "scan_all_schedule")
public class ScanAllSchedule {
    static final String ID = "scan_all";

    @Id
    @Column(length = 16)
    private String id = ID;

    @Column(name = "schedule_type", nullable = false, length = 16)
    private String type;

    @Column(length = 128)
    private String cron;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected ScanAllSchedule() { }

    ScanAllSchedule(String type, String cron, String jobId, Instant now) {
        set(type, cron, jobId, now);
    }

    void set(String type, String cron, String jobId, Instant now) {
        this.type = type;
        this.cron = cron;
        this.jobId = jobId;
        this.updateTime = now;
    }

    public String getType() { return type; }
    public String getCron() { return cron; }
    public String getJobId() { return jobId; }
    public Instant getUpdateTime() { return updateTime; }
}

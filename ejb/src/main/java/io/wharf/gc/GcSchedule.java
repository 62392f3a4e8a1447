package io.wharf.gc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The schedule of garbage collection (one row): its type, cron, options and the periodic job that carries it out. */
@Entity
@Table(name = "gc_schedule")
public class GcSchedule {
    static final String ID = "gc";

    @Id
    @Column(length = 16)
    private String id = ID;

    @Column(name = "schedule_type", nullable = false, length = 16)
    private String type;

    @Column(length = 128)
    private String cron;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(length = 1024)
    private String parameters;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected GcSchedule() { }

    GcSchedule(String type, String cron, String jobId, String parameters, Instant now) {
        set(type, cron, jobId, parameters, now);
    }

    void set(String type, String cron, String jobId, String parameters, Instant now) {
        this.type = type;
        this.cron = cron;
        this.jobId = jobId;
        this.parameters = parameters;
        this.updateTime = now;
    }

    public String getType() { return type; }
    public String getCron() { return cron; }
    public String getJobId() { return jobId; }
    public String getParameters() { return parameters; }
    public Instant getUpdateTime() { return updateTime; }
}

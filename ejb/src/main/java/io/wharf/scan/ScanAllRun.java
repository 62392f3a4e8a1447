package io.wharf.scan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of "scan all": how many artifacts it set out to scan and whether it is still going. */
@Entity
@Table(name = "scan_all_run")
public class ScanAllRun {
    @Id
    @Column(length = 40)
    private String id;

    /** Manual or Schedule, as Harbor's metrics say. */
    @Column(name = "run_trigger", nullable = false, length = 16)
    private String trigger;

    /** The IMAGE_SCAN_ALL job that fans the scans out. */
    @Column(name = "job_id", length = 40)
    private String jobId;

    private int total;

    private boolean ongoing;

    private boolean stopped;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    protected ScanAllRun() { }

    ScanAllRun(String id, String trigger, Instant now) {
        this.id = id;
        this.trigger = trigger;
        this.ongoing = true;
        this.startTime = now;
    }

    public String getId() { return id; }
    public String getTrigger() { return trigger; }
    public String getJobId() { return jobId; }
    public int getTotal() { return total; }
    public boolean isOngoing() { return ongoing; }
    public boolean isStopped() { return stopped; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }

    void jobId(String jobId) { this.jobId = jobId; }
    void total(int total) { this.total = total; }

    void end(boolean stopped, Instant now) {
        this.ongoing = false;
        this.stopped = this.stopped || stopped;
        this.endTime = now;
    }

    void stop() { this.stopped = true; }
}

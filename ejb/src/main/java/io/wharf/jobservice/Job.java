package io.wharf.jobservice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A job as the database keeps it: the source of truth. Redis only holds the queue and short-lived
 * state, so everything here survives Redis losing its data. A periodic job's executions are jobs
 * too, one per cron tick (the unique tick makes two servers unable to start the same tick twice).
 */
@Entity
@Table(name = "job_record",
        // A periodic job's executions are found through job_tick (parent_id first): no index of its own,
        // one less to maintain for every job inserted.
        indexes = {@Index(name = "job_status", columnList = "status, run_at")},
        uniqueConstraints = {@UniqueConstraint(name = "job_tick", columnNames = {"parent_id", "tick"}),
                @UniqueConstraint(name = "job_unique_key", columnNames = "unique_key")})
public class Job {
    @Id
    @Column(length = 40)
    private String id;

    @Column(nullable = false, length = 64)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobKind kind;

    @Lob
    @Column(name = "parameters")
    private String parametersJson;

    @Column(name = "status_hook", length = 2048)
    private String statusHook;

    @Column(name = "cron_spec", length = 128)
    private String cronSpec;

    @Column(name = "is_unique", nullable = false)
    private boolean unique;

    /** Name and parameters of a unique job while it is queued or running; null otherwise. */
    @Column(name = "unique_key", length = 64)
    private String uniqueKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    @Column(name = "run_at")
    private Instant runAt;

    @Column(nullable = false)
    private int fails;

    @Column(name = "max_fails", nullable = false)
    private int maxFails;

    @Column(name = "enqueue_time", nullable = false)
    private Instant enqueueTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    @Column(name = "check_in", length = 1024)
    private String checkIn;

    @Column(name = "check_in_at")
    private Instant checkInAt;

    @Column(name = "last_error", length = 2048)
    private String lastError;

    @Column(name = "parent_id", length = 40)
    private String parentId;

    @Column(name = "tick")
    private Instant tick;

    @Column(name = "stop_requested", nullable = false)
    private boolean stopRequested;

    @Column(name = "run_by", length = 128)
    private String runBy;

    /** Saved while Redis was away: the scheduler queues it as soon as Redis answers. */
    @Column(name = "needs_enqueue", nullable = false)
    private boolean needsEnqueue;

    @Version
    private long revision;

    protected Job() {}

    public Job(String id, String name, JobKind kind, String parametersJson, String statusHook, String cronSpec,
               boolean unique, String uniqueKey, int maxFails, Instant runAt, Instant now) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.parametersJson = parametersJson;
        this.statusHook = statusHook;
        this.cronSpec = cronSpec;
        this.unique = unique;
        this.uniqueKey = uniqueKey;
        this.maxFails = maxFails;
        this.runAt = runAt;
        this.status = kind == JobKind.GENERIC ? JobStatus.PENDING : JobStatus.SCHEDULED;
        this.enqueueTime = now;
        this.updateTime = now;
    }

    /** A job as a row read with plain JDBC holds it (detached, as an entity is after its transaction). */
    static Job fromRow(String id, String name, JobKind kind, String parametersJson, String statusHook, String cronSpec,
                       boolean unique, String uniqueKey, JobStatus status, Instant runAt, int fails, int maxFails,
                       Instant enqueueTime, Instant updateTime, String checkIn, Instant checkInAt, String lastError,
                       String parentId, Instant tick, boolean stopRequested, String runBy, boolean needsEnqueue, long revision) {
        Job j = new Job();
        j.id = id;
        j.name = name;
        j.kind = kind;
        j.parametersJson = parametersJson;
        j.statusHook = statusHook;
        j.cronSpec = cronSpec;
        j.unique = unique;
        j.uniqueKey = uniqueKey;
        j.status = status;
        j.runAt = runAt;
        j.fails = fails;
        j.maxFails = maxFails;
        j.enqueueTime = enqueueTime;
        j.updateTime = updateTime;
        j.checkIn = checkIn;
        j.checkInAt = checkInAt;
        j.lastError = lastError;
        j.parentId = parentId;
        j.tick = tick;
        j.stopRequested = stopRequested;
        j.runBy = runBy;
        j.needsEnqueue = needsEnqueue;
        j.revision = revision;
        return j;
    }

    /** A copy that shares no state with this one (a remembered row must not change with the caller's object). */
    Job detachedCopy() {
        return fromRow(id, name, kind, parametersJson, statusHook, cronSpec, unique, uniqueKey, status, runAt, fails, maxFails,
                enqueueTime, updateTime, checkIn, checkInAt, lastError, parentId, tick, stopRequested, runBy, needsEnqueue, revision);
    }

    /** One execution of a periodic job, for one tick. */
    static Job execution(String id, Job parent, Instant tick, Instant now) {
        Job job = new Job(id, parent.name, JobKind.GENERIC, parent.parametersJson, parent.statusHook, null, false, null,
                parent.maxFails, tick, now);
        job.parentId = parent.id;
        job.tick = tick;
        return job;
    }

    public String getId() { return id; }
    public String getName() { return name; }
    public JobKind getKind() { return kind; }
    public String getParametersJson() { return parametersJson; }
    public String getStatusHook() { return statusHook; }
    public String getCronSpec() { return cronSpec; }
    public boolean isUnique() { return unique; }
    public JobStatus getStatus() { return status; }
    public Instant getRunAt() { return runAt; }
    public int getFails() { return fails; }
    public int getMaxFails() { return maxFails; }
    public Instant getEnqueueTime() { return enqueueTime; }
    public Instant getUpdateTime() { return updateTime; }
    public String getCheckIn() { return checkIn; }
    public Instant getCheckInAt() { return checkInAt; }
    public String getLastError() { return lastError; }
    public String getParentId() { return parentId; }
    public Instant getTick() { return tick; }
    public boolean isStopRequested() { return stopRequested; }
    public String getRunBy() { return runBy; }
    public long getRevision() { return revision; }
    boolean needsEnqueue() { return needsEnqueue; }
    String getUniqueKey() { return uniqueKey; }

    void becomeRunning(String worker, Instant now) {
        status = JobStatus.RUNNING;
        runBy = worker;
        updateTime = now;
    }

    void becomePending(Instant runAt, Instant now) {
        status = JobStatus.PENDING;
        this.runAt = runAt;
        runBy = null;
        updateTime = now;
    }

    /** Waits for its run time (a delay or a retry's backoff); the scheduler releases it. */
    void schedule() { status = JobStatus.SCHEDULED; }

    void nextTick(Instant next, Instant now) {
        runAt = next;
        updateTime = now;
    }

    void touch(Instant now) { updateTime = now; }

    /** After a plain-SQL update of the row (which bumps the version in the database). */
    void bumpRevision() { revision++; }

    void markNeedsEnqueue(boolean needed) { needsEnqueue = needed; }

    void fail(String error, Instant now) {
        fails++;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
        updateTime = now;
    }

    void finish(JobStatus end, Instant now) {
        status = end;
        uniqueKey = null;
        runBy = null;
        updateTime = now;
    }

    void checkIn(String message, Instant now) {
        checkIn = message == null ? null : message.substring(0, Math.min(message.length(), 1000));
        checkInAt = now;
        updateTime = now;
    }

    void requestStop(Instant now) {
        stopRequested = true;
        updateTime = now;
    }

    void retry(Instant now) {
        stopRequested = false;
        fails = 0;
        lastError = null;
        becomePending(now, now);
    }
}

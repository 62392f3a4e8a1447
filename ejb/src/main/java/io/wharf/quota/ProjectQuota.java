package io.wharf.quota;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project's storage limit in bytes (-1: unlimited) and its usage as last counted. */
@Entity
@Table(name = "project_quota")
public class ProjectQuota {
    @Id
    @Column(name = "project_id")
    private Long projectId;

    @Column(name = "storage_limit", nullable = false)
    private long storageLimit;

    @Column(name = "storage_used", nullable = false)
    private long storageUsed;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected ProjectQuota() { }

    ProjectQuota(long projectId, long storageLimit, Instant now) {
        this.projectId = projectId;
        this.storageLimit = storageLimit;
        this.creationTime = now;
        this.updateTime = now;
    }

    void limit(long bytes, Instant now) {
        storageLimit = bytes;
        updateTime = now;
    }

    /** True when the count changed. */
    boolean used(long bytes, Instant now) {
        if (bytes == storageUsed) return false;
        storageUsed = bytes;
        updateTime = now;
        return true;
    }

    public Long getProjectId() { return projectId; }
    public long getStorageLimit() { return storageLimit; }
    public long getStorageUsed() { return storageUsed; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }
}

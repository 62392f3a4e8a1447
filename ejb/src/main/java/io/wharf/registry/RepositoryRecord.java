package io.wharf.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A repository Wharf knows the registry holds, with how often its manifests were pulled. */
@Entity
@Table(name = "repository")
public class RepositoryRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    /** The full name, {@code project/repository}. */
    @Column(nullable = false, unique = true, length = 255)
    private String name;

    @Column(name = "pull_count", nullable = false)
    private long pullCount;

    /** Harbor's repository description (its "info" tab), set through the API. */
    @Column(length = 4096)
    private String description;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected RepositoryRecord() {}

    public RepositoryRecord(Long projectId, String name, Instant now) {
        this.projectId = projectId;
        this.name = name;
        this.creationTime = now;
        this.updateTime = now;
    }

    public Long getId() { return id; }
    public Long getProjectId() { return projectId; }
    public String getName() { return name; }
    public long getPullCount() { return pullCount; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }

    void pulledTimes(int times) { pullCount += times; }
    void touch(Instant now) { updateTime = now; }
    public String getDescription() { return description; }
    void describe(String text, Instant now) {
        description = text;
        updateTime = now;
    }
}

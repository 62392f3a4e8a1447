package io.wharf.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** A tag of a repository, pointing at one artifact; pushing the tag again moves it. */
@Entity
@Table(name = "tag", uniqueConstraints = @UniqueConstraint(columnNames = {"repository_id", "name"}))
public class Tag {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    @Column(name = "artifact_id", nullable = false)
    private Long artifactId;

    @Column(nullable = false, length = 128)
    private String name;

    @Column(name = "push_time", nullable = false)
    private Instant pushTime;

    @Column(name = "pull_time")
    private Instant pullTime;

    protected Tag() {}

    public Tag(Long repositoryId, Long artifactId, String name, Instant pushTime) {
        this.repositoryId = repositoryId;
        this.artifactId = artifactId;
        this.name = name;
        this.pushTime = pushTime;
    }

    public Long getId() { return id; }
    public Long getRepositoryId() { return repositoryId; }
    public Long getArtifactId() { return artifactId; }
    public String getName() { return name; }
    public Instant getPushTime() { return pushTime; }
    public Instant getPullTime() { return pullTime; }

    void pointAt(Long artifactId, Instant at) { this.artifactId = artifactId; this.pushTime = at; }
    void pulled(Instant at) { pullTime = at; }
}

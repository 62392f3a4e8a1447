package io.wharf.proxy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project that is a proxy cache of a registry endpoint (Harbor's project {@code registry_id}). */
@Entity
@Table(name = "proxy_project")
public class ProxyProject {
    @Id
    @Column(name = "project_id")
    private Long projectId;

    @Column(name = "registry_id", nullable = false)
    private Long registryId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    protected ProxyProject() {}

    ProxyProject(long projectId, long registryId) {
        this.projectId = projectId;
        this.registryId = registryId;
        this.creationTime = Instant.now();
    }

    public Long getProjectId() { return projectId; }
    public Long getRegistryId() { return registryId; }
    public Instant getCreationTime() { return creationTime; }
}

package io.wharf.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/** One push, pull or delete of an artifact. */
@Entity
@Table(name = "audit_log", indexes = {@Index(name = "audit_log_project", columnList = "project_id, op_time")})
public class AuditLogEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    @Column(nullable = false, length = 255)
    private String username;

    /** {@code p/r:tag} or {@code p/r@sha256:...}. */
    @Column(nullable = false, length = 512)
    private String resource;

    @Column(name = "resource_type", nullable = false, length = 32)
    private String resourceType;

    @Column(nullable = false, length = 16)
    private String operation;

    @Column(name = "op_time", nullable = false)
    private Instant opTime;

    protected AuditLogEntry() {}

    public AuditLogEntry(Long projectId, String username, String resource, String operation, Instant opTime) {
        this.projectId = projectId;
        this.username = username == null || username.isEmpty() ? "anonymous" : username;
        this.resource = resource;
        this.resourceType = "artifact";
        this.operation = operation;
        this.opTime = opTime;
    }

    /** An entry about something other than an artifact (a user's sign-in lock, say). */
    public AuditLogEntry(Long projectId, String username, String resource, String resourceType, String operation, Instant opTime) {
        this(projectId, username, resource, operation, opTime);
        this.resourceType = resourceType;
    }

    public Long getId() { return id; }
    public Long getProjectId() { return projectId; }
    public String getUsername() { return username; }
    public String getResource() { return resource; }
    public String getResourceType() { return resourceType; }
    public String getOperation() { return operation; }
    public Instant getOpTime() { return opTime; }
}

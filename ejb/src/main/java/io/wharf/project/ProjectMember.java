package io.wharf.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** A user's role in one project. */
@Entity
@Table(name = "project_member", uniqueConstraints = @UniqueConstraint(columnNames = {"project_id", "user_id"}))
@NamedQuery(name = "ProjectMember.ofProject",
        query = "select m from ProjectMember m where m.projectId = :projectId order by m.id")
@NamedQuery(name = "ProjectMember.find",
        query = "select m from ProjectMember m where m.projectId = :projectId and m.userId = :userId")
@NamedQuery(name = "ProjectMember.ofUser",
        query = "select m from ProjectMember m where m.userId = :userId")
@NamedQuery(name = "ProjectMember.projectsOfUser",
        query = "select m.projectId from ProjectMember m where m.userId = :userId")
public class ProjectMember {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "role_id", nullable = false)
    private int roleId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected ProjectMember() {}

    public ProjectMember(Long projectId, Long userId, ProjectRole role) {
        this.projectId = projectId;
        this.userId = userId;
        this.roleId = role.id();
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public Long getProjectId() { return projectId; }
    public Long getUserId() { return userId; }
    public ProjectRole getRole() { return ProjectRole.ofId(roleId); }
    public Instant getCreationTime() { return creationTime; }

    void changeRole(ProjectRole role) { this.roleId = role.id(); this.updateTime = Instant.now(); }
}

package io.wharf.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A user group's role in one project. Its ids start at {@link #FIRST_ID} (the migration says so) so that
 * Harbor's one members API, which lists users and groups together, can tell which table an id names.
 */
@Entity
@Table(name = "project_group_member")
public class ProjectGroupMember {
    public static final long FIRST_ID = 1_000_000_000L;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    @Column(name = "group_id", nullable = false)
    private Long groupId;

    @Column(name = "role_id", nullable = false)
    private int roleId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected ProjectGroupMember() {}

    public ProjectGroupMember(Long projectId, Long groupId, ProjectRole role) {
        this.projectId = projectId;
        this.groupId = groupId;
        this.roleId = role.id();
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public Long getProjectId() { return projectId; }
    public Long getGroupId() { return groupId; }
    public ProjectRole getRole() { return ProjectRole.ofId(roleId); }

    void changeRole(ProjectRole role) { this.roleId = role.id(); this.updateTime = Instant.now(); }

    public static boolean isGroupMemberId(long id) { return id >= FIRST_ID; }
}

package io.wharf.project;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Projects, their settings and their members, with Harbor's rules of who may do what. */
@Stateless
public class ProjectService {
    /** Harbor's project name rule (also a valid first component of a distribution repository name). */
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Set<String> BOOLEAN_METADATA = Set.of(Project.META_PUBLIC, Project.META_AUTO_SCAN, "auto_sbom_generation",
            "enable_content_trust", "prevent_vul", "reuse_sys_cve_allowlist",
            "enable_content_trust_cosign");
    private static final Set<String> OTHER_METADATA = Set.of("severity", "retention_id");

    @Inject ProjectRepository projects;
    @Inject UserRepository users;
    @Inject AccessCache access;
    @Inject Revocations revocations;
    @Inject UserGroupRepository groups;
    @Inject Event<ProjectDeleted> deleted;

    public record NewMember(Integer roleId, String username, Long userId) {}

    public Project create(Caller caller, String name, Map<String, String> metadata, Boolean publicFlag) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to create a project");
        if (name == null || name.length() > 255 || !PROJECT_NAME.matcher(name).matches()) {
            throw WharfException.badRequest("project_name must be lower case letters and digits, "
                    + "separated by single '.', '_' or '-', at most 255 characters");
        }
        Map<String, String> meta = validMetadata(metadata);
        if (publicFlag != null) meta.put(Project.META_PUBLIC, publicFlag.toString());
        if (projects.byName(name).isPresent()) throw WharfException.conflict("project " + name + " already exists");
        Project project = projects.add(new Project(name, caller.userId(), meta));
        projects.addMember(new ProjectMember(project.getId(), caller.userId(), ProjectRole.PROJECT_ADMIN));
        access.changed();
        return project;
    }

    public Project get(Caller caller, String nameOrId) {
        Project project = find(nameOrId);
        if (!canRead(caller, project)) {
            // Private projects a caller cannot see do not exist for them, as in Harbor.
            throw caller.isAnonymous() ? WharfException.unauthorized("sign in to see project " + nameOrId)
                    : WharfException.notFound("project " + nameOrId + " not found");
        }
        return project;
    }

    public Page<Project> list(Caller caller, String name, Boolean publicOnly, Integer page, Integer pageSize) {
        int[] p = Page.normalize(page, pageSize);
        Page<Project> result = new Page<>(List.of(), 0, p[0], p[1]);
        return new Page<>(projects.visible(caller, name, publicOnly, result.firstResult(), p[1]),
                projects.countVisible(caller, name, publicOnly), p[0], p[1]);
    }

    public Project updateMetadata(Caller caller, String nameOrId, Map<String, String> metadata) {
        Project project = get(caller, nameOrId);
        require(caller, project, Permission.PROJECT_METADATA_UPDATE, "change the project's settings");
        project.mergeMetadata(validMetadata(metadata));
        access.changed();
        return project;
    }

    public void delete(Caller caller, String nameOrId, boolean hasRepositories) {
        Project project = get(caller, nameOrId);
        require(caller, project, Permission.PROJECT_DELETE, "delete the project");
        if (hasRepositories) {
            throw new WharfException(412, "PRECONDITION", "project " + project.getName() + " still has repositories");
        }
        projects.members(project.getId()).forEach(projects::removeMember);
        groups.removeProject(project.getId());
        deleted.fire(new ProjectDeleted(project.getId(), project.getName(), caller.username()));
        projects.remove(project);
        access.changed();
    }

    /** The caller's own role in the project, if they are a member. */
    public Optional<ProjectRole> roleOf(Caller caller, Project project) {
        return access.roleOf(caller, project.getId());
    }

    /** The registry actions the caller may take on the project's repositories. */
    public Set<ProjectRole.Action> allowedActions(Caller caller, String projectName) {
        return access.allowedActions(caller, projectName);
    }

    public List<ProjectMember> members(Caller caller, String nameOrId) {
        Project project = get(caller, nameOrId);
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to see members");
        require(caller, project, Permission.MEMBER_LIST, "see the project's members");
        return projects.members(project.getId());
    }

    public ProjectMember addMember(Caller caller, String nameOrId, NewMember request) {
        Project project = get(caller, nameOrId);
        require(caller, project, Permission.MEMBER_CREATE, "add members");
        if (request == null || request.roleId() == null) throw WharfException.badRequest("role_id is required");
        ProjectRole role = ProjectRole.ofId(request.roleId());
        UserAccount user = resolveUser(request);
        if (projects.member(project.getId(), user.getId()).isPresent()) {
            throw WharfException.conflict(user.getUsername() + " is already a member of " + project.getName());
        }
        ProjectMember added = projects.addMember(new ProjectMember(project.getId(), user.getId(), role));
        access.changed();
        return added;
    }

    public ProjectMember changeMemberRole(Caller caller, String nameOrId, long memberId, Integer roleId) {
        Project project = get(caller, nameOrId);
        require(caller, project, Permission.MEMBER_UPDATE, "change members' roles");
        if (roleId == null) throw WharfException.badRequest("role_id is required");
        ProjectRole role = ProjectRole.ofId(roleId);
        ProjectMember member = memberOf(project, memberId);
        if (member.getUserId().equals(caller.userId())) {
            throw WharfException.forbidden("you cannot change your own role");
        }
        member.changeRole(role);
        users.byId(member.getUserId()).ifPresent(u -> revocations.revoke(u.getUsername()));
        access.changed();
        return member;
    }

    public void removeMember(Caller caller, String nameOrId, long memberId) {
        Project project = get(caller, nameOrId);
        require(caller, project, Permission.MEMBER_DELETE, "remove members");
        ProjectMember member = memberOf(project, memberId);
        if (member.getUserId().equals(caller.userId())) {
            throw WharfException.forbidden("you cannot remove yourself from a project");
        }
        projects.removeMember(member);
        users.byId(member.getUserId()).ifPresent(u -> revocations.revoke(u.getUsername()));
        access.changed();
    }

    public Optional<Project> byName(String name) { return projects.byName(name); }

    public Optional<Project> byId(long id) { return projects.byId(id); }

    /** The ids of every project the caller may see (public ones and their memberships; all for an admin). */
    public List<Long> visibleIds(Caller caller) {
        return projects.visible(caller, null, null, 0, Integer.MAX_VALUE).stream().map(Project::getId).toList();
    }

    public Map<Long, String> usernames(List<ProjectMember> members) {
        Map<Long, String> names = new HashMap<>();
        for (ProjectMember m : members) {
            users.byId(m.getUserId()).ifPresent(u -> names.put(u.getId(), u.getUsername()));
        }
        return names;
    }

    public String ownerName(Project project) {
        return users.byId(project.getOwnerId()).map(UserAccount::getUsername).orElse(null);
    }

    private ProjectMember memberOf(Project project, long memberId) {
        return projects.memberById(memberId).filter(m -> m.getProjectId().equals(project.getId()))
                .orElseThrow(() -> WharfException.notFound("member " + memberId + " not found in " + project.getName()));
    }

    private UserAccount resolveUser(NewMember request) {
        if (request.userId() != null) {
            return users.byId(request.userId()).orElseThrow(() -> WharfException.notFound("user " + request.userId() + " not found"));
        }
        if (request.username() == null || request.username().isBlank()) {
            throw WharfException.badRequest("member_user needs a username or a user_id");
        }
        return users.byName(request.username()).orElseThrow(() -> WharfException.notFound("user " + request.username() + " not found"));
    }

    /** Throws unless the {@link Permission} table lets the caller do this in the project. */
    public void require(Caller caller, Project project, Permission permission, String what) {
        Permissions.require(caller, permission, access(caller, project), null, what);
    }

    /** What the caller has in the project, as the permission table needs it. */
    public Permissions.ProjectAccess access(Caller caller, Project project) {
        return new Permissions.ProjectAccess(project.isPublic(), roleOf(caller, project), project.getName());
    }

    private boolean canRead(Caller caller, Project project) {
        return caller.sysadmin() || project.isPublic() || roleOf(caller, project).isPresent()
                || (caller.isRobot() && !caller.robot().permissionsIn(project.getName()).isEmpty());
    }

    private Project find(String nameOrId) {
        Optional<Project> byName = projects.byName(nameOrId);
        if (byName.isPresent()) return byName.get();
        if (nameOrId.matches("\\d{1,18}")) {
            Optional<Project> byId = projects.byId(Long.parseLong(nameOrId));
            if (byId.isPresent()) return byId.get();
        }
        throw WharfException.notFound("project " + nameOrId + " not found");
    }

    private static Map<String, String> validMetadata(Map<String, String> metadata) {
        Map<String, String> result = new HashMap<>();
        if (metadata == null) return result;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (BOOLEAN_METADATA.contains(key)) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw WharfException.badRequest("metadata " + key + " must be \"true\" or \"false\"");
                }
                result.put(key, value.toLowerCase());
            } else if (key.equals("severity")) {
                if (!Set.of("low", "medium", "high", "critical").contains(value.toLowerCase())) {
                    throw WharfException.badRequest("metadata severity must be low, medium, high or critical");
                }
                result.put(key, value.toLowerCase());
            } else if (OTHER_METADATA.contains(key)) {
                result.put(key, value);
            } else {
                throw WharfException.badRequest("unknown project metadata " + key);
            }
        }
        return result;
    }
}

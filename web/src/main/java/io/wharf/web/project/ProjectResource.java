package io.wharf.web.project;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Project;
import io.wharf.scan.ScanService;
import io.wharf.project.ProjectMember;
import io.wharf.project.ProjectRole;
import io.wharf.project.ProjectService;
import io.wharf.registry.ArtifactService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Harbor v2.0 projects and members API. */
@Path("api/v2.0/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ProjectResource {
    @Inject ProjectService projects;
    @Inject ArtifactService artifacts;
    @Inject CallerHolder caller;
    @Inject ScanService scans;
    @Inject io.wharf.label.LabelService labels;
    @Inject io.wharf.quota.QuotaService quotas;
    @Inject io.wharf.retention.RetentionService retentions;
    @Inject io.wharf.tagrules.ImmutableTags immutableTags;
    @Inject io.wharf.project.GroupMembers groupMembers;
    @Inject io.wharf.proxy.ProxyProjects proxyProjects;
    @Context UriInfo uri;

    public record ProjectRequest(String projectName, Boolean isPublic, Map<String, String> metadata, CveAllowlistBody cveAllowlist,
                                 Long storageLimit, Long registryId) {}

    /** Harbor's project CVE allowlist: {@code {"items":[{"cve_id":"CVE-..."}],"expires_at":<epoch s>}}. */
    public record CveAllowlistBody(Long projectId, List<CveItem> items, Long expiresAt, Instant updateTime) {}

    public record CveItem(String cveId) {}

    public record ProjectView(Long projectId, String name, Long ownerId, String ownerName, Instant creationTime,
                              Instant updateTime, boolean deleted, Integer currentUserRoleId,
                              List<Integer> currentUserRoleIds, Map<String, String> metadata, CveAllowlistBody cveAllowlist,
                              long repoCount, long registryId, boolean togglable) {}

    /** Harbor's {@code ProjectDeletable}. */
    public record DeletableView(boolean deletable, String message) {}

    /** Harbor's {@code ProjectSummary}. */
    public record SummaryView(long repoCount, Integer projectAdminCount, Integer maintainerCount, Integer developerCount,
                              Integer guestCount, Integer limitedGuestCount, SummaryQuota quota) {}

    /** Harbor's {@code ProjectSummaryQuota}: {@code {"hard":{"storage":n},"used":{"storage":n}}}, for members and administrators. */
    public record SummaryQuota(Map<String, Long> hard, Map<String, Long> used) {
        static SummaryQuota of(io.wharf.quota.QuotaService.View v) {
            return new SummaryQuota(Map.of("storage", v.limit()), Map.of("storage", v.used()));
        }
    }

    public record MemberUser(String username, Long userId) {}

    public record MemberRequest(Integer roleId, MemberUser memberUser, MemberGroup memberGroup) {}

    /** Harbor's {@code UserGroup} in a member request: an existing group by id, or an LDAP group by DN. */
    public record MemberGroup(Long id, String groupName, Integer groupType, String ldapGroupDn) {}

    public record RoleRequest(Integer roleId) {}

    public record MemberView(Long id, Long projectId, String entityName, String roleName, int roleId,
                             Long entityId, String entityType) {}

    @POST
    @Requires(Permission.PROJECT_CREATE)
    public Response create(ProjectRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with project_name is required");
        if (request.storageLimit() != null && request.storageLimit() < -1) {
            throw WharfException.badRequest("storage_limit must be -1 (unlimited) or a number of bytes");
        }
        // A proxy cache project (registry_id) is checked before anything is written.
        proxyProjects.checkCreate(caller.get(), request.registryId());
        Project p = projects.create(caller.get(), request.projectName(), request.metadata(), request.isPublic());
        quotas.projectLimit(p.getId(), request.storageLimit(), true);
        proxyProjects.link(p.getId(), request.registryId());
        return Response.created(URI.create("/api/v2.0/projects/" + p.getId())).build();
    }

    @HEAD
    @Requires(Permission.ANYONE)
    public Response exists(@QueryParam("project_name") String name) {
        if (name == null) throw WharfException.badRequest("project_name is required");
        return projects.byName(name).isPresent() ? Response.ok().build() : Response.status(404).build();
    }

    @GET
    @Requires(Permission.ANYONE)
    public Response list(@QueryParam("name") String name, @QueryParam("public") Boolean publicOnly,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<Project> result = projects.list(caller.get(), name, publicOnly, page, pageSize);
        // A page's counts, owners and allowlists read once each, not once per project (issue 23).
        List<Long> ids = result.items().stream().map(Project::getId).toList();
        Map<Long, Long> counts = artifacts.repositoryCounts(ids);
        Map<Long, io.wharf.scan.CveAllowlist> allowlists = scans.allowlists(ids);
        Map<Long, String> owners = new java.util.HashMap<>();
        return PageLinks.ok(result.items().stream().map(p -> view(p, counts.getOrDefault(p.getId(), 0L),
                owners.computeIfAbsent(p.getOwnerId(), k -> projects.ownerName(p)),
                allowlist(p, java.util.Optional.ofNullable(allowlists.get(p.getId()))))).toList(), result, uri).build();
    }

    @GET
    @Path("{project}")
    @Requires(Permission.PROJECT_READ)
    public ProjectView get(@PathParam("project") String project) {
        return view(projects.get(caller.get(), project));
    }

    @PUT
    @Path("{project}")
    @Requires(Permission.PROJECT_METADATA_UPDATE)
    public Response update(@PathParam("project") String project, ProjectRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with metadata is required");
        Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
        if (request.isPublic() != null) {
            metadata = new java.util.HashMap<>(metadata);
            metadata.put(Project.META_PUBLIC, request.isPublic().toString());
        }
        projects.updateMetadata(caller.get(), project, metadata);
        if (request.storageLimit() != null) {
            Project p = projects.get(caller.get(), project);
            if (!caller.get().sysadmin()) throw WharfException.forbidden("only administrators can change a project's storage limit");
            quotas.projectLimit(p.getId(), request.storageLimit(), false);
        }
        if (request.cveAllowlist() != null) {
            List<String> ids = request.cveAllowlist().items() == null ? List.of()
                    : request.cveAllowlist().items().stream().map(i -> i == null ? null : i.cveId()).toList();
            scans.replaceAllowlist(caller.get(), project, ids, request.cveAllowlist().expiresAt());
        }
        return Response.ok().build();
    }

    /** Deletes the project; 412 with the reason while it still has repositories, as Harbor answers. */
    @DELETE
    @Path("{project}")
    @Requires(Permission.PROJECT_DELETE)
    public Response delete(@PathParam("project") String project) {
        Project p = projects.get(caller.get(), project);
        projects.delete(caller.get(), project, artifacts.repositoryCount(p) > 0);
        labels.projectDeleted(p.getId());
        // What Harbor deletes with a project: its quota, retention policy (and schedule) and immutability rules.
        quotas.projectDeleted(p.getId());
        retentions.projectDeleted(p.getId());
        immutableTags.projectDeleted(p.getId());
        return Response.ok().build();
    }

    @GET
    @Path("{project}/_deletable")
    @Requires(Permission.PROJECT_DELETE)
    public DeletableView deletable(@PathParam("project") String project) {
        Project p = projects.get(caller.get(), project);
        Caller c = caller.get();
        if (!c.sysadmin() && projects.roleOf(c, p).map(r -> r != ProjectRole.PROJECT_ADMIN).orElse(true)) {
            throw c.isAnonymous() ? WharfException.unauthorized("sign in to delete projects")
                    : WharfException.forbidden("only the project's admins can delete it");
        }
        long repositories = artifacts.repositoryCount(p);
        return repositories > 0
                ? new DeletableView(false, "the project contains " + repositories + " repositories, can not be deleted")
                : new DeletableView(true, "");
    }

    @GET
    @Path("{project}/summary")
    @Requires(Permission.PROJECT_READ)
    public SummaryView summary(@PathParam("project") String project) {
        Project p = projects.get(caller.get(), project);
        Caller c = caller.get();
        long repositories = artifacts.repositoryCount(p);
        if (!c.sysadmin() && !projects.roleOf(c, p).map(r -> io.wharf.project.Permissions.allows(r, Permission.MEMBER_LIST)).orElse(false)) {
            // Non-members of a public project (and limited guests) see its size, not who belongs to it.
            return new SummaryView(repositories, null, null, null, null, null,
                    quotas.forSummary(c, p).map(SummaryQuota::of).orElse(null));
        }
        Map<ProjectRole, Long> counts = projects.members(c, project).stream()
                .collect(java.util.stream.Collectors.groupingBy(ProjectMember::getRole, java.util.stream.Collectors.counting()));
        java.util.function.Function<ProjectRole, Integer> n = r -> counts.getOrDefault(r, 0L).intValue();
        return new SummaryView(repositories, n.apply(ProjectRole.PROJECT_ADMIN), n.apply(ProjectRole.MAINTAINER),
                n.apply(ProjectRole.DEVELOPER), n.apply(ProjectRole.GUEST), n.apply(ProjectRole.LIMITED_GUEST),
                quotas.forSummary(c, p).map(SummaryQuota::of).orElse(null));
    }

    @GET
    @Path("{project}/members")
    @Requires(Permission.MEMBER_LIST)
    public Response members(@PathParam("project") String project, @QueryParam("entityname") String entityName,
                            @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        List<ProjectMember> members = projects.members(caller.get(), project);
        Map<Long, String> names = projects.usernames(members);
        List<MemberView> views = java.util.stream.Stream.concat(members.stream().map(m -> view(m, names)), groupViews(project).stream())
                .filter(v -> entityName == null || entityName.isBlank() || (v.entityName() != null && v.entityName().contains(entityName)))
                .toList();
        int[] n = Page.normalize(page, pageSize);
        int from = Math.min(views.size(), (n[0] - 1) * n[1]);
        Page<MemberView> result = new Page<>(views.subList(from, Math.min(views.size(), from + n[1])), views.size(), n[0], n[1]);
        return PageLinks.ok(result.items(), result, uri).build();
    }

    @GET
    @Path("{project}/members/{mid: \\d+}")
    @Requires(Permission.MEMBER_LIST)
    public MemberView member(@PathParam("project") String project, @PathParam("mid") long memberId) {
        if (io.wharf.project.ProjectGroupMember.isGroupMemberId(memberId)) {
            io.wharf.project.ProjectGroupMember g = groupMembers.get(caller.get(), project, memberId);
            return groupView(g, groupMembers.groupsOf(List.of(g)));
        }
        List<ProjectMember> members = projects.members(caller.get(), project);
        ProjectMember m = members.stream().filter(x -> x.getId() == memberId).findFirst()
                .orElseThrow(() -> WharfException.notFound("member " + memberId + " not found in " + project));
        return view(m, projects.usernames(List.of(m)));
    }

    /** Group members (entity type "g", as Harbor), after the user members. */
    private List<MemberView> groupViews(String project) {
        List<io.wharf.project.ProjectGroupMember> members = groupMembers.list(caller.get(), project);
        Map<Long, io.wharf.project.UserGroup> groups = groupMembers.groupsOf(members);
        return members.stream().map(m -> groupView(m, groups)).toList();
    }

    private static MemberView groupView(io.wharf.project.ProjectGroupMember m, Map<Long, io.wharf.project.UserGroup> groups) {
        io.wharf.project.UserGroup g = groups.get(m.getGroupId());
        return new MemberView(m.getId(), m.getProjectId(), g == null ? null : g.getGroupName(), m.getRole().label(),
                m.getRole().id(), m.getGroupId(), "g");
    }

    private static MemberView view(ProjectMember m, Map<Long, String> names) {
        return new MemberView(m.getId(), m.getProjectId(), names.get(m.getUserId()), m.getRole().label(), m.getRole().id(),
                m.getUserId(), "u");
    }

    @POST
    @Path("{project}/members")
    @Requires(Permission.MEMBER_CREATE)
    public Response addMember(@PathParam("project") String project, MemberRequest request) {
        if (request != null && request.memberUser() == null && request.memberGroup() != null) {
            MemberGroup g = request.memberGroup();
            io.wharf.project.ProjectGroupMember m = groupMembers.add(caller.get(), project, request.roleId(), g.id(),
                    g.groupName(), g.ldapGroupDn());
            return Response.created(URI.create("/api/v2.0/projects/" + project + "/members/" + m.getId())).build();
        }
        if (request == null || request.memberUser() == null) {
            throw WharfException.badRequest("role_id and member_user (or member_group) are required");
        }
        ProjectMember m = projects.addMember(caller.get(), project, new ProjectService.NewMember(request.roleId(),
                request.memberUser().username(), request.memberUser().userId()));
        return Response.created(URI.create("/api/v2.0/projects/" + project + "/members/" + m.getId())).build();
    }

    @PUT
    @Path("{project}/members/{mid: \\d+}")
    @Requires(Permission.MEMBER_UPDATE)
    public Response changeRole(@PathParam("project") String project, @PathParam("mid") long memberId, RoleRequest request) {
        if (io.wharf.project.ProjectGroupMember.isGroupMemberId(memberId)) {
            groupMembers.changeRole(caller.get(), project, memberId, request == null ? null : request.roleId());
            return Response.ok().build();
        }
        projects.changeMemberRole(caller.get(), project, memberId, request == null ? null : request.roleId());
        return Response.ok().build();
    }

    @DELETE
    @Path("{project}/members/{mid: \\d+}")
    @Requires(Permission.MEMBER_DELETE)
    public Response removeMember(@PathParam("project") String project, @PathParam("mid") long memberId) {
        if (io.wharf.project.ProjectGroupMember.isGroupMemberId(memberId)) {
            groupMembers.remove(caller.get(), project, memberId);
            return Response.ok().build();
        }
        projects.removeMember(caller.get(), project, memberId);
        return Response.ok().build();
    }

    ProjectView view(Project p) {
        return view(p, artifacts.repositoryCount(p), projects.ownerName(p), allowlist(p, scans.allowlist(p.getId())));
    }

    private ProjectView view(Project p, long repositoryCount, String ownerName, CveAllowlistBody allowlist) {
        Caller c = caller.get();
        Integer role = projects.roleOf(c, p).map(ProjectRole::id).orElse(null);
        return new ProjectView(p.getId(), p.getName(), p.getOwnerId(), ownerName, p.getCreationTime(),
                p.getUpdateTime(), false, role, role == null ? List.of() : List.of(role), p.getMetadata(), allowlist,
                repositoryCount, proxyProjects.registryIdOf(p.getId()), true);
    }

    private static CveAllowlistBody allowlist(Project p, java.util.Optional<io.wharf.scan.CveAllowlist> list) {
        return list
                .map(a -> new CveAllowlistBody(p.getId(), a.ids().stream().map(CveItem::new).toList(), a.getExpiresAt(), a.getUpdateTime()))
                .orElse(new CveAllowlistBody(p.getId(), List.of(), null, null));
    }
}

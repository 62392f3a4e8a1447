package io.wharf.project;

import io.wharf.common.WharfException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * User groups as project members (Harbor's {@code member_group}): whoever belonged to the group at
 * their last directory sign-in has its role in the project. Same rules as user members.
 */
@Stateless
public class GroupMembers {
    @Inject ProjectService projects;
    @Inject UserGroupRepository groups;
    @Inject AccessCache access;

    public List<ProjectGroupMember> list(Caller caller, String project) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.MEMBER_LIST, "see the project's members");
        return groups.membersOfProject(p.getId());
    }

    /** The groups of these memberships by id. */
    public Map<Long, UserGroup> groupsOf(List<ProjectGroupMember> members) {
        return groups.byIds(members.stream().map(ProjectGroupMember::getGroupId).distinct().toList()).stream()
                .collect(Collectors.toMap(UserGroup::getId, Function.identity()));
    }

    /** Adds a group by id, or by DN (creating the group record as Harbor does when the DN is new). */
    public ProjectGroupMember add(Caller caller, String project, Integer roleId, Long groupId, String groupName, String ldapDn) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.MEMBER_CREATE, "add members");
        if (roleId == null) throw WharfException.badRequest("role_id is required");
        ProjectRole role = ProjectRole.ofId(roleId);
        UserGroup group;
        if (groupId != null && groupId > 0) {
            group = groups.byId(groupId).orElseThrow(() -> WharfException.notFound("user group " + groupId + " not found"));
        } else if (ldapDn != null && !ldapDn.isBlank()) {
            group = groups.byDn(ldapDn.strip()).orElseGet(() -> groups.add(new UserGroup(
                    groupName == null || groupName.isBlank() ? UserGroup.nameOf(ldapDn) : groupName.strip(), UserGroup.LDAP, ldapDn.strip())));
        } else {
            throw WharfException.badRequest("member_group needs an id or an ldap_group_dn");
        }
        if (groups.member(p.getId(), group.getId()).isPresent()) {
            throw WharfException.conflict("group " + group.getGroupName() + " is already a member of " + p.getName());
        }
        ProjectGroupMember added = groups.addMember(new ProjectGroupMember(p.getId(), group.getId(), role));
        access.changed();
        return added;
    }

    public void changeRole(Caller caller, String project, long memberId, Integer roleId) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.MEMBER_UPDATE, "change members' roles");
        if (roleId == null) throw WharfException.badRequest("role_id is required");
        ProjectRole role = ProjectRole.ofId(roleId);
        memberOf(p, memberId).changeRole(role);
        access.changed();
    }

    public void remove(Caller caller, String project, long memberId) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.MEMBER_DELETE, "remove members");
        groups.removeMember(memberOf(p, memberId));
        access.changed();
    }

    public ProjectGroupMember get(Caller caller, String project, long memberId) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.MEMBER_LIST, "see the project's members");
        return memberOf(p, memberId);
    }

    private ProjectGroupMember memberOf(Project p, long memberId) {
        return groups.memberById(memberId).filter(m -> m.getProjectId().equals(p.getId()))
                .orElseThrow(() -> WharfException.notFound("member " + memberId + " not found in " + p.getName()));
    }
}

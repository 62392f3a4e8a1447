package io.wharf.project;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/** Harbor's {@code /usergroups}: administrators list, create, rename and delete user groups. */
@Stateless
public class UserGroupService {
    @Inject UserGroupRepository groups;
    @Inject AccessCache access;

    public Page<UserGroup> list(Caller caller, String name, String dn, Integer page, Integer pageSize) {
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(groups.search(name, dn, (n[0] - 1) * n[1], n[1]), groups.countSearch(name, dn), n[0], n[1]);
    }

    public UserGroup get(long id) {
        return groups.byId(id).orElseThrow(() -> WharfException.notFound("user group " + id + " not found"));
    }

    /** A new LDAP group; the caller has checked that the DN names a group in the directory. */
    public UserGroup create(Caller caller, String name, Integer type, String dn) {
        Permissions.require(caller, Permission.USER_GROUP_MANAGE, null, null, "manage user groups");
        if (type == null || type != UserGroup.LDAP) throw WharfException.badRequest("group_type must be 1 (LDAP group)");
        if (dn == null || dn.isBlank() || dn.length() > 512) throw WharfException.badRequest("ldap_group_dn is required (at most 512 characters)");
        if (groups.byDn(dn.strip()).isPresent()) throw WharfException.conflict("a user group with this ldap_group_dn already exists");
        String groupName = name == null || name.isBlank() ? dn.strip() : name.strip();
        if (groupName.length() > 255) throw WharfException.badRequest("group_name is longer than 255 characters");
        return groups.add(new UserGroup(groupName, UserGroup.LDAP, dn.strip()));
    }

    public void rename(Caller caller, long id, String name) {
        Permissions.require(caller, Permission.USER_GROUP_MANAGE, null, null, "manage user groups");
        if (name == null || name.isBlank() || name.length() > 255) throw WharfException.badRequest("group_name is required (at most 255 characters)");
        get(id).rename(name.strip());
    }

    public void delete(Caller caller, long id) {
        Permissions.require(caller, Permission.USER_GROUP_MANAGE, null, null, "manage user groups");
        groups.remove(get(id));
        access.changed();
    }
}

package io.wharf.web.project;

import io.wharf.project.ProjectRole;
import java.util.ArrayList;
import java.util.List;

/**
 * What a role may do, as Harbor's {@code GET /users/current/permissions} lists it: resource and
 * action pairs, the resources relative to the scope ({@code repository}) or absolute
 * ({@code /project/1/repository}). Drawn from what Wharf's services allow each role.
 */
public final class HarborPermissions {
    private HarborPermissions() {}

    public record Permission(String resource, String action) {}

    /** A project member's permissions; {@code role} null means a non-member who can see the project (public). */
    public static List<Permission> project(ProjectRole role, boolean sysadmin, String prefix) {
        List<Permission> out = new ArrayList<>();
        add(out, prefix, "project", "read");
        add(out, prefix, "repository", "list", "read", "pull");
        add(out, prefix, "artifact", "list", "read");
        add(out, prefix, "tag", "list");
        add(out, prefix, "scan", "read");
        add(out, prefix, "label", "list", "read");
        if (role == null && !sysadmin) return out;
        add(out, prefix, "member", "list", "read");
        add(out, prefix, "log", "list");
        boolean push = sysadmin || role.actions().contains(ProjectRole.Action.PUSH);
        boolean delete = sysadmin || role.actions().contains(ProjectRole.Action.DELETE);
        boolean manage = sysadmin || role.canWriteProject();
        if (push) {
            add(out, prefix, "repository", "push", "update");
            add(out, prefix, "artifact", "create");
            add(out, prefix, "tag", "create");
            add(out, prefix, "scan", "create", "stop");
            add(out, prefix, "artifact-label", "create", "delete");
        }
        if (delete) {
            add(out, prefix, "repository", "delete");
            add(out, prefix, "artifact", "delete");
            add(out, prefix, "tag", "delete");
        }
        if (manage) {
            add(out, prefix, "metadata", "read", "update");
            add(out, prefix, "label", "create", "update", "delete");
            add(out, prefix, "allowlist", "read", "update");
        }
        if (sysadmin || role.managesMembers()) {
            add(out, prefix, "member", "create", "update", "delete");
            add(out, prefix, "scanner", "create");
            add(out, prefix, "project", "update", "delete");
        }
        return out;
    }

    /** A system administrator's permissions at the system scope; others have none there. */
    public static List<Permission> system(boolean sysadmin, String prefix) {
        List<Permission> out = new ArrayList<>();
        if (!sysadmin) return out;
        add(out, prefix, "audit-log", "list");
        add(out, prefix, "project", "create", "list");
        add(out, prefix, "user", "create", "read", "update", "list");
        add(out, prefix, "scan-all", "create", "read", "update", "stop");
        add(out, prefix, "label", "create", "read", "update", "delete", "list");
        add(out, prefix, "security-hub", "read", "list");
        add(out, prefix, "system-cve-allowlist", "read", "update");
        return out;
    }

    private static void add(List<Permission> out, String prefix, String resource, String... actions) {
        for (String a : actions) out.add(new Permission(prefix + resource, a));
    }
}

package io.wharf.project;

import io.wharf.common.WharfException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Harbor's project roles, with their ids as the API spells them; what each may do is in {@link Permission}. */
public enum ProjectRole {
    PROJECT_ADMIN(1, "projectAdmin"),
    DEVELOPER(2, "developer"),
    GUEST(3, "guest"),
    MAINTAINER(4, "maintainer"),
    LIMITED_GUEST(5, "limitedGuest");

    /** Registry actions a token can carry. */
    public enum Action {
        PULL("pull"), PUSH("push"), DELETE("delete");

        private final String wire;
        Action(String wire) { this.wire = wire; }
        public String wire() { return wire; }
    }

    private final int id;
    private final String label;

    ProjectRole(int id, String label) {
        this.id = id;
        this.label = label;
    }

    public int id() { return id; }
    public String label() { return label; }
    /** The registry actions this role has, from the {@code REPOSITORY_*} rows of the {@link Permission} table. */
    public Set<Action> actions() {
        java.util.EnumSet<Action> result = java.util.EnumSet.noneOf(Action.class);
        if (Permissions.allows(this, Permission.REPOSITORY_PULL)) result.add(Action.PULL);
        if (Permissions.allows(this, Permission.REPOSITORY_PUSH)) result.add(Action.PUSH);
        if (Permissions.allows(this, Permission.REPOSITORY_DELETE)) result.add(Action.DELETE);
        return result;
    }

    public boolean managesMembers() { return Permissions.allows(this, Permission.MEMBER_CREATE); }

    /** Whether the role may change the project's settings (metadata): project admins only. */
    public boolean canWriteProject() { return Permissions.allows(this, Permission.PROJECT_METADATA_UPDATE); }

    /** The one of two roles that may do more (admin, maintainer, developer, guest, limited guest). */
    public static ProjectRole stronger(ProjectRole a, ProjectRole b) {
        List<ProjectRole> order = List.of(PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST);
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }

    public static ProjectRole ofId(int id) {
        return Arrays.stream(values()).filter(r -> r.id == id).findFirst()
                .orElseThrow(() -> WharfException.badRequest("role_id must be one of 1 (project admin), "
                        + "2 (developer), 3 (guest), 4 (maintainer), 5 (limited guest)"));
    }
}

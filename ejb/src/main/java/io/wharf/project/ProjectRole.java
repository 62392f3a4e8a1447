package io.wharf.project;

import io.wharf.common.WharfException;
import java.util.Arrays;
import java.util.Set;

/** Harbor's project roles, with their ids as the API spells them, and what each may do. */
public enum ProjectRole {
    PROJECT_ADMIN(1, "projectAdmin", Set.of(Action.PULL, Action.PUSH, Action.DELETE), true),
    DEVELOPER(2, "developer", Set.of(Action.PULL, Action.PUSH), false),
    GUEST(3, "guest", Set.of(Action.PULL), false),
    MAINTAINER(4, "maintainer", Set.of(Action.PULL, Action.PUSH, Action.DELETE), false),
    LIMITED_GUEST(5, "limitedGuest", Set.of(Action.PULL), false);

    /** Registry actions a token can carry. */
    public enum Action {
        PULL("pull"), PUSH("push"), DELETE("delete");

        private final String wire;
        Action(String wire) { this.wire = wire; }
        public String wire() { return wire; }
    }

    private final int id;
    private final String label;
    private final Set<Action> actions;
    private final boolean managesMembers;

    ProjectRole(int id, String label, Set<Action> actions, boolean managesMembers) {
        this.id = id;
        this.label = label;
        this.actions = actions;
        this.managesMembers = managesMembers;
    }

    public int id() { return id; }
    public String label() { return label; }
    public Set<Action> actions() { return actions; }
    public boolean managesMembers() { return managesMembers; }
    public boolean canWriteProject() { return this == PROJECT_ADMIN || this == MAINTAINER; }

    public static ProjectRole ofId(int id) {
        return Arrays.stream(values()).filter(r -> r.id == id).findFirst()
                .orElseThrow(() -> WharfException.badRequest("role_id must be one of 1 (project admin), "
                        + "2 (developer), 3 (guest), 4 (maintainer), 5 (limited guest)"));
    }
}

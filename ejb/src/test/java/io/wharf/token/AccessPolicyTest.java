package io.wharf.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.project.Caller;
import io.wharf.project.ProjectRole;
import io.wharf.project.ProjectRole.Action;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final Caller ALICE = new Caller(2L, "alice", false);
    private static final Caller ADMIN = new Caller(1L, "admin", true);

    /** alice: developer of "dev", guest of "ro"; "pub" is public; "priv" is private with no role for her. */
    private static final BiFunction<Caller, String, Set<Action>> ROLES = (caller, project) -> {
        if (caller.sysadmin()) return EnumSet.allOf(Action.class);
        EnumSet<Action> actions = EnumSet.noneOf(Action.class);
        if (project.equals("pub")) actions.add(Action.PULL);
        if (!caller.isAnonymous()) {
            Map<String, ProjectRole> roles = Map.of("dev", ProjectRole.DEVELOPER, "ro", ProjectRole.GUEST);
            if (roles.containsKey(project)) actions.addAll(roles.get(project).actions());
        }
        return actions;
    };

    private static List<Access> grant(Caller caller, String... scopes) {
        return AccessPolicy.grant(caller, Scope.parseAll(List.of(scopes)), ROLES);
    }

    @Test
    void developerGetsPushAndPullButNotDelete() {
        List<Access> granted = grant(ALICE, "repository:dev/app:push,pull,delete");
        assertEquals(List.of(new Access("repository", "dev/app", List.of("pull", "push"))), granted);
    }

    @Test
    void guestAskingToPushGetsOnlyPull() {
        assertEquals(List.of(new Access("repository", "ro/app", List.of("pull"))), grant(ALICE, "repository:ro/app:push,pull"));
    }

    @Test
    void guestAskingOnlyToPushGetsNothing() {
        assertTrue(grant(ALICE, "repository:ro/app:push").isEmpty());
    }

    @Test
    void anonymousMayPullPublicProjectsOnly() {
        assertEquals(List.of(new Access("repository", "pub/app", List.of("pull"))),
                grant(Caller.ANONYMOUS, "repository:pub/app:push,pull", "repository:priv/app:pull", "repository:dev/app:pull"));
    }

    @Test
    void noRoleInAPrivateProjectMeansNothing() {
        assertTrue(grant(ALICE, "repository:priv/app:pull").isEmpty());
    }

    @Test
    void wildcardIsGrantedOnlyWithEveryAction() {
        assertEquals(List.of("pull", "push", "delete", "*"), grant(ADMIN, "repository:priv/app:*").get(0).actions());
        assertEquals(List.of("pull", "push"), grant(ALICE, "repository:dev/app:*").get(0).actions());
    }

    @Test
    void invalidRepositoryNamesAndUnknownTypesGetNothing() {
        assertTrue(grant(ADMIN, "repository:dev/../etc:pull", "repository:Dev/App:pull", "repository:single:pull",
                "plugin:foo:pull").isEmpty());
    }

    @Test
    void catalogIsGrantedToEveryoneAndFilteredLater() {
        assertEquals(List.of(new Access("registry", "catalog", List.of("*"))), grant(Caller.ANONYMOUS, "registry:catalog:*"));
    }
}

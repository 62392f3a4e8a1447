package io.wharf.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.project.Permissions.Decision;
import io.wharf.project.Permissions.ProjectAccess;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table's decisions for the roles Harbor users know, and what the token service takes from it. */
class PermissionTableTest {
    private static final Caller USER = new Caller(7L, "dev", false);
    private static final Caller ADMIN = new Caller(1L, "admin", true);

    private static Decision in(ProjectRole role, boolean isPublic, Permission p) {
        return Permissions.decide(USER, p, new ProjectAccess(isPublic, Optional.ofNullable(role)), null);
    }

    @Test
    void onlyProjectAdminsChangeProjectSettingsAndTheAllowlist() {
        for (Permission p : Set.of(Permission.PROJECT_METADATA_UPDATE, Permission.PROJECT_ALLOWLIST_UPDATE, Permission.MEMBER_CREATE)) {
            assertEquals(Decision.ALLOWED, in(ProjectRole.PROJECT_ADMIN, false, p));
            for (ProjectRole r : EnumSet.complementOf(EnumSet.of(ProjectRole.PROJECT_ADMIN))) {
                assertEquals(Decision.FORBIDDEN, in(r, false, p), r + " " + p);
            }
            assertEquals(Decision.NOT_FOUND, in(null, false, p));
            assertEquals(Decision.FORBIDDEN, in(null, true, p));
            assertEquals(Decision.ALLOWED, Permissions.decide(ADMIN, p, new ProjectAccess(false, Optional.empty()), null));
            assertEquals(Decision.SIGN_IN, Permissions.decide(Caller.ANONYMOUS, p, new ProjectAccess(true, Optional.empty()), null));
        }
    }

    @Test
    void registryActionsFollowTheTable() {
        assertEquals(EnumSet.allOf(ProjectRole.Action.class), ProjectRole.PROJECT_ADMIN.actions());
        assertEquals(EnumSet.allOf(ProjectRole.Action.class), ProjectRole.MAINTAINER.actions());
        assertEquals(EnumSet.of(ProjectRole.Action.PULL, ProjectRole.Action.PUSH), ProjectRole.DEVELOPER.actions());
        assertEquals(EnumSet.of(ProjectRole.Action.PULL), ProjectRole.GUEST.actions());
        assertEquals(EnumSet.of(ProjectRole.Action.PULL), ProjectRole.LIMITED_GUEST.actions());
    }

    @Test
    void publicProjectsAreReadableByAnyoneButNotWritable() {
        assertEquals(Decision.ALLOWED, Permissions.decide(Caller.ANONYMOUS, Permission.REPOSITORY_PULL, new ProjectAccess(true, Optional.empty()), null));
        assertEquals(Decision.SIGN_IN, Permissions.decide(Caller.ANONYMOUS, Permission.REPOSITORY_PULL, new ProjectAccess(false, Optional.empty()), null));
        assertEquals(Decision.FORBIDDEN, in(null, true, Permission.REPOSITORY_PUSH));
        assertEquals(Decision.FORBIDDEN, in(ProjectRole.LIMITED_GUEST, false, Permission.MEMBER_LIST));
        assertEquals(Decision.ALLOWED, in(ProjectRole.GUEST, false, Permission.LOG_LIST));
    }

    @Test
    void usersReadThemselvesAndOnlyAdminsManageUsers() {
        assertEquals(Decision.ALLOWED, Permissions.decide(USER, Permission.USER_READ, null, 7L));
        assertEquals(Decision.FORBIDDEN, Permissions.decide(USER, Permission.USER_READ, null, 8L));
        assertEquals(Decision.FORBIDDEN, Permissions.decide(USER, Permission.USER_DELETE, null, null));
        assertEquals(Decision.SIGN_IN, Permissions.decide(Caller.ANONYMOUS, Permission.USER_LIST, null, null));
        assertEquals(Decision.ALLOWED, Permissions.decide(ADMIN, Permission.USER_DELETE, null, null));
    }

    @Test
    void labelsTagsAndDescriptionsFollowHarbor() {
        for (Permission p : Set.of(Permission.LABEL_CREATE, Permission.LABEL_UPDATE, Permission.LABEL_DELETE,
                Permission.TAG_DELETE, Permission.REPOSITORY_UPDATE)) {
            assertEquals(Decision.ALLOWED, in(ProjectRole.MAINTAINER, false, p), p.name());
            assertEquals(Decision.FORBIDDEN, in(ProjectRole.DEVELOPER, false, p), p.name());
        }
        for (Permission p : Set.of(Permission.TAG_CREATE, Permission.ARTIFACT_LABEL_CREATE, Permission.ARTIFACT_LABEL_DELETE)) {
            assertEquals(Decision.ALLOWED, in(ProjectRole.DEVELOPER, false, p), p.name());
            assertEquals(Decision.FORBIDDEN, in(ProjectRole.GUEST, false, p), p.name());
        }
        assertEquals(Decision.ALLOWED, in(ProjectRole.GUEST, false, Permission.LABEL_READ));
        assertEquals(Decision.FORBIDDEN, in(ProjectRole.LIMITED_GUEST, false, Permission.LABEL_READ));
        assertEquals(Decision.FORBIDDEN, in(ProjectRole.MAINTAINER, false, Permission.PROJECT_SCANNER_UPDATE));
        assertEquals(Decision.SIGN_IN, Permissions.decide(Caller.ANONYMOUS, Permission.USER_SEARCH, null, null));
        assertEquals(Decision.FORBIDDEN, Permissions.decide(USER, Permission.USER_PROFILE_UPDATE, null, 8L));
        assertEquals(Decision.FORBIDDEN, Permissions.decide(USER, Permission.SYSTEM_VOLUMES_READ, null, null));
    }
}

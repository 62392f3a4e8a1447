package io.wharf.project;

import io.wharf.common.WharfException;
import java.util.Optional;

/**
 * Decides a {@link Permission} for a caller. For project-scoped rows a project the caller cannot
 * see at all (private, not a member) does not exist for them (404), as in Harbor; anonymous callers
 * are asked to sign in (401); a member without the right role is refused (403).
 */
public final class Permissions {
    private Permissions() {}

    /** What a caller has in one project. */
    public record ProjectAccess(boolean isPublic, Optional<ProjectRole> role, String name) {
        public ProjectAccess(boolean isPublic, Optional<ProjectRole> role) { this(isPublic, role, null); }
    }

    public enum Decision { ALLOWED, SIGN_IN, NOT_FOUND, FORBIDDEN }

    public static Decision decide(Caller caller, Permission permission, ProjectAccess project, Long targetUserId) {
        if (permission.scope() == Permission.Scope.ANYONE || caller.sysadmin()) return Decision.ALLOWED;
        if (caller.isRobot()) return robot(caller.robot(), permission, project);
        if (permission.scope() != Permission.Scope.PROJECT && caller.isAnonymous()) return Decision.SIGN_IN;
        return switch (permission.scope()) {
            case SIGNED_IN -> Decision.ALLOWED;
            case SELF -> caller.userId().equals(targetUserId) ? Decision.ALLOWED : Decision.FORBIDDEN;
            case SYSTEM_ADMIN -> Decision.FORBIDDEN;
            case PROJECT -> project(caller, permission, project);
            case ANYONE -> Decision.ALLOWED;
        };
    }

    private static Decision project(Caller caller, Permission permission, ProjectAccess project) {
        if (project == null) return Decision.NOT_FOUND;
        if (project.role().map(permission.roles()::contains).orElse(false)) return Decision.ALLOWED;
        if (project.isPublic() && permission.publicProjects()) return Decision.ALLOWED;
        if (caller.isAnonymous()) return Decision.SIGN_IN;
        if (!project.isPublic() && project.role().isEmpty()) return Decision.NOT_FOUND;
        return Decision.FORBIDDEN;
    }

    /** A robot has its grants in projects and nothing outside them (no signed-in or self rows). */
    private static Decision robot(RobotGrants grants, Permission permission, ProjectAccess project) {
        if (permission.scope() != Permission.Scope.PROJECT) return Decision.FORBIDDEN;
        if (project == null) return Decision.NOT_FOUND;
        if (grants.allows(project.name(), permission)) return Decision.ALLOWED;
        if (grants.permissionsIn(project.name()).isEmpty()) return Decision.NOT_FOUND;
        return Decision.FORBIDDEN;
    }

    /** Whether the role may do this in a project (for the token service and the role's registry actions). */
    public static boolean allows(ProjectRole role, Permission permission) {
        return permission.scope() == Permission.Scope.PROJECT && permission.roles().contains(role);
    }

    /** Throws the refusal that fits, or returns when the caller may. */
    public static void require(Caller caller, Permission permission, ProjectAccess project, Long targetUserId, String what) {
        switch (decide(caller, permission, project, targetUserId)) {
            case ALLOWED -> { }
            case SIGN_IN -> throw WharfException.unauthorized("sign in to " + what);
            case NOT_FOUND -> throw WharfException.notFound("not found");
            case FORBIDDEN -> throw WharfException.forbidden("your role does not allow you to " + what);
        }
    }
}

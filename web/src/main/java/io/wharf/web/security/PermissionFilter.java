package io.wharf.web.security;

import io.wharf.common.WharfException;
import io.wharf.project.AccessCache;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Permissions;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Optional;

/**
 * Refuses a request before the resource runs when the permission table does not let the caller
 * take the endpoint's action: 401 when not signed in, 404 for a private project the caller cannot
 * see, 403 otherwise. A project that does not exist is left to the resource (it answers 404).
 */
class PermissionFilter implements ContainerRequestFilter {
    private final Requires requires;

    PermissionFilter(Requires requires) {
        this.requires = requires;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Permission permission = requires.value();
        if (requires.orInternalSecret() && InternalSecretFilter.carriesSecret(
                request.getHeaderString(jakarta.ws.rs.core.HttpHeaders.AUTHORIZATION),
                CDI.current().select(io.wharf.config.WharfConfig.class).get())) {
            return;
        }
        CallerHolder holder = CDI.current().select(CallerHolder.class).get();
        Caller caller = holder.get();
        Permissions.ProjectAccess project = null;
        Long user = null;
        if (permission.scope() == Permission.Scope.PROJECT) {
            String name = request.getUriInfo().getPathParameters().getFirst(requires.project());
            if (name == null) return;
            // A whole repository name in one parameter (the legacy scan path): its project is the first part.
            if (name.indexOf('/') > 0) name = name.substring(0, name.indexOf('/'));
            AccessCache access = CDI.current().select(AccessCache.class).get();
            Optional<AccessCache.KnownProject> known = access.project(name);
            if (known.isEmpty() && name.matches("\\d{1,18}")) known = access.projectById(Long.parseLong(name));
            if (known.isEmpty()) return;
            project = new Permissions.ProjectAccess(known.get().isPublic(), access.roleOf(caller, known.get().id()), known.get().name());
        } else if (permission.scope() == Permission.Scope.SELF) {
            String id = request.getUriInfo().getPathParameters().getFirst(requires.user());
            if (id != null && id.matches("\\d{1,18}")) user = Long.parseLong(id);
        }
        switch (Permissions.decide(caller, permission, project, user)) {
            case ALLOWED -> { }
            case SIGN_IN -> throw WharfException.unauthorized("sign in first");
            case NOT_FOUND -> throw WharfException.notFound("project not found");
            case FORBIDDEN -> throw WharfException.forbidden("your role does not allow this ("
                    + permission.name().toLowerCase().replace('_', ' ') + ")");
        }
    }
}

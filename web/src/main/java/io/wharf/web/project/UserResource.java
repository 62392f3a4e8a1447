package io.wharf.web.project;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.project.UserAccount;
import io.wharf.project.UserService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** Harbor v2.0 users API. Creating users is for administrators (or anyone when self-registration is on). */
@Path("api/v2.0/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class UserResource {
    @Inject UserService users;
    @Inject CallerHolder caller;
    @Inject io.wharf.project.ProjectService projects;
    @Context UriInfo uri;

    public record UserSearchItem(Long userId, String username) {}

    public record ProfileRequest(String email, String realname, String comment) {}

    /** What a client may send. Unknown fields, such as {@code sysadmin_flag}, are ignored. */
    public record UserRequest(String username, String email, String realname, String comment, String password) {}

    public record UserView(Long userId, String username, String email, String realname, String comment,
                           boolean sysadminFlag, Instant creationTime, Instant updateTime, boolean disabled) {
        static UserView of(UserAccount u, boolean disabled) {
            return new UserView(u.getId(), u.getUsername(), u.getEmail(), u.getRealname(), u.getComment(),
                    u.isSysadmin(), u.getCreationTime(), u.getUpdateTime(), disabled);
        }
    }

    public record SysadminRequest(Boolean sysadminFlag) {}

    public record PasswordRequest(String oldPassword, String newPassword) {}

    public record DisabledRequest(Boolean disabled) {}

    private UserView view(UserAccount u) { return UserView.of(u, users.isDisabled(u.getId())); }

    @POST
    @Requires(Permission.ANYONE)
    public Response create(UserRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with username and password is required");
        UserAccount user = users.create(caller.get(), new UserService.NewUser(request.username(), request.email(),
                request.realname(), request.comment(), request.password()));
        return Response.created(URI.create("/api/v2.0/users/" + user.getId())).build();
    }

    @GET
    @Requires(Permission.USER_LIST)
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        // Harbor's q=username=~fragment (or =fragment): names containing it; any other key is a 400.
        String fragment = q == null ? null : io.wharf.common.HarborQuery.parse(q, null, java.util.Set.of("username"), java.util.Set.of())
                .term("username").map(io.wharf.common.HarborQuery.Term::value).orElse(null);
        Page<UserAccount> result = users.list(caller.get(), fragment, page, pageSize);
        java.util.Set<Long> disabled = users.disabledAmong(result.items().stream().map(UserAccount::getId).toList());
        return PageLinks.ok(result.items().stream().map(u -> UserView.of(u, disabled.contains(u.getId()))).toList(), result, uri).build();
    }

    @GET
    @Path("current")
    @Requires(Permission.USER_CURRENT)
    public UserView current() {
        if (caller.get().isAnonymous()) throw WharfException.unauthorized("sign in to see the current user");
        return view(users.get(caller.get(), caller.get().userId()));
    }

    /** Harbor's user search: names containing {@code username}, for any signed-in user (to add members). */
    @GET
    @Path("search")
    @Requires(Permission.USER_SEARCH)
    public Response search(@QueryParam("username") String username, @QueryParam("page") Integer page,
                           @QueryParam("page_size") Integer pageSize) {
        Page<UserAccount> result = users.search(caller.get(), username, page, pageSize);
        return PageLinks.ok(result.items().stream().map(u -> new UserSearchItem(u.getId(), u.getUsername())).toList(), result, uri).build();
    }

    /**
     * What the current user may do in a scope: {@code /project/{id}} (or its name) or {@code /system};
     * {@code relative=true} names resources relative to the scope, as Harbor's portal asks.
     */
    @GET
    @Path("current/permissions")
    @Requires(Permission.USER_CURRENT)
    public java.util.List<HarborPermissions.Permission> permissions(@QueryParam("scope") String scope,
                                                                   @QueryParam("relative") Boolean relative) {
        io.wharf.project.Caller c = caller.get();
        if (c.isAnonymous()) throw WharfException.unauthorized("sign in to read your permissions");
        String s = scope == null || scope.isBlank() ? "/system" : scope;
        String prefix = Boolean.TRUE.equals(relative) ? "" : s + "/";
        if (s.startsWith("/project/")) {
            io.wharf.project.Project p = projects.get(c, s.substring("/project/".length()));
            return HarborPermissions.project(projects.roleOf(c, p).orElse(null), c.sysadmin(), prefix);
        }
        if (s.equals("/system")) return HarborPermissions.system(c.sysadmin(), prefix);
        throw WharfException.badRequest("scope must be /system or /project/{id}");
    }

    /** Harbor's profile update: e-mail, real name, comment (the user or an administrator). */
    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.USER_PROFILE_UPDATE)
    public Response updateProfile(@PathParam("id") long id, ProfileRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with email, realname or comment is required");
        users.updateProfile(caller.get(), id, request.email(), request.realname(), request.comment());
        return Response.ok().build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.USER_READ)
    public UserView get(@PathParam("id") long id) {
        return view(users.get(caller.get(), id));
    }

    @PUT
    @Path("{id: \\d+}/sysadmin")
    @Requires(Permission.USER_SYSADMIN_UPDATE)
    public Response setSysadmin(@PathParam("id") long id, SysadminRequest request) {
        if (request == null || request.sysadminFlag() == null) throw WharfException.badRequest("sysadmin_flag is required");
        users.setSysadmin(caller.get(), id, request.sysadminFlag());
        return Response.ok().build();
    }

    /** Harbor's user deletion: administrators only, never oneself; the user's sessions and tokens end with it. */
    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.USER_DELETE)
    public Response delete(@PathParam("id") long id) {
        users.delete(caller.get(), id);
        return Response.ok().build();
    }

    /**
     * Disables or enables a user (a Wharf extension; Harbor has no such field): body
     * {@code {"disabled": true}}. Administrators only, never themselves or the last administrator.
     */
    @PUT
    @Path("{id: \\d+}/disabled")
    @Requires(Permission.USER_DISABLE)
    public Response setDisabled(@PathParam("id") long id, DisabledRequest request) {
        if (request == null || request.disabled() == null) throw WharfException.badRequest("disabled is required (true or false)");
        users.setDisabled(caller.get(), id, request.disabled());
        return Response.ok().build();
    }

    @PUT
    @Path("{id: \\d+}/password")
    @Requires(Permission.USER_PASSWORD_UPDATE)
    public Response changePassword(@PathParam("id") long id, PasswordRequest request) {
        if (request == null) throw WharfException.badRequest("new_password is required");
        users.changePassword(caller.get(), id, request.oldPassword(), request.newPassword());
        return Response.ok().build();
    }
}

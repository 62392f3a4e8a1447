package io.wharf.web.auth;

import io.wharf.auth.LdapDirectory;
import io.wharf.auth.LdapQueries;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.project.UserGroup;
import io.wharf.project.UserGroupService;
import io.wharf.web.project.PageLinks;
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

/** Harbor's {@code /api/v2.0/usergroups}: LDAP groups known to Wharf, which can be project members. */
@Path("api/v2.0/usergroups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class UserGroupResource {
    @Inject UserGroupService groups;
    @Inject LdapQueries ldap;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    /** Harbor's {@code UserGroup}. */
    public record UserGroupBody(Long id, String groupName, Integer groupType, String ldapGroupDn) {}

    /** Harbor's {@code UserGroupSearchItem}. */
    public record SearchItem(long id, String groupName, int groupType) {}

    @GET
    @Requires(Permission.USER_GROUP_MANAGE)
    public Response list(@QueryParam("group_name") String name, @QueryParam("ldap_group_dn") String dn,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<UserGroup> result = groups.list(caller.get(), name, dn == null || dn.isBlank() ? null : dn, page, pageSize);
        return PageLinks.ok(result.items().stream().map(UserGroupResource::view).toList(), result, uri).build();
    }

    @GET
    @Path("search")
    @Requires(Permission.USER_GROUP_SEARCH)
    public Response search(@QueryParam("groupname") String name, @QueryParam("page") Integer page,
                           @QueryParam("page_size") Integer pageSize) {
        if (name == null || name.isBlank()) throw WharfException.badRequest("groupname is required");
        Page<UserGroup> result = groups.list(caller.get(), name, null, page, pageSize);
        return PageLinks.ok(result.items().stream().map(g -> new SearchItem(g.getId(), g.getGroupName(), g.getGroupType())).toList(),
                result, uri).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.USER_GROUP_MANAGE)
    public UserGroupBody get(@PathParam("id") long id) {
        return view(groups.get(id));
    }

    /** Adds an LDAP group; as Harbor, the DN must name a group the directory has. */
    @POST
    @Requires(Permission.USER_GROUP_MANAGE)
    public Response create(UserGroupBody body) {
        if (body == null) throw WharfException.badRequest("a JSON body with group_type and ldap_group_dn is required");
        if (body.ldapGroupDn() == null || body.ldapGroupDn().isBlank()) throw WharfException.badRequest("ldap_group_dn is required");
        UserGroup.normalizeDn(body.ldapGroupDn());
        String name = body.groupName();
        try {
            var found = ldap.groups(caller.get(), null, body.ldapGroupDn());
            if (found.isEmpty()) throw WharfException.badRequest("the directory has no group " + body.ldapGroupDn());
            if (name == null || name.isBlank()) name = found.get(0).name();
        } catch (LdapDirectory.Unavailable e) {
            throw WharfException.unavailable(e.getMessage());
        }
        UserGroup g = groups.create(caller.get(), name, body.groupType(), body.ldapGroupDn());
        return Response.created(URI.create("/api/v2.0/usergroups/" + g.getId())).build();
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.USER_GROUP_MANAGE)
    public Response rename(@PathParam("id") long id, UserGroupBody body) {
        groups.rename(caller.get(), id, body == null ? null : body.groupName());
        return Response.ok().build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.USER_GROUP_MANAGE)
    public Response delete(@PathParam("id") long id) {
        groups.delete(caller.get(), id);
        return Response.ok().build();
    }

    static UserGroupBody view(UserGroup g) {
        return new UserGroupBody(g.getId(), g.getGroupName(), g.getGroupType(), g.getLdapGroupDn());
    }
}

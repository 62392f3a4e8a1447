package io.wharf.web.retention;

import io.wharf.project.Permission;
import io.wharf.tagrules.ImmutableTags;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Harbor v2.0 tag immutability: {@code GET|POST /projects/{p}/immutabletagrules}, {@code PUT|DELETE .../{id}}. */
@Path("api/v2.0/projects/{project}/immutabletagrules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ImmutableTagRuleResource {
    @Inject ImmutableTags immutable;
    @Inject CallerHolder caller;

    /** Harbor's ImmutableRule. */
    static JsonObject view(ImmutableTags.Rule r) {
        return Json.createObjectBuilder().add("id", r.record().getId()).add("priority", r.record().getPriority())
                .add("disabled", r.record().isDisabled()).add("action", ImmutableTags.ACTION).add("template", ImmutableTags.TEMPLATE)
                .add("params", Json.createObjectBuilder()).add("tag_selectors", r.selectors().tagSelectorsJson())
                .add("scope_selectors", r.selectors().scopeSelectorsJson()).build();
    }

    @GET
    @Requires(Permission.IMMUTABLE_TAG_RULE_READ)
    public Response list(@PathParam("project") String project) {
        List<ImmutableTags.Rule> rules = immutable.list(caller.get(), project);
        JsonArrayBuilder b = Json.createArrayBuilder();
        rules.forEach(r -> b.add(view(r)));
        return Response.ok(b.build()).header("X-Total-Count", rules.size()).build();
    }

    @POST
    @Requires(Permission.IMMUTABLE_TAG_RULE_MANAGE)
    public Response create(@PathParam("project") String project, String body) {
        ImmutableTags.Rule r = immutable.create(caller.get(), project, JsonBodies.object(body));
        return Response.created(URI.create("/api/v2.0/projects/" + project + "/immutabletagrules/" + r.record().getId())).build();
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.IMMUTABLE_TAG_RULE_MANAGE)
    public Response update(@PathParam("project") String project, @PathParam("id") long id, String body) {
        immutable.update(caller.get(), project, id, JsonBodies.object(body));
        return Response.ok().build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.IMMUTABLE_TAG_RULE_MANAGE)
    public Response delete(@PathParam("project") String project, @PathParam("id") long id) {
        immutable.delete(caller.get(), project, id);
        return Response.ok().build();
    }
}

package io.wharf.web.label;

import io.wharf.common.Page;
import io.wharf.label.Label;
import io.wharf.label.LabelService;
import io.wharf.project.Permission;
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
import java.time.Instant;

/** Harbor v2.0 labels: {@code GET|POST /labels}, {@code GET|PUT|DELETE /labels/{id}}. */
@Path("api/v2.0/labels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class LabelResource {
    @Inject LabelService labels;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    /** Harbor's label; a global label has no project (Harbor answers project_id 0). */
    public record LabelView(Long id, String name, String description, String color, String scope, long projectId,
                            Instant creationTime, Instant updateTime, boolean deleted) {}

    public static LabelView view(Label l) {
        return new LabelView(l.getId(), l.getName(), l.getDescription() == null ? "" : l.getDescription(),
                l.getColor() == null ? "" : l.getColor(), l.getScope(), l.getProjectId(), l.getCreationTime(), l.getUpdateTime(), false);
    }

    @POST
    @Requires(Permission.LABEL_CREATE)
    public Response create(LabelService.LabelRequest request) {
        Label l = labels.create(caller.get(), request);
        return Response.created(URI.create("/api/v2.0/labels/" + l.getId())).build();
    }

    @GET
    @Requires(Permission.LABEL_READ)
    public Response list(@QueryParam("scope") String scope, @QueryParam("project_id") Long projectId, @QueryParam("name") String name,
                         @QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        String fragment = io.wharf.common.HarborQuery.nameFilter(name, q);
        Page<Label> result = labels.list(caller.get(), scope, projectId, fragment, page, pageSize);
        return PageLinks.ok(result.items().stream().map(LabelResource::view).toList(), result, uri).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.LABEL_READ)
    public LabelView get(@PathParam("id") long id) {
        return view(labels.get(caller.get(), id));
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.LABEL_UPDATE)
    public Response update(@PathParam("id") long id, LabelService.LabelRequest request) {
        labels.update(caller.get(), id, request);
        return Response.ok().build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.LABEL_DELETE)
    public Response delete(@PathParam("id") long id) {
        labels.delete(caller.get(), id);
        return Response.ok().build();
    }
}

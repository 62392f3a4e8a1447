package io.wharf.web.replication;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.replication.ReplicationPolicy;
import io.wharf.replication.ReplicationService;
import io.wharf.replication.ReplicationService.PolicyRequest;
import io.wharf.upstream.RegistryEndpointService;
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

/** Harbor v2.0 replication rules: {@code GET|POST /replication/policies}, {@code GET|PUT|DELETE /replication/policies/{id}}. */
@Path("api/v2.0/replication/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ReplicationPolicyResource {
    @Inject ReplicationService replication;
    @Inject RegistryEndpointService endpoints;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    @POST
    @Requires(Permission.REPLICATION_MANAGE)
    public Response create(PolicyRequest request) {
        ReplicationPolicy p = replication.create(caller.get(), request);
        return Response.created(URI.create("/api/v2.0/replication/policies/" + p.getId())).build();
    }

    @GET
    @Requires(Permission.REPLICATION_MANAGE)
    public Response list(@QueryParam("name") String name, @QueryParam("q") String q,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        String fragment = io.wharf.common.HarborQuery.nameFilter(name, q);
        Page<ReplicationPolicy> result = replication.list(fragment, page, pageSize);
        return PageLinks.ok(result.items().stream().map(this::view).toList(), result, uri).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.REPLICATION_MANAGE)
    public ReplicationViews.PolicyView get(@PathParam("id") long id) {
        return view(replication.get(id));
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.REPLICATION_MANAGE)
    public Response update(@PathParam("id") long id, PolicyRequest request) {
        replication.update(caller.get(), id, request);
        return Response.ok().build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.REPLICATION_MANAGE)
    public Response delete(@PathParam("id") long id) {
        replication.delete(caller.get(), id);
        return Response.ok().build();
    }

    private ReplicationViews.PolicyView view(ReplicationPolicy p) {
        return ReplicationViews.policy(p, registry(p.getSrcRegistryId()), registry(p.getDestRegistryId()));
    }

    private ReplicationViews.RegistryView registry(Long id) {
        if (id == null) return ReplicationViews.RegistryView.LOCAL;
        try {
            return ReplicationViews.RegistryView.of(endpoints.get(id));
        } catch (WharfException e) {
            return new ReplicationViews.RegistryView(id, "(deleted)", "", "", "unhealthy");
        }
    }
}

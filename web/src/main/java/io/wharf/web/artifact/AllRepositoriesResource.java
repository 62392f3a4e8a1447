package io.wharf.web.artifact;

import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.registry.RepositoryOperations;
import io.wharf.registry.RepositoryRecord;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Harbor's {@code GET /api/v2.0/repositories}: the repositories of every project the caller may see. */
@Path("api/v2.0/repositories")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class AllRepositoriesResource {
    @Inject RepositoryOperations operations;
    @Inject ArtifactViews views;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    @GET
    @Requires(Permission.ANYONE)
    public Response list(@QueryParam("q") String q, @QueryParam("sort") String sort,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<RepositoryRecord> result = operations.repositories(caller.get(), null, RepositoryResource.repositoryQuery(q, sort), page, pageSize);
        return PageLinks.ok(views.repositories(result.items()), result, uri).build();
    }
}

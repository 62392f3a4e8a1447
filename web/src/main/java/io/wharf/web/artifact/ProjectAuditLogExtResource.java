package io.wharf.web.artifact;

import io.wharf.project.Permission;
import io.wharf.registry.ArtifactService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Harbor's extended audit log of one project, for its members. */
@Path("api/v2.0/projects/{project}/auditlog-exts")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ProjectAuditLogExtResource {
    @Inject ArtifactService artifacts;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    @GET
    @Requires(Permission.LOG_LIST)
    public Response ofProject(@PathParam("project") String project, @QueryParam("q") String q,
                              @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return AuditLogExtResource.answer(uri, artifacts.auditLog(caller.get(), project, AuditLogResource.operation(null, q), page, pageSize));
    }
}

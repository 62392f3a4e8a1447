package io.wharf.web.replication;

import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.replication.ReplicationExecution;
import io.wharf.replication.ReplicationService;
import io.wharf.replication.ReplicationTask;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

/**
 * Harbor v2.0 replication executions: start one ({@code POST /replication/executions} with
 * {@code policy_id}), list and read them with their progress, stop one ({@code PUT .../{id}}),
 * its tasks and each task's log.
 */
@Path("api/v2.0/replication/executions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ReplicationExecutionResource {
    @Inject ReplicationService replication;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    /** Harbor's {@code StartReplicationExecution}. */
    public record Start(Long policyId) {}

    @POST
    @Requires(Permission.REPLICATION_MANAGE)
    public Response start(Start start) {
        ReplicationExecution e = replication.start(caller.get(), start == null ? null : start.policyId());
        return Response.created(URI.create("/api/v2.0/replication/executions/" + e.getId())).build();
    }

    @GET
    @Requires(Permission.REPLICATION_MANAGE)
    public Response list(@QueryParam("policy_id") Long policyId, @QueryParam("status") String status,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<ReplicationExecution> result = replication.executions(policyId, status, page, pageSize);
        return PageLinks.ok(result.items().stream().map(e -> ReplicationViews.execution(e, replication.counts(e.getId()))).toList(),
                result, uri).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.REPLICATION_MANAGE)
    public ReplicationViews.ExecutionView get(@PathParam("id") long id) {
        return ReplicationViews.execution(replication.execution(id), replication.counts(id));
    }

    /** Stops the execution (Harbor's {@code StopReplication}). */
    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.REPLICATION_MANAGE)
    public Response stop(@PathParam("id") long id) {
        replication.stop(caller.get(), id);
        return Response.ok().build();
    }

    @GET
    @Path("{id: \\d+}/tasks")
    @Requires(Permission.REPLICATION_MANAGE)
    public Response tasks(@PathParam("id") long id, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<ReplicationTask> result = replication.tasks(id, page, pageSize);
        return PageLinks.ok(result.items().stream().map(ReplicationViews::task).toList(), result, uri).build();
    }

    @GET
    @Path("{id: \\d+}/tasks/{task: \\d+}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.REPLICATION_MANAGE)
    public Response log(@PathParam("id") long id, @PathParam("task") long task) {
        return Response.ok(replication.log(id, task), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }
}

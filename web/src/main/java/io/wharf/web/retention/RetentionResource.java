package io.wharf.web.retention;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.retention.RetentionExecution;
import io.wharf.retention.RetentionService;
import io.wharf.retention.RetentionTask;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/**
 * Harbor v2.0 tag retention: {@code POST /retentions}, {@code GET|PUT|DELETE /retentions/{id}},
 * {@code GET /retentions/metadatas}, runs ({@code POST|GET /retentions/{id}/executions}, {@code PATCH}
 * to stop one), their per-repository tasks and each task's log. The project is in the policy, not the
 * path: the retention service checks the caller's role in it.
 */
@Path("api/v2.0/retentions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class RetentionResource {
    @Inject RetentionService retention;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    /** Harbor's RetentionExecution. */
    public record ExecutionView(long id, long policyId, Instant startTime, Instant endTime, String status, String trigger, boolean dryRun) {}

    /** Harbor's RetentionExecutionTask. */
    public record TaskView(long id, long executionId, String repository, String jobId, String status, int statusCode,
                           long statusRevision, Instant startTime, Instant endTime, int total, int retained) {}

    static ExecutionView view(RetentionExecution e) {
        return new ExecutionView(e.getId(), e.getPolicyId(), e.getStartTime(), e.getEndTime(), e.getStatus(), e.getTrigger(), e.isDryRun());
    }

    static TaskView view(RetentionTask t) {
        // Harbor's status codes: 2 running, 3 ended (however it ended).
        int code = t.getEndTime() == null ? 2 : 3;
        return new TaskView(t.getId(), t.getExecutionId(), t.getRepository(), String.valueOf(t.getExecutionId()), t.getStatus(), code,
                t.getEndTime() == null ? 0 : t.getEndTime().toEpochMilli(), t.getStartTime(), t.getEndTime(), t.getTotal(), t.getRetained());
    }

    @GET
    @Path("metadatas")
    @Requires(Permission.USER_CURRENT)
    public JsonObject metadatas() {
        return RetentionService.metadatas();
    }

    @POST
    @Requires(Permission.RETENTION_MANAGE)
    public Response create(String body) {
        RetentionService.Policy p = retention.create(caller.get(), JsonBodies.object(body));
        return Response.created(URI.create("/api/v2.0/retentions/" + p.record().getId())).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.RETENTION_READ)
    public JsonObject get(@PathParam("id") long id) {
        return retention.get(caller.get(), id).toJson();
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.RETENTION_MANAGE)
    public Response update(@PathParam("id") long id, String body) {
        retention.update(caller.get(), id, JsonBodies.object(body));
        return Response.ok().build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.RETENTION_MANAGE)
    public Response delete(@PathParam("id") long id) {
        retention.delete(caller.get(), id);
        return Response.ok().build();
    }

    @POST
    @Path("{id: \\d+}/executions")
    @Requires(Permission.RETENTION_MANAGE)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN}) // Harbor declares text/plain here; the answer has no body
    public Response run(@PathParam("id") long id, String body) {
        boolean dryRun = false;
        if (body != null && !body.isBlank()) {
            JsonValue d = JsonBodies.object(body).get("dry_run");
            if (d != null && d != JsonValue.NULL && d != JsonValue.TRUE && d != JsonValue.FALSE) {
                throw WharfException.badRequest("dry_run must be true or false");
            }
            dryRun = d == JsonValue.TRUE;
        }
        RetentionExecution e = retention.run(caller.get(), id, dryRun);
        return Response.created(URI.create("/api/v2.0/retentions/" + id + "/executions/" + e.getId())).build();
    }

    @GET
    @Path("{id: \\d+}/executions")
    @Requires(Permission.RETENTION_READ)
    public Response executions(@PathParam("id") long id, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<RetentionExecution> result = retention.executions(caller.get(), id, page, pageSize);
        return PageLinks.ok(result.items().stream().map(RetentionResource::view).toList(), result, uri).build();
    }

    @PATCH
    @Path("{id: \\d+}/executions/{eid: \\d+}")
    @Requires(Permission.RETENTION_MANAGE)
    public Response stop(@PathParam("id") long id, @PathParam("eid") long executionId, String body) {
        JsonValue action = JsonBodies.object(body).get("action");
        retention.stop(caller.get(), id, executionId,
                action != null && action.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) action).getString() : null);
        return Response.ok().build();
    }

    @GET
    @Path("{id: \\d+}/executions/{eid: \\d+}/tasks")
    @Requires(Permission.RETENTION_READ)
    public Response tasks(@PathParam("id") long id, @PathParam("eid") long executionId, @QueryParam("page") Integer page,
                          @QueryParam("page_size") Integer pageSize) {
        Page<RetentionTask> result = retention.tasks(caller.get(), id, executionId, page, pageSize);
        return PageLinks.ok(result.items().stream().map(RetentionResource::view).toList(), result, uri).build();
    }

    @GET
    @Path("{id: \\d+}/executions/{eid: \\d+}/tasks/{tid: \\d+}")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.RETENTION_READ)
    public Response log(@PathParam("id") long id, @PathParam("eid") long executionId, @PathParam("tid") long taskId) {
        return Response.ok(retention.taskLog(caller.get(), id, executionId, taskId), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }
}

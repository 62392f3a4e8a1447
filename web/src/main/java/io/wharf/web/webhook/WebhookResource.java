package io.wharf.web.webhook;

import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import io.wharf.webhook.WebhookExecution;
import io.wharf.webhook.WebhookPolicy;
import io.wharf.webhook.WebhookService;
import io.wharf.webhook.WebhookService.ExecutionWithTasks;
import io.wharf.webhook.WebhookTarget;
import io.wharf.webhook.WebhookTask;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.util.List;
import java.util.Map;

/**
 * Harbor's {@code /projects/{project_name_or_id}/webhook/...}: policies (CRUD), the event types,
 * executions of a policy (one per event), their tasks (one per target) and a task's log. A test
 * event ({@code POST .../policies/{id}/test}) goes through the same delivery as a real one.
 */
@Path("api/v2.0/projects/{project}/webhook")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class WebhookResource {
    @Inject WebhookService webhooks;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    /** Harbor's {@code WebhookTargetObject}. */
    public record TargetView(String type, String address, String authHeader, boolean skipCertVerify, String payloadFormat) {}

    /** Harbor's {@code WebhookPolicy}. */
    public record PolicyView(long id, String name, String description, long projectId, List<TargetView> targets,
                             List<String> eventTypes, String creator, Instant creationTime, Instant updateTime, boolean enabled) {}

    /** Harbor's {@code Execution} (vendor type WEBHOOK). */
    public record ExecutionView(long id, String vendorType, long vendorId, String status, String statusMessage,
                                Map<String, Long> metrics, String trigger, Map<String, Object> extraAttrs,
                                Instant startTime, Instant endTime) {}

    /** Harbor's {@code Task}. */
    public record TaskView(long id, long executionId, String status, String statusMessage, int runCount,
                           Map<String, Object> extraAttrs, Instant creationTime, Instant updateTime, Instant startTime, Instant endTime) {}

    @GET
    @Path("policies")
    @Requires(Permission.WEBHOOK_LIST)
    public Response list(@PathParam("project") String project, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<WebhookPolicy> result = webhooks.list(caller.get(), project, page, pageSize);
        return PageLinks.ok(result.items().stream().map(WebhookResource::view).toList(), result, uri).build();
    }

    @POST
    @Path("policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.WEBHOOK_CREATE)
    public Response create(@PathParam("project") String project, WebhookService.PolicyRequest request) {
        WebhookPolicy p = webhooks.create(caller.get(), project, request);
        return Response.created(URI.create("/api/v2.0/projects/" + project + "/webhook/policies/" + p.getId())).build();
    }

    @GET
    @Path("policies/{id: \\d+}")
    @Requires(Permission.WEBHOOK_LIST)
    public PolicyView get(@PathParam("project") String project, @PathParam("id") long id) {
        return view(webhooks.get(caller.get(), project, id));
    }

    @PUT
    @Path("policies/{id: \\d+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.WEBHOOK_UPDATE)
    public Response update(@PathParam("project") String project, @PathParam("id") long id, WebhookService.PolicyRequest request) {
        webhooks.update(caller.get(), project, id, request);
        return Response.ok().build();
    }

    @DELETE
    @Path("policies/{id: \\d+}")
    @Requires(Permission.WEBHOOK_DELETE)
    public Response delete(@PathParam("project") String project, @PathParam("id") long id) {
        webhooks.delete(caller.get(), project, id);
        return Response.ok().build();
    }

    /** Sends a sample PUSH_ARTIFACT event to the policy's targets; answers 201 with the execution to follow. */
    @POST
    @Path("policies/{id: \\d+}/test")
    @Requires(Permission.WEBHOOK_UPDATE)
    public Response test(@PathParam("project") String project, @PathParam("id") long id) {
        long execution = webhooks.test(caller.get(), project, id);
        return Response.created(URI.create("/api/v2.0/projects/" + project + "/webhook/policies/" + id + "/executions/" + execution)).build();
    }

    @GET
    @Path("events")
    @Requires(Permission.WEBHOOK_LIST)
    public JsonObject events(@PathParam("project") String project) {
        webhooks.project(caller.get(), project, Permission.WEBHOOK_LIST);
        return WebhookService.supported();
    }

    @GET
    @Path("policies/{id: \\d+}/executions")
    @Requires(Permission.WEBHOOK_LIST)
    public Response executions(@PathParam("project") String project, @PathParam("id") long id,
                               @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<ExecutionWithTasks> result = webhooks.executions(caller.get(), project, id, page, pageSize);
        return PageLinks.ok(result.items().stream().map(WebhookResource::view).toList(), result, uri).build();
    }

    @GET
    @Path("policies/{id: \\d+}/executions/{eid: \\d+}")
    @Requires(Permission.WEBHOOK_LIST)
    public ExecutionView execution(@PathParam("project") String project, @PathParam("id") long id, @PathParam("eid") long executionId) {
        return view(webhooks.execution(caller.get(), project, id, executionId));
    }

    @GET
    @Path("policies/{id: \\d+}/executions/{eid: \\d+}/tasks")
    @Requires(Permission.WEBHOOK_LIST)
    public Response tasks(@PathParam("project") String project, @PathParam("id") long id, @PathParam("eid") long executionId) {
        ExecutionWithTasks e = webhooks.execution(caller.get(), project, id, executionId);
        List<TaskView> tasks = e.tasks().stream().map(t -> view(e.execution(), t)).toList();
        return Response.ok(tasks).header("X-Total-Count", tasks.size()).build();
    }

    @GET
    @Path("policies/{id: \\d+}/executions/{eid: \\d+}/tasks/{tid: \\d+}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.WEBHOOK_LIST)
    public Response log(@PathParam("project") String project, @PathParam("id") long id, @PathParam("eid") long executionId,
                        @PathParam("tid") long taskId) {
        return Response.ok(webhooks.log(caller.get(), project, id, executionId, taskId), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    static PolicyView view(WebhookPolicy p) {
        return new PolicyView(p.getId(), p.getName(), p.getDescription(), p.getProjectId(),
                p.getTargets().stream().map(WebhookResource::view).toList(), p.getEventTypes(), p.getCreator(),
                p.getCreationTime(), p.getUpdateTime(), p.isEnabled());
    }

    static TargetView view(WebhookTarget t) {
        return new TargetView(t.type(), t.address(), t.authHeader() == null ? "" : t.authHeader(), t.skipCertVerify(), t.payloadFormat());
    }

    static ExecutionView view(ExecutionWithTasks e) {
        WebhookExecution x = e.execution();
        Map<String, Long> metrics = new java.util.LinkedHashMap<>();
        metrics.put("task_count", (long) e.tasks().size());
        metrics.put("success_task_count", e.count("Success"));
        metrics.put("error_task_count", e.count("Error"));
        metrics.put("pending_task_count", e.count("Pending"));
        metrics.put("running_task_count", e.count("Running"));
        metrics.put("scheduled_task_count", e.count("Scheduled"));
        metrics.put("stopped_task_count", e.count("Stopped"));
        Instant end = "Running".equals(e.status()) ? null
                : e.tasks().stream().map(WebhookTask::getEndTime).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(x.getStartTime());
        return new ExecutionView(x.getId(), "WEBHOOK", x.getPolicyId(), e.status(), "", metrics, x.getTrigger(),
                Map.of("event_type", x.getEventType(), "event_id", x.getEventId()), x.getStartTime(), end);
    }

    static TaskView view(WebhookExecution x, WebhookTask t) {
        return new TaskView(t.getId(), t.getExecutionId(), t.getStatus(), t.getStatusMessage() == null ? "" : t.getStatusMessage(),
                t.getRunCount(), Map.of("address", t.getAddress(), "event_type", x.getEventType(), "event_id", x.getEventId()),
                t.getCreationTime(), t.getUpdateTime(), t.getCreationTime(), t.getEndTime());
    }
}

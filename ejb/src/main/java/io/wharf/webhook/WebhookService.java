package io.wharf.webhook;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Harbor's webhook API: a project's policies, their executions and tasks, and a test event. */
@ApplicationScoped
public class WebhookService {
    @Inject ProjectService projects;
    @Inject WebhookStore store;
    @Inject WebhookDispatcher dispatcher;
    @Inject io.wharf.jobservice.JobService jobs;
    @Inject ArtifactEvents events;

    /** A policy as a request gives it (Harbor's {@code WebhookPolicy}; id, creator and times are Wharf's). */
    public record TargetRequest(String type, String address, String authHeader, Boolean skipCertVerify, String payloadFormat) {}

    public record PolicyRequest(String name, String description, List<TargetRequest> targets, List<String> eventTypes, Boolean enabled) {}

    /** An execution with its tasks, for its status and counts. */
    public record ExecutionWithTasks(WebhookExecution execution, List<WebhookTask> tasks) {
        public String status() {
            if (tasks.isEmpty()) return "Success";
            if (tasks.stream().anyMatch(t -> "Running".equals(t.getStatus()) || "Pending".equals(t.getStatus())
                    || "Scheduled".equals(t.getStatus()))) return "Running";
            return tasks.stream().allMatch(t -> "Success".equals(t.getStatus())) ? "Success" : "Error";
        }

        public long count(String status) { return tasks.stream().filter(t -> status.equals(t.getStatus())).count(); }
    }

    public Project project(Caller caller, String nameOrId, Permission permission) {
        Project p = projects.get(caller, nameOrId);
        projects.require(caller, p, permission, "webhook policies of project " + p.getName());
        return p;
    }

    public Page<WebhookPolicy> list(Caller caller, String project, Integer page, Integer pageSize) {
        Project p = project(caller, project, Permission.WEBHOOK_LIST);
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.policies(p.getId(), (n[0] - 1) * n[1], n[1]), store.countPolicies(p.getId()), n[0], n[1]);
    }

    public WebhookPolicy get(Caller caller, String project, long id) {
        return policyOf(project(caller, project, Permission.WEBHOOK_LIST), id);
    }

    public WebhookPolicy create(Caller caller, String project, PolicyRequest request) {
        Project p = project(caller, project, Permission.WEBHOOK_CREATE);
        Checked c = check(request, null);
        if (store.nameTaken(p.getId(), c.name, null)) throw WharfException.conflict("project " + p.getName() + " has a webhook policy named " + c.name);
        return store.add(new WebhookPolicy(p.getId(), caller.username()), c.name, c.description, c.types, c.targets, c.enabled);
    }

    public WebhookPolicy update(Caller caller, String project, long id, PolicyRequest request) {
        Project p = project(caller, project, Permission.WEBHOOK_UPDATE);
        WebhookPolicy old = policyOf(p, id);
        Checked c = check(request, old);
        if (store.nameTaken(p.getId(), c.name, id)) throw WharfException.conflict("project " + p.getName() + " has a webhook policy named " + c.name);
        return store.update(id, c.name, c.description, c.types, c.targets, c.enabled);
    }

    public void delete(Caller caller, String project, long id) {
        policyOf(project(caller, project, Permission.WEBHOOK_DELETE), id);
        store.delete(id);
    }

    /** Sends a sample PUSH_ARTIFACT event to every target of the policy, through the same jobs as a real one; returns the execution id. */
    public long test(Caller caller, String project, long id) {
        Project p = project(caller, project, Permission.WEBHOOK_UPDATE);
        WebhookPolicy policy = policyOf(p, id);
        String repository = p.getName() + "/webhook-test";
        var data = WebhookPayloads.artifactData(events.host(), repository, "latest",
                "sha256:0000000000000000000000000000000000000000000000000000000000000000", Instant.now(), null);
        String payload = WebhookPayloads.harbor(WebhookEventType.PUSH_ARTIFACT.name(), Instant.now(), caller.username(), data).toString();
        return dispatcher.deliver(policy, "test-" + UUID.randomUUID(), WebhookEventType.PUSH_ARTIFACT.name(), payload, "MANUAL")
                .orElseThrow(() -> WharfException.conflict("the test event could not be recorded"));
    }

    public Page<ExecutionWithTasks> executions(Caller caller, String project, long policyId, Integer page, Integer pageSize) {
        WebhookPolicy policy = get(caller, project, policyId);
        int[] n = Page.normalize(page, pageSize);
        List<WebhookExecution> list = store.executions(policy.getId(), (n[0] - 1) * n[1], n[1]);
        List<WebhookTask> tasks = store.tasksOf(list.stream().map(WebhookExecution::getId).toList());
        List<ExecutionWithTasks> out = new ArrayList<>();
        for (WebhookExecution e : list) {
            out.add(new ExecutionWithTasks(e, tasks.stream().filter(t -> t.getExecutionId() == e.getId()).toList()));
        }
        return new Page<>(out, store.countExecutions(policy.getId()), n[0], n[1]);
    }

    public ExecutionWithTasks execution(Caller caller, String project, long policyId, long executionId) {
        WebhookPolicy policy = get(caller, project, policyId);
        WebhookExecution e = store.execution(executionId).filter(x -> x.getPolicyId() == policy.getId())
                .orElseThrow(() -> WharfException.notFound("execution " + executionId + " of webhook policy " + policyId + " not found"));
        return new ExecutionWithTasks(e, store.tasks(e.getId()));
    }

    /** A task's log: the WEBHOOK job's log. */
    public String log(Caller caller, String project, long policyId, long executionId, long taskId) {
        WebhookTask task = execution(caller, project, policyId, executionId).tasks().stream().filter(t -> t.getId() == taskId).findFirst()
                .orElseThrow(() -> WharfException.notFound("task " + taskId + " of execution " + executionId + " not found"));
        if (task.getJobId() == null) throw WharfException.notFound("task " + taskId + " has not run yet");
        return jobs.log(task.getJobId());
    }

    private WebhookPolicy policyOf(Project p, long id) {
        return store.policy(id).filter(x -> x.getProjectId() == p.getId())
                .orElseThrow(() -> WharfException.notFound("webhook policy " + id + " not found in project " + p.getName()));
    }

    private record Checked(String name, String description, List<String> types, List<WebhookTarget> targets, boolean enabled) {}

    /** The request made whole (a PUT may leave out what does not change) and checked; 400 naming the first problem. */
    private static Checked check(PolicyRequest r, WebhookPolicy old) {
        if (r == null) throw WharfException.badRequest("a webhook policy is required");
        String name = r.name() != null ? r.name().trim() : old != null ? old.getName() : null;
        if (name == null || name.isEmpty() || name.length() > 256) throw WharfException.badRequest("name is required (at most 256 characters)");
        String description = r.description() != null ? r.description() : old != null ? old.getDescription() : null;
        if (description != null && description.length() > 1024) throw WharfException.badRequest("description is at most 1024 characters");
        List<String> types;
        if (r.eventTypes() != null) {
            types = new ArrayList<>(new LinkedHashSet<>(r.eventTypes()));
            for (String t : types) {
                if (t == null || WebhookEventType.of(t).isEmpty()) {
                    throw WharfException.badRequest("event_types: unknown type " + t + "; known: " + String.join(", ", WebhookEventType.names()));
                }
            }
        } else {
            types = old != null ? old.getEventTypes() : List.of();
        }
        if (types.isEmpty()) throw WharfException.badRequest("event_types must name at least one event type");
        List<WebhookTarget> targets = new ArrayList<>();
        if (r.targets() != null) {
            if (r.targets().size() > 10) throw WharfException.badRequest("targets: at most 10");
            for (TargetRequest t : r.targets()) {
                if (t == null) throw WharfException.badRequest("targets[] must be objects");
                try {
                    targets.add(WebhookTarget.checked(t.type(), t.address(), t.authHeader(), t.skipCertVerify(), t.payloadFormat()));
                } catch (IllegalArgumentException e) {
                    throw WharfException.badRequest(e.getMessage());
                }
            }
        } else if (old != null) {
            targets = old.getTargets();
        }
        if (targets.isEmpty()) throw WharfException.badRequest("targets must have at least one target");
        boolean enabled = r.enabled() != null ? r.enabled() : old == null || old.isEnabled();
        return new Checked(name, description, types, targets, enabled);
    }

    /** Harbor's {@code SupportedWebhookEventTypes}. */
    public static jakarta.json.JsonObject supported() {
        var formats = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("notify_type", "http").add("formats", Json.createArrayBuilder().add("Default").add("CloudEvents")))
                .add(Json.createObjectBuilder().add("notify_type", "slack").add("formats", Json.createArrayBuilder().add("Default")));
        var types = Json.createArrayBuilder();
        WebhookEventType.names().forEach(types::add);
        return Json.createObjectBuilder().add("event_type", types)
                .add("notify_type", Json.createArrayBuilder().add("http").add("slack"))
                .add("payload_formats", formats).build();
    }
}

package io.wharf.retention;

import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Harbor's {@code /retentions}: a project's policy (one per project, its id in the project's
 * {@code retention_id} metadata), its schedule as a periodic job, runs (real or dry), their
 * per-repository tasks and logs. Reading is for project admins and maintainers, the rest for project admins.
 */
@ApplicationScoped
public class RetentionService {
    @Inject RetentionStore store;
    @Inject ProjectService projects;
    @Inject JobService jobs;
    /** Its own transaction: this bean has none (the job service's writes must not join one). */
    @Inject io.wharf.registry.AuditEntries audit;

    /** A policy with its project. */
    public record Policy(RetentionPolicyRecord record, PolicyBody body, Project project) {
        public JsonObject toJson() { return body.toJson(record.getId()); }
    }

    public Policy create(Caller caller, JsonObject json) {
        PolicyBody body = parse(json);
        Project project = projects.get(caller, String.valueOf(body.projectId()));
        projects.require(caller, project, Permission.RETENTION_MANAGE, "manage tag retention");
        if (store.policyOfProject(project.getId()).isPresent()) {
            throw WharfException.conflict("project " + project.getName() + " already has a retention policy: change it with PUT");
        }
        RetentionPolicyRecord record = store.addPolicy(project.getId(), body.toJson(0).toString(), body.cron());
        schedule(record.getId(), null, body.cron());
        projects.updateMetadata(caller, project.getName(), Map.of("retention_id", String.valueOf(record.getId())));
        audit.add(new AuditLogEntry(project.getId(), caller.username(), project.getName() + "/retentions/" + record.getId(), "create", Instant.now()));
        return new Policy(store.policy(record.getId()).orElseThrow(), body, project);
    }

    public Policy get(Caller caller, long id) {
        Policy p = find(caller, id);
        projects.require(caller, p.project(), Permission.RETENTION_READ, "read the retention policy");
        return p;
    }

    public Policy update(Caller caller, long id, JsonObject json) {
        Policy p = managed(caller, id);
        PolicyBody body = parse(json);
        if (body.projectId() != p.project().getId()) throw WharfException.badRequest("scope.ref cannot change: the policy belongs to project " + p.project().getId());
        store.updatePolicy(id, body.toJson(0).toString(), body.cron());
        schedule(id, p.record().getScheduleJobId(), body.cron());
        audit.add(new AuditLogEntry(p.project().getId(), caller.username(), p.project().getName() + "/retentions/" + id, "update", Instant.now()));
        return new Policy(store.policy(id).orElseThrow(), body, p.project());
    }

    public void delete(Caller caller, long id) {
        Policy p = managed(caller, id);
        schedule(id, p.record().getScheduleJobId(), null);
        store.removePolicy(id);
        projects.updateMetadata(caller, p.project().getName(), Map.of("retention_id", ""));
        audit.add(new AuditLogEntry(p.project().getId(), caller.username(), p.project().getName() + "/retentions/" + id, "delete", Instant.now()));
    }

    /**
     * The policy of a project that is being deleted goes with it, as Harbor's project-deleted event
     * handler removes it: its schedule stops, runs still going are stopped, the policy and its history go.
     * Answers whether the project had a policy.
     */
    public boolean projectDeleted(long projectId) {
        Optional<RetentionPolicyRecord> policy = store.policyOfProject(projectId);
        if (policy.isEmpty()) return false;
        long id = policy.get().getId();
        schedule(id, policy.get().getScheduleJobId(), null);
        for (RetentionExecution e : store.executions(id, 0, Integer.MAX_VALUE)) {
            if (e.isFinal() || e.getJobId() == null) continue;
            try {
                jobs.act(e.getJobId(), "stop");
            } catch (WharfException ex) {
                if (ex.status() != 404 && ex.status() != 409) throw ex;
            }
        }
        store.removePolicy(id);
        return true;
    }

    /** Starts a run now; a dry run lists what a real run would delete and deletes nothing. */
    public RetentionExecution run(Caller caller, long id, boolean dryRun) {
        managed(caller, id);
        RetentionExecution e = store.addExecution(id, "MANUAL", dryRun);
        try {
            String jobId = jobs.submit(new JobService.Submission(RetentionJob.NAME,
                    Json.createObjectBuilder().add(RetentionJob.EXECUTION_ID, e.getId()).build(), null, "Generic", null, null, false)).getId();
            store.executionJob(e.getId(), jobId);
        } catch (RuntimeException ex) {
            store.executionStatus(e.getId(), RetentionExecution.ERROR, true);
            throw ex;
        }
        return store.execution(e.getId()).orElseThrow();
    }

    public Page<RetentionExecution> executions(Caller caller, long id, Integer page, Integer pageSize) {
        get(caller, id);
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.executions(id, (n[0] - 1) * n[1], n[1]), store.countExecutions(id), n[0], n[1]);
    }

    /** Harbor's {@code PATCH .../executions/{eid}} with {@code {"action":"stop"}}. */
    public void stop(Caller caller, long id, long executionId, String action) {
        managed(caller, id);
        if (!"stop".equals(action)) throw WharfException.badRequest("action must be stop");
        RetentionExecution e = execution(id, executionId);
        if (e.isFinal()) return;
        if (e.getJobId() != null) {
            try {
                jobs.act(e.getJobId(), "stop");
            } catch (WharfException ex) {
                if (ex.status() != 404 && ex.status() != 409) throw ex;
            }
        }
        // A run not started yet ends here; a running one notices the stop between deletes and ends itself.
        if (RetentionExecution.PENDING.equals(e.getStatus())) store.executionStatus(executionId, RetentionExecution.STOPPED, true);
    }

    public Page<RetentionTask> tasks(Caller caller, long id, long executionId, Integer page, Integer pageSize) {
        get(caller, id);
        execution(id, executionId);
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.tasks(executionId, (n[0] - 1) * n[1], n[1]), store.countTasks(executionId), n[0], n[1]);
    }

    public String taskLog(Caller caller, long id, long executionId, long taskId) {
        get(caller, id);
        execution(id, executionId);
        return store.task(taskId).filter(t -> t.getExecutionId() == executionId).map(t -> t.getLog() == null ? "" : t.getLog())
                .orElseThrow(() -> WharfException.notFound("task " + taskId + " not found in run " + executionId));
    }

    /** Harbor's {@code GET /retentions/metadatas}: the templates and selectors a policy may use. */
    public static JsonObject metadatas() {
        JsonArrayBuilder templates = Json.createArrayBuilder()
                .add(template(RetentionRule.LATEST_PUSHED, "retain the most recently pushed # artifacts", "count"))
                .add(template(RetentionRule.LATEST_PULLED, "retain the most recently pulled # artifacts", "count"))
                .add(template(RetentionRule.DAYS_SINCE_PUSH, "retain the artifacts pushed within the last # days", "days"))
                .add(template(RetentionRule.DAYS_SINCE_PULL, "retain the artifacts pulled within the last # days", "days"))
                .add(Json.createObjectBuilder().add("rule_template", RetentionRule.ALWAYS).add("display_text", "retain always")
                        .add("action", "retain").add("params", Json.createArrayBuilder()));
        return Json.createObjectBuilder().add("templates", templates)
                .add("scope_selectors", Json.createArrayBuilder().add(Json.createObjectBuilder().add("display_text", "Repositories")
                        .add("kind", "doublestar").add("decorations", Json.createArrayBuilder().add("repoMatches").add("repoExcludes"))))
                .add("tag_selectors", Json.createArrayBuilder().add(Json.createObjectBuilder().add("display_text", "Tags")
                        .add("kind", "doublestar").add("decorations", Json.createArrayBuilder().add("matches").add("excludes"))))
                .build();
    }

    private static JsonObject template(String name, String text, String unit) {
        return Json.createObjectBuilder().add("rule_template", name).add("display_text", text).add("action", "retain")
                .add("params", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "int").add("unit", unit).add("required", true)))
                .build();
    }

    private RetentionExecution execution(long policyId, long executionId) {
        return store.execution(executionId).filter(e -> e.getPolicyId() == policyId)
                .orElseThrow(() -> WharfException.notFound("retention run " + executionId + " not found in policy " + policyId));
    }

    private Policy managed(Caller caller, long id) {
        Policy p = find(caller, id);
        projects.require(caller, p.project(), Permission.RETENTION_MANAGE, "manage tag retention");
        return p;
    }

    private Policy find(Caller caller, long id) {
        RetentionPolicyRecord record = store.policy(id).orElseThrow(() -> WharfException.notFound("retention policy " + id + " not found"));
        Project project;
        try {
            project = projects.get(caller, String.valueOf(record.getProjectId()));
        } catch (WharfException e) {
            // A project the caller may not see hides its policy too.
            throw WharfException.notFound("retention policy " + id + " not found");
        }
        return new Policy(record, PolicyBody.read(record.getBody()), project);
    }

    /** Replaces the policy's periodic job: the old one is stopped, a new one carries the new cron (none: no schedule). */
    private void schedule(long policyId, String oldJobId, String cron) {
        if (oldJobId != null) {
            try {
                jobs.act(oldJobId, "stop");
            } catch (WharfException e) {
                if (e.status() != 404) throw e;
            }
        }
        String jobId = null;
        if (cron != null) {
            jobId = jobs.submit(new JobService.Submission(RetentionJob.NAME, Json.createObjectBuilder().add(RetentionJob.POLICY_ID, policyId).build(),
                    null, "Periodic", null, cron, false)).getId();
        }
        store.schedule(policyId, jobId);
    }

    private static PolicyBody parse(JsonObject json) {
        try {
            return PolicyBody.parse(json);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest(e.getMessage());
        }
    }
}

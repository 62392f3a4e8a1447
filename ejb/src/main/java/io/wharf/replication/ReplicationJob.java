package io.wharf.replication;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import io.wharf.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code IMAGE_REPLICATE}: copies (or deletes) one artifact of a replication execution
 * ({@code task_id}), or, as the periodic job of a scheduled rule ({@code policy_id}), starts an
 * execution of the rule (planned by a {@link ReplicationPlanJob}). A failed task is not retried by itself: the next execution copies it again.
 */
@ApplicationScoped
public class ReplicationJob implements JobType {
    public static final String NAME = "IMAGE_REPLICATE";
    static final String TASK_ID = "task_id";
    static final String POLICY_ID = "policy_id";

    @Inject ReplicationStore store;
    @Inject ReplicationService service;
    @Inject Sides sides;
    @Inject BlobPlaces places;
    @Inject ProjectService projects;

    /** The size of each PATCH of a chunked upload; an interruption costs at most this much again. */
    @Inject @ConfigProperty(name = "wharf.replication.chunk.bytes", defaultValue = "16777216")
    long chunkBytes;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return 1; }

    @Override
    public void validate(JsonObject parameters) {
        boolean task = id(parameters, TASK_ID);
        boolean policy = id(parameters, POLICY_ID);
        if (task == policy) throw new IllegalArgumentException("exactly one of task_id and policy_id is required");
    }

    private static boolean id(JsonObject p, String key) {
        JsonValue v = p.get(key);
        if (v == null) return false;
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !p.getJsonNumber(key).isIntegral() || p.getJsonNumber(key).longValue() < 1) {
            throw new IllegalArgumentException(key + " must be a positive whole number");
        }
        return true;
    }

    @Override
    public void run(JobContext context) throws Exception {
        JsonObject p = context.parameters();
        if (p.containsKey(POLICY_ID)) {
            var policy = store.policy(p.getJsonNumber(POLICY_ID).longValue());
            if (policy.isEmpty() || !policy.get().isEnabled()) {
                context.log().info("the rule is gone or disabled: nothing to do");
                return;
            }
            ReplicationExecution e = service.begin(policy.get(), "scheduled");
            context.log().info("scheduled execution " + e.getId() + " of rule " + policy.get().getName() + " started (planned by a "
                    + ReplicationPlanJob.NAME + " job)");
            return;
        }
        long taskId = p.getJsonNumber(TASK_ID).longValue();
        if (!store.taskRunning(taskId)) {
            context.log().info("task " + taskId + " was stopped or removed before it started");
            return;
        }
        try {
            ReplicationTask task = store.task(taskId).orElseThrow(() -> new IllegalStateException("task " + taskId + " is gone"));
            ReplicationExecution execution = store.execution(task.getExecutionId()).orElseThrow();
            ReplicationPolicy policy = store.policy(execution.getPolicyId())
                    .orElseThrow(() -> new IllegalStateException("the replication rule of this task was deleted"));
            String result = replicate(context, policy, task);
            store.taskEnded(taskId, ReplicationTask.SUCCEED, result);
        } catch (ArtifactCopier.Stopped e) {
            context.log().warning("stopped on request");
            store.taskEnded(taskId, ReplicationTask.STOPPED, "stopped");
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            context.log().error("failed: " + why);
            store.taskEnded(taskId, ReplicationTask.FAILED, why);
            throw e;
        }
    }

    private String replicate(JobContext context, ReplicationPolicy policy, ReplicationTask task) throws Exception {
        Reference src = Reference.parse(task.getSrcResource());
        Reference dst = Reference.parse(task.getDstResource());
        RegistrySide source = policy.isPush() ? sides.local() : sides.endpoint(policy.getSrcRegistryId());
        RegistrySide destination = policy.isPush() ? sides.endpoint(policy.getDestRegistryId()) : sides.local();
        context.log().info("rule " + policy.getName() + ": " + task.getOperation() + " " + task.getSrcResource()
                + " (" + source.baseUrl() + ") -> " + task.getDstResource() + " (" + destination.baseUrl() + ")");
        if (!policy.isPush()) {
            String project = dst.repository().contains("/") ? dst.repository().substring(0, dst.repository().indexOf('/')) : dst.repository();
            if (projects.byName(project).isEmpty()) {
                throw new IllegalStateException("project " + project + " does not exist in Wharf: create it or set dest_namespace");
            }
        }
        if (task.getOperation().equals(ReplicationTask.DELETION)) {
            String msg;
            if (dst.reference().startsWith("sha256:")) {
                boolean deleted = destination.deleteManifest(dst.repository(), dst.reference());
                msg = deleted ? "deleted " + task.getDstResource() : task.getDstResource() + " was not at the destination";
            } else {
                msg = switch (destination.deleteTag(dst.repository(), dst.reference())) {
                    case DELETED -> "deleted the tag " + task.getDstResource();
                    case MANIFEST_DELETED -> "deleted " + task.getDstResource() + " (the destination cannot untag: its manifest, which no other tag names)";
                    case ABSENT -> task.getDstResource() + " was not at the destination";
                };
            }
            context.log().info(msg);
            return msg;
        }
        ArtifactCopier copier = new ArtifactCopier(source, destination, places, policy.getSpeed(), chunkBytes,
                line -> context.log().info(line), context::stopRequested, sides.referrers(policy.isPush(), source));
        ArtifactCopier.Outcome o = copier.copy(src.repository(), src.reference(), dst.repository(), dst.reference(), policy.isOverride());
        return o.copied() ? null : "not copied: the destination has other content under this tag and override is off";
    }

    /** {@code repository:tag} or {@code repository@digest}. */
    record Reference(String repository, String reference) {
        static Reference parse(String s) {
            int at = s.indexOf('@');
            if (at > 0) return new Reference(s.substring(0, at), s.substring(at + 1));
            int colon = s.lastIndexOf(':');
            if (colon > s.lastIndexOf('/')) return new Reference(s.substring(0, colon), s.substring(colon + 1));
            throw new IllegalArgumentException(s + " names no tag or digest");
        }
    }
}

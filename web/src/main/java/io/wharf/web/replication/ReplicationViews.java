package io.wharf.web.replication;

import io.wharf.replication.ReplicationExecution;
import io.wharf.replication.ReplicationFilters;
import io.wharf.replication.ReplicationPolicy;
import io.wharf.replication.ReplicationTask;
import io.wharf.upstream.RegistryEndpoint;
import java.time.Instant;
import java.util.Map;

/** Harbor's replication shapes, as answers. */
public final class ReplicationViews {
    private ReplicationViews() {}

    /** A registry as a rule shows it; Wharf itself is {@code Local} with id 0, as Harbor shows itself. */
    public record RegistryView(long id, String name, String url, String type, String status) {
        static final RegistryView LOCAL = new RegistryView(0, "Local", "", "wharf", "healthy");

        static RegistryView of(RegistryEndpoint e) {
            return new RegistryView(e.getId(), e.getName(), e.getUrl(), e.getType(), e.getStatus() == null ? "unknown" : e.getStatus());
        }
    }

    public record TriggerSettingsView(String cron) {}

    public record FilterView(String type, String value, String decoration) {}

    public record TriggerView(String type, TriggerSettingsView triggerSettings) {}

    public record PolicyView(long id, String name, String description, RegistryView srcRegistry, RegistryView destRegistry,
                      String destNamespace, int destNamespaceReplaceCount, TriggerView trigger, java.util.List<FilterView> filters,
                      boolean replicateDeletion, boolean deletion, boolean override, boolean enabled, int speed,
                      boolean copyByChunk, Instant creationTime, Instant updateTime) {}

    static PolicyView policy(ReplicationPolicy p, RegistryView src, RegistryView dst) {
        return new PolicyView(p.getId(), p.getName(), p.getDescription() == null ? "" : p.getDescription(), src, dst,
                p.getDestNamespace() == null ? "" : p.getDestNamespace(), p.getDestNamespaceReplaceCount(),
                new TriggerView(p.getTriggerType(), new TriggerSettingsView(p.getCron() == null ? "" : p.getCron())),
                filters(ReplicationFilters.fromJson(p.getFilters())), p.isReplicateDeletion(), p.isReplicateDeletion(),
                p.isOverride(), p.isEnabled(), p.getSpeed(), true, p.getCreationTime(), p.getUpdateTime());
    }

    static java.util.List<FilterView> filters(ReplicationFilters f) {
        java.util.List<FilterView> out = new java.util.ArrayList<>();
        if (f.name() != null) out.add(new FilterView("name", f.name(), "matches"));
        if (f.tag() != null) out.add(new FilterView("tag", f.tag(), f.tagExcludes() ? "excludes" : "matches"));
        return out;
    }

    public record ExecutionView(long id, long policyId, String status, String statusText, String trigger, Instant startTime,
                         Instant endTime, long total, long failed, long succeed, long inProgress, long stopped) {}

    static ExecutionView execution(ReplicationExecution e, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new ExecutionView(e.getId(), e.getPolicyId(), e.getStatus(), e.getStatusText() == null ? "" : e.getStatusText(),
                e.getTrigger(), e.getStartTime(), e.getEndTime(), total,
                counts.getOrDefault(ReplicationTask.FAILED, 0L), counts.getOrDefault(ReplicationTask.SUCCEED, 0L),
                counts.getOrDefault(ReplicationTask.IN_PROGRESS, 0L) + counts.getOrDefault(ReplicationTask.PENDING, 0L),
                counts.getOrDefault(ReplicationTask.STOPPED, 0L));
    }

    public record TaskView(long id, long executionId, String resourceType, String srcResource, String dstResource, String operation,
                    String status, String statusText, String jobId, Instant startTime, Instant endTime) {}

    static TaskView task(ReplicationTask t) {
        return new TaskView(t.getId(), t.getExecutionId(), t.getResourceType(), t.getSrcResource(), t.getDstResource(),
                t.getOperation(), t.getStatus(), t.getStatusText() == null ? "" : t.getStatusText(),
                t.getJobId() == null ? "" : t.getJobId(), t.getStartTime(), t.getEndTime());
    }
}

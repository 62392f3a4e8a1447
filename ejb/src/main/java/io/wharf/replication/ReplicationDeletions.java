package io.wharf.replication;

import io.wharf.registry.ArtifactDeleted;
import io.wharf.registry.TagDeleted;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletions for rules that replicate them, planned after the delete committed: each step in a
 * transaction of its own, the tasks' rows committed before their jobs are queued so a worker
 * always finds them. A deleted artifact is deleted at the destination by digest; a deleted tag
 * (its artifact stays in Wharf) is deleted there by name.
 */
@Stateless
public class ReplicationDeletions {
    @Inject ReplicationStore store;
    @Inject ReplicationService service;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Long> plan(ArtifactDeleted deleted) {
        List<Long> tasks = new ArrayList<>();
        for (ReplicationPolicy p : store.eventPolicies()) {
            if (!p.isReplicateDeletion()) continue;
            ReplicationFilters f = ReplicationFilters.fromJson(p.getFilters());
            if (!f.matchesRepository(deleted.repository())) continue;
            if (!deleted.tags().isEmpty() && deleted.tags().stream().noneMatch(f::matchesTag)) continue;
            service.planOne(p, deleted.repository(), deleted.digest(), ReplicationTask.DELETION).ifPresent(tasks::add);
        }
        return tasks;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Long> plan(TagDeleted deleted) {
        List<Long> tasks = new ArrayList<>();
        for (ReplicationPolicy p : store.eventPolicies()) {
            if (!p.isReplicateDeletion()) continue;
            ReplicationFilters f = ReplicationFilters.fromJson(p.getFilters());
            if (!f.matchesRepository(deleted.repository())) continue;
            if (!f.matchesTag(deleted.tag()) && !ReplicationService.isAccessoryTag(deleted.tag())) continue;
            service.planOne(p, deleted.repository(), deleted.tag(), ReplicationTask.DELETION).ifPresent(tasks::add);
        }
        return tasks;
    }

    /** The job service keeps its own short transactions: none of ours around it. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void queue(long taskId) { service.queue(taskId); }
}

package io.wharf.replication;

import io.wharf.registry.ArtifactDeleted;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletions for rules that replicate them, planned after the delete committed: each step in a
 * transaction of its own (the observer runs when the delete's transaction has completed), the
 * tasks' rows committed before their jobs are queued so a worker always finds them.
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

    /** The job service keeps its own short transactions: none of ours around it. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void queue(long taskId) { service.queue(taskId); }
}

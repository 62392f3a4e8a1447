package io.wharf.replication;

import io.wharf.notification.OnPush;
import io.wharf.registry.ArtifactDeleted;
import io.wharf.registry.TagDeleted;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Event-based rules: a push into Wharf (observed once it is recorded) is copied by every enabled
 * push-based rule whose filters select it, and an artifact deleted in Wharf is deleted at the
 * destination of the rules that replicate deletions (a deleted tag: that tag). A cosign accessory
 * tag follows its repository's rules whatever the tag filter says.
 */
@ApplicationScoped
public class ReplicationTriggers {
    private static final Logger LOG = Logger.getLogger(ReplicationTriggers.class.getName());

    @Inject ReplicationStore store;
    @Inject ReplicationService service;
    @Inject ReplicationDeletions deletions;
    @Resource ManagedExecutorService executor;

    void onPush(@Observes OnPush push) {
        try {
            for (ReplicationPolicy p : store.eventPolicies()) {
                ReplicationFilters f = ReplicationFilters.fromJson(p.getFilters());
                if (!f.matchesRepository(push.repository())) continue;
                boolean accessory = push.tag() != null && ReplicationService.isAccessoryTag(push.tag());
                if (push.tag() == null || (!accessory && !f.matchesTag(push.tag()))) continue;
                service.runOne(p, push.repository(), push.tag(), ReplicationTask.COPY);
            }
        } catch (RuntimeException e) {
            LOG.warning("Replication of the push of " + push + " was not queued: " + e.getMessage());
        }
    }

    void onDelete(@Observes(during = TransactionPhase.AFTER_SUCCESS) ArtifactDeleted deleted) {
        plan(deleted.repository() + "@" + deleted.digest(), () -> deletions.plan(deleted));
    }

    void onTagDelete(@Observes(during = TransactionPhase.AFTER_SUCCESS) TagDeleted deleted) {
        plan(deleted.repository() + ":" + deleted.tag(), () -> deletions.plan(deleted));
    }

    /**
     * Plans and queues a delete's tasks on another thread: an after-success observer runs while
     * the delete's completed transaction is still the thread's, where nothing new can be written.
     */
    private void plan(String what, java.util.function.Supplier<java.util.List<Long>> tasks) {
        try {
            executor.execute(() -> {
                try {
                    for (long task : tasks.get()) deletions.queue(task);
                } catch (RuntimeException e) {
                    LOG.warning("Replication of the delete of " + what + " was not queued: " + e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warning("Replication of the delete of " + what + " was not queued: " + e.getMessage());
        }
    }
}

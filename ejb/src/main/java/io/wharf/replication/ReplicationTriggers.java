package io.wharf.replication;

import io.wharf.notification.OnPush;
import io.wharf.registry.ArtifactDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Event-based rules: a push into Wharf (observed once it is recorded) is copied by every enabled
 * push-based rule whose filters select it, and an artifact deleted in Wharf is deleted at the
 * destination of the rules that replicate deletions. A cosign accessory tag follows its
 * repository's rules whatever the tag filter says.
 */
@ApplicationScoped
public class ReplicationTriggers {
    private static final Logger LOG = Logger.getLogger(ReplicationTriggers.class.getName());

    @Inject ReplicationStore store;
    @Inject ReplicationService service;
    @Inject ReplicationDeletions deletions;

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
        try {
            // The delete's transaction has completed but may still be the thread's: work in new ones.
            for (long task : deletions.plan(deleted)) deletions.queue(task);
        } catch (RuntimeException e) {
            LOG.warning("Replication of the delete of " + deleted.repository() + "@" + deleted.digest() + " was not queued: " + e.getMessage());
        }
    }
}

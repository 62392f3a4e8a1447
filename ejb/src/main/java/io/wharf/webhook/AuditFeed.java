package io.wharf.webhook;

import io.wharf.audit.AuditLogEntry;
import io.wharf.lifecycle.ApplicationStart;
import io.wharf.webhook.event.WebhookEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads pushes, pulls, deletes and severity rises for webhooks from the audit log, which is
 * written in the same transaction as the change: the audit log is the outbox. So a push pays
 * nothing for webhooks (not even a query), and an event is not lost when the server stops
 * between the change and its delivery. Every {@code webhook.poll.ms} (500) the entries after the
 * cursor are read; the last {@value #LOOKBACK} ids are read again, because identity ids may commit
 * out of order, and an event recorded twice is refused by its unique event id per policy.
 */
@Singleton
@Startup
@DependsOn(io.wharf.schema.SchemaMigrator.NAME)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditFeed {
    private static final Logger LOG = Logger.getLogger(AuditFeed.class.getName());
    static final String CURSOR = "audit";
    static final int LOOKBACK = 200;
    private static final int BATCH = 500;

    @Resource ManagedScheduledExecutorService executor;
    @Inject ApplicationStart applicationStart;
    @Inject WebhookStore store;
    @Inject WebhookDispatcher dispatcher;
    @Inject ArtifactEvents events;

    @Inject @ConfigProperty(name = "webhook.poll.ms", defaultValue = "500")
    long pollMs;

    /** Audit ids this server already handed to the dispatcher (the lookback reads them again). */
    private final Set<Long> handled = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) { return size() > 4 * LOOKBACK + BATCH; }
    });

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        if (pollMs <= 0) return;
        task = executor.scheduleWithFixedDelay(applicationStart.once(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Webhook audit feed pass failed; next pass tries again", e);
            }
        }), pollMs, pollMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) task.cancel(false);
    }

    /** One pass: returns how many executions it recorded. */
    synchronized int poll() {
        long cursor = store.cursor(CURSOR);
        List<AuditLogEntry> entries = store.auditAfter(Math.max(0, cursor - LOOKBACK), BATCH + LOOKBACK);
        if (entries.isEmpty()) return 0;
        long last = entries.get(entries.size() - 1).getId();
        int recorded = 0;
        if (store.countEnabledPolicies() > 0) {
            Map<Long, List<WebhookPolicy>> policies = new HashMap<>();
            for (AuditLogEntry entry : entries) {
                if (handled.contains(entry.getId())) continue;
                Optional<String> type = ArtifactEvents.typeOf(entry.getOperation());
                if (type.isEmpty()) continue;
                List<WebhookPolicy> hearing = policies.computeIfAbsent(entry.getProjectId(), store::enabledPolicies).stream()
                        // an event from before the policy existed is not its business (the lookback reads old entries again)
                        .filter(p -> p.hears(type.get()) && !entry.getOpTime().isBefore(p.getCreationTime())).toList();
                if (!hearing.isEmpty()) {
                    Optional<WebhookEvent> event = events.fromAudit(entry);
                    if (event.isPresent()) {
                        String payload = WebhookPayloads.harbor(event.get().type(), event.get().occurAt(), event.get().operator(),
                                event.get().eventData()).toString();
                        for (WebhookPolicy p : hearing) {
                            if (dispatcher.deliver(p, event.get().eventId(), event.get().type(), payload, "EVENT").isPresent()) recorded++;
                        }
                    }
                }
                handled.add(entry.getId());
            }
        }
        if (last > cursor) store.moveCursor(CURSOR, last);
        return recorded;
    }
}

package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.lifecycle.ApplicationStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A job's change can miss its scan (the server died between the job's commit and the event, or the
 * database refused the scan's write for a moment). Now and then, scans that have not changed for a
 * while are compared with their job service job, the source of truth for how a job ended, and
 * caught up through {@link ScanLifecycle}, so that none stays Pending or Running forever.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // the schema is migrated before this bean reads it
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScanReconciler {
    private static final Logger LOG = Logger.getLogger(ScanReconciler.class.getName());

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject ScanStore store;
    @Inject ScanLifecycle lifecycle;
    @Inject JobService jobs;
    @Inject ApplicationStart applicationStart;

    @Inject @ConfigProperty(name = "scan.reconcile.interval.seconds", defaultValue = "60")
    long intervalSeconds;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        passes = executor.scheduleWithFixedDelay(applicationStart.once(this::reconcile), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** Stopping: no pass after the application has gone (it would run without the application's context). */
    @PreDestroy
    void stop() {
        if (passes != null) passes.cancel(false);
    }

    void reconcile() {
        try {
            Instant quietSince = Instant.now().minus(Duration.ofSeconds(2 * intervalSeconds));
            for (ScanJob scan : store.unfinishedSince(quietSince, 500)) {
                if (scan.getJobId() == null) {
                    if (scan.getTrigger() != ScanTrigger.BATCH) lifecycle.apply(scan.getId(), ScanStatus.ERROR, "the scan was never queued");
                    continue;
                }
                Job job;
                try {
                    job = jobs.get(scan.getJobId());
                } catch (WharfException e) {
                    lifecycle.apply(scan.getId(), ScanStatus.ERROR, "its job no longer exists");
                    continue;
                }
                ScanStatus.ofWire(job.getStatus().wire())
                        .filter(s -> s.isFinal() && s != scan.getStatus())
                        .ifPresent(s -> lifecycle.apply(scan.getId(), s, null));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Scan reconciliation failed; tried again later", e);
        }
    }
}

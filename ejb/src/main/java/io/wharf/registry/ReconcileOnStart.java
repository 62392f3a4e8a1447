package io.wharf.registry;

import io.wharf.lifecycle.ApplicationStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reconciles once after each start, off the deployment thread, retrying while the registry is not
 * answering yet: events sent while this server was down may be lost.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // the schema is migrated before this bean reads it
public class ReconcileOnStart {
    private static final Logger LOG = Logger.getLogger(ReconcileOnStart.class.getName());
    private static final int ATTEMPTS = 10;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject Reconciler reconciler;
    @Inject ApplicationStart applicationStart;

    @Inject @ConfigProperty(name = "wharf.reconcile.on.start", defaultValue = "true")
    boolean enabled;

    @PostConstruct
    void schedule() {
        if (enabled) scheduler.schedule(() -> attempt(1), 2, TimeUnit.SECONDS);
    }

    private void attempt(int n) {
        if (!applicationStart.started()) {
            scheduler.schedule(() -> attempt(n), 1, TimeUnit.SECONDS);
            return;
        }
        try {
            reconciler.reconcile();
        } catch (RuntimeException e) {
            if (n >= ATTEMPTS) {
                LOG.log(Level.WARNING, "Reconciliation on start gave up after " + n + " attempts: " + e.getMessage());
                return;
            }
            LOG.info("Reconciliation on start will retry: " + e.getMessage());
            scheduler.schedule(() -> attempt(n + 1), 10, TimeUnit.SECONDS);
        }
    }
}

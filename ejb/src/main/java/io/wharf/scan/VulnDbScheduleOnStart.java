package io.wharf.scan;

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

/** Sets up the vulnerability data updates once after each start, off the deployment thread. */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // the schema is migrated before this bean reads it
public class VulnDbScheduleOnStart {
    private static final Logger LOG = Logger.getLogger(VulnDbScheduleOnStart.class.getName());
    private static final int ATTEMPTS = 10;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject VulnDbUpdates updates;
    @Inject ApplicationStart applicationStart;

    @PostConstruct
    void schedule() {
        scheduler.schedule(() -> attempt(1), 3, TimeUnit.SECONDS);
    }

    private void attempt(int n) {
        if (!applicationStart.started()) {
            scheduler.schedule(() -> attempt(n), 1, TimeUnit.SECONDS);
            return;
        }
        try {
            updates.onStart();
        } catch (RuntimeException e) {
            if (n >= ATTEMPTS) {
                LOG.log(Level.WARNING, "Vulnerability data updates not set up after " + n + " attempts: " + e.getMessage());
                return;
            }
            LOG.info("Vulnerability data updates will be set up on a retry: " + e.getMessage());
            scheduler.schedule(() -> attempt(n + 1), 10, TimeUnit.SECONDS);
        }
    }
}

package io.wharf.replication;

import io.wharf.lifecycle.ApplicationStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
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
 * Every {@code replication.planning.sweep.seconds} (60), queues again the planning of executions left without one
 * ({@link ReplicationService#requeueLostPlannings}): those older than the sweep's period, so that an execution whose
 * planning is being queued this moment is not taken for lost. Every server sweeps; the planning job is unique, so
 * two servers finding the same execution queue it once.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME)
public class LostPlanningSweep {
    private static final Logger LOG = Logger.getLogger(LostPlanningSweep.class.getName());

    @Resource ManagedScheduledExecutorService executor;
    @Inject ReplicationService replication;
    @Inject ApplicationStart applicationStart;

    @Inject @ConfigProperty(name = "replication.planning.sweep.seconds", defaultValue = "60")
    long seconds;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        if (seconds > 0) task = executor.scheduleWithFixedDelay(applicationStart.once(this::sweep), seconds, seconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) task.cancel(false);
    }

    private void sweep() {
        try {
            replication.requeueLostPlannings(Instant.now().minus(Duration.ofSeconds(seconds)));
        } catch (RuntimeException e) {
            // the database or Redis away: the next sweep tries again
            LOG.log(Level.FINE, "Replication planning sweep: " + e.getMessage());
        }
    }
}

package io.wharf.jobservice;

import io.wharf.lifecycle.ApplicationStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once a second on every server: releases delayed jobs and retries whose time has come, fires due
 * cron ticks of periodic jobs (each tick once across servers), and repairs what Redis lost: after
 * a flush or a restart without data the database's pending jobs go back in the queue, and a running
 * job whose worker died (its lease lapsed) is queued again.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // the schema is migrated before this bean reads it
public class JobScheduler {
    private static final Logger LOG = Logger.getLogger(JobScheduler.class.getName());
    private static final int BATCH = 1000;

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject JobStore store;
    @Inject JobQueue queue;
    @Inject JobLogs logs;
    @Inject JobEvents events;
    @Inject WorkerPool workers;
    @Inject JobRunner runner;
    @Inject ApplicationStart applicationStart;

    private Instant lastCleanup = Instant.EPOCH;
    private Instant lastUnqueuedScan = Instant.EPOCH;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        passes = executor.scheduleWithFixedDelay(applicationStart.once(this::tick), 1, 1, TimeUnit.SECONDS);
    }

    /** Stopping: no pass after the application has gone (it would run without the application's context). */
    @PreDestroy
    void stop() {
        if (passes != null) passes.cancel(false);
    }

    void tick() {
        try {
            Instant now = Instant.now();
            logs.flushAll();
            workers.publish();
            if (queue.lostData()) requeuePending();
            // Jobs saved while Redis was away: looked for when this server marked one, and every
            // 30 s for those another server marked (the scan reads every Pending row).
            if (queue.depth() >= 0 && (queue.takeUnqueuedMark() || lastUnqueuedScan.isBefore(now.minusSeconds(30)))) {
                lastUnqueuedScan = now;
                for (String id : store.takeUnqueued(BATCH)) queue.enqueue(id);
            }
            for (String id : store.releaseDue(now, BATCH)) queue.enqueue(id);
            firePeriodic(now);
            recoverLost(now);
            // Only an empty queue can have lost a pending job (flushes and failed enqueues are handled
            // above); re-queueing while jobs still wait would flood the queue with duplicates.
            if (queue.depth() == 0) {
                for (String id : store.stalePending(now.minusSeconds(60), BATCH)) queue.enqueue(id);
            }
            if (lastCleanup.isBefore(now.minus(1, ChronoUnit.HOURS))) cleanLogs(now);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Job scheduler tick failed (Redis or the database away?)", e);
        }
    }

    private void requeuePending() {
        List<String> pending = store.pendingIds(100_000);
        pending.forEach(queue::enqueue);
        if (!pending.isEmpty()) LOG.info("Redis had lost the queue: put back " + pending.size() + " pending job(s) from the database");
    }

    private void firePeriodic(Instant now) {
        for (Job periodic : store.periodicDue(now)) {
            Instant next = CronSpecs.next(periodic.getCronSpec(), now);
            try {
                store.fireTick(periodic.getId(), periodic.getRevision(), UUID.randomUUID().toString(), next, now)
                        .ifPresent(execution -> {
                            events.changed(execution, null);
                            queue.enqueue(execution.getId());
                        });
            } catch (JobStore.TickTakenException | jakarta.ejb.EJBException e) {
                // Another server fired this tick first.
            }
        }
    }

    void recoverLost(Instant now) {
        for (Job job : store.running()) {
            if (job.getUpdateTime().isAfter(now.minus(queue.lease()))) continue;
            if (queue.leaseHeld(job.getId())) continue;
            if (!workerGone(job)) continue;
            store.requeueLost(job.getId(), job.getRevision(), now.minus(queue.lease()), now).ifPresent(after -> {
                if (after.getStatus() == JobStatus.STOPPED) {
                    LOG.info("Job " + job.getId() + " lost its worker (" + job.getRunBy() + ") after a stop request; stopped");
                    events.changed(after, null);
                } else {
                    LOG.info("Job " + job.getId() + " lost its worker (" + job.getRunBy() + "); queued again");
                    queue.enqueue(job.getId());
                }
            });
        }
    }

    /**
     * Whether the worker that claimed a silent job no longer runs it. A job beats (row and lease) only
     * from a third of the lease after its claim, and on a loaded machine later still: silence alone
     * took a job its worker was starting for lost, and a second worker ran it at the same time. This
     * server knows which jobs its own workers hold; another server's are lost once it stopped
     * publishing its workers (killed, or cut off from Redis).
     */
    private boolean workerGone(Job job) {
        String runBy = job.getRunBy();
        int hash = runBy == null ? -1 : runBy.lastIndexOf('#');
        if (hash < 0) return true;
        String server = runBy.substring(0, hash);
        if (server.equals(workers.server())) return !runner.holds(job.getId());
        return !queue.serverAlive(server);
    }

    private void cleanLogs(Instant now) {
        lastCleanup = now;
        for (String id : store.finishedBefore(now.minus(logs.retentionDays(), ChronoUnit.DAYS), BATCH)) logs.delete(id);
    }
}

package io.wharf.jobservice;

import io.wharf.lifecycle.ApplicationStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This server's workers: threads that take job ids from the shared Redis queue, so any server's
 * workers run any server's jobs. {@code jobservice.workers} sets how many (0 turns them off).
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // the schema is migrated before this bean reads it
public class WorkerPool {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService beatExecutor;

    @Inject JobQueue queue;
    @Inject JobRunner runner;
    @Inject JobRows rows;
    @Inject ApplicationStart applicationStart;

    @Inject @ConfigProperty(name = "jobservice.workers", defaultValue = "4")
    int size;

    private final String server = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;
    private ScheduledFuture<?> beats;

    @PostConstruct
    void start() {
        for (int i = 0; i < size; i++) {
            String name = server + "#" + i;
            Thread t = threads.newThread(() -> work(name));
            t.setName("wharf-job-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        if (size > 0) {
            long every = Math.max(100, queue.lease().toMillis() / 12);
            beats = beatExecutor.scheduleAtFixedRate(applicationStart.once(() -> {
                try {
                    runner.beatDue();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Heartbeat pass failed", e);
                }
            }), every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("Job workers started: " + size + " on " + server);
    }

    private void work(String name) {
        JobRunner.Ran ran = null; // the last job's end, written with the next claim
        try {
            while (running && !applicationStart.await(1, TimeUnit.SECONDS)) {
                // a job runs only once the application has started (ApplicationStart says why)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        while (running) {
            try {
                // While an end waits to be written, only a job already queued is worth waiting for.
                String id = ran == null ? queue.take(1, TimeUnit.SECONDS) : queue.poll();
                if (id == null) {
                    if (ran != null) {
                        JobRunner.Ran done = ran;
                        ran = null;
                        runner.complete(done);
                    }
                    rows.unpin(); // idle: the connection goes back to the pool
                    continue;
                }
                rows.pin();
                busy.incrementAndGet();
                try {
                    JobRunner.Ran done = ran;
                    ran = null;
                    ran = done == null ? runner.run(id, name) : runner.runAfter(done, id, name);
                } finally {
                    busy.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // Redis away or the database failing: record what ran, then wait a little rather than spin.
                LOG.log(Level.FINE, "Worker " + name + " could not take a job", e);
                rows.unpin();
                if (ran != null) {
                    JobRunner.Ran done = ran;
                    ran = null;
                    runner.complete(done);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (ran != null) runner.complete(ran);
        rows.unpin();
    }

    /** Tells the other servers (through Redis, for a few seconds) how busy this pool is. */
    public void publish() { queue.publishWorkers(server.replace(':', '_'), busy.get(), size); }

    public String server() { return server; }
    public int busy() { return busy.get(); }
    public int size() { return size; }

    @PreDestroy
    void stop() {
        running = false;
        if (beats != null) beats.cancel(false);
        workers.forEach(Thread::interrupt);
    }
}

package io.wharf.jobservice;

import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RBucket;
import org.redisson.client.codec.StringCodec;

/**
 * The Redis side of the job service: the shared queue of job ids, a lease per running job (a key
 * that expires unless its worker renews it), stop requests, and a marker that tells whether Redis
 * lost its data since Wharf last looked.
 */
@ApplicationScoped
public class JobQueue {
    @Inject RedisConnection redis;

    @Inject @ConfigProperty(name = "jobservice.namespace", defaultValue = "wharf")
    String namespace;

    @Inject @ConfigProperty(name = "jobservice.lease.seconds", defaultValue = "15")
    long leaseSeconds;

    private RBlockingQueue<String> queue() {
        return redis.client().getBlockingQueue(namespace + ":jobs:queue", StringCodec.INSTANCE);
    }

    private RBucket<String> bucket(String key) {
        return redis.client().getBucket(namespace + ":jobs:" + key, StringCodec.INSTANCE);
    }

    public void enqueue(String jobId) { queue().offer(jobId); }

    private final java.util.concurrent.atomic.AtomicBoolean unqueuedMarked = new java.util.concurrent.atomic.AtomicBoolean();

    /** A job was saved but not queued here (Redis away): the scheduler should look for such jobs soon. */
    public void noteUnqueued() { unqueuedMarked.set(true); }

    /** Whether a job was saved but not queued since the last call. */
    public boolean takeUnqueuedMark() { return unqueuedMarked.getAndSet(false); }

    /** The next job id, waiting up to the timeout; null when none came. */
    public String take(long timeout, TimeUnit unit) throws InterruptedException {
        return queue().poll(timeout, unit);
    }

    /** The next job id if one is queued now; null otherwise (no wait). */
    public String poll() { return queue().poll(); }

    /** Queues several ids with one command. */
    public void enqueueAll(java.util.Collection<String> jobIds) {
        if (!jobIds.isEmpty()) queue().addAll(jobIds);
    }

    public int depth() { return queue().size(); }

    public Duration lease() { return Duration.ofSeconds(leaseSeconds); }

    /** Takes the job's lease for this worker; false when another worker holds it. */
    public boolean acquireLease(String jobId, String worker) {
        return bucket("lease:" + jobId).setIfAbsent(worker, lease());
    }

    /** Extends the lease; takes it again when Redis lost it (a flush, a restart without data). */
    public void renewLease(String jobId, String worker) {
        if (!bucket("lease:" + jobId).expire(lease())) bucket("lease:" + jobId).setIfAbsent(worker, lease());
    }

    public void releaseLease(String jobId) { bucket("lease:" + jobId).delete(); }

    public boolean leaseHeld(String jobId) { return bucket("lease:" + jobId).isExists(); }

    public void requestStop(String jobId) { bucket("stop:" + jobId).set("1", Duration.ofHours(24)); }

    public boolean stopRequested(String jobId) { return bucket("stop:" + jobId).isExists(); }

    /**
     * True once after Redis came back empty (flushed, or restarted without its data): the marker
     * Wharf leaves is gone. The caller then puts the database's pending jobs back in the queue.
     */
    public boolean lostData() {
        return bucket("epoch").setIfAbsent(String.valueOf(System.currentTimeMillis()));
    }

    /** Short-lived worker counts of this server, read by the stats of any server. */
    public void publishWorkers(String server, int busy, int total) {
        bucket("workers:" + server).set(busy + "/" + total, Duration.ofSeconds(10));
    }

    /** Whether the server still publishes its worker counts (its scheduler runs): its workers' jobs are not lost. */
    public boolean serverAlive(String server) { return bucket("workers:" + server.replace(':', '_')).isExists(); }

    public Iterable<String> workerKeys() {
        return redis.client().getKeys().getKeysByPattern(namespace + ":jobs:workers:*");
    }

    public String read(String fullKey) {
        return redis.client().<String>getBucket(fullKey, StringCodec.INSTANCE).get();
    }
}

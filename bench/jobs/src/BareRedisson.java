import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The floor under the job service: the same Redisson calls Wharf's JobQueue makes, on the same
 * Redis, without Liberty, the database or the job log. A fresh queue under a key of its own
 * ({@code jobbench:<uuid>:queue}); everything under that prefix is deleted at the end.
 *
 * <ol>
 *   <li>push: N ids with {@code offer} from P threads (as the submit requests do);</li>
 *   <li>pop: W threads {@code poll(1 s)} (as WorkerPool does) until all N came out;</li>
 *   <li>pop + lease: the same, plus the lease {@code SET NX PX} and its {@code DEL} per id, which
 *       is all the Redis work JobRunner does for a job of no duration.</li>
 * </ol>
 */
final class BareRedisson {
    private BareRedisson() {}

    static int run(JobBench.Args a) throws Exception {
        int port = Integer.parseInt(a.need("redis-port"));
        int n = a.integer("jobs", 10_000);
        int workers = a.integer("workers", 4);
        int pushers = a.integer("pushers", 16);
        Path out = Path.of(a.need("out"));
        JobBench.CpuSnap.hz = a.lng("clk-tck", 100);
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("redis", a.lng("redis-pid", -1));
        pids.put("bench", ProcessHandle.current().pid());

        // Wharf's own client settings (io.wharf.redis.RedisConnection).
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + port)
                .setConnectionMinimumIdleSize(2).setConnectionPoolSize(16)
                .setConnectTimeout(3000).setRetryAttempts(2);
        RedissonClient redis = Redisson.create(config);
        String prefix = "jobbench:" + UUID.randomUUID() + ":";
        RBlockingQueue<String> queue = redis.getBlockingQueue(prefix + "queue", StringCodec.INSTANCE);
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("mode", "redisson").add("jobs", n).add("workers", workers).add("pushers", pushers)
                .add("key", prefix + "queue");
        int lost = 0;
        int duplicates = 0;
        try {
            JobBench.say("bare Redisson: warm-up (2,000 ids through push, pop and pop+lease)");
            List<String> warm = ids(1000);
            push(queue, warm, pushers);
            pop(redis, queue, prefix, 1000, workers, false);
            push(queue, warm, pushers);
            pop(redis, queue, prefix, 1000, workers, true);

            List<String> ids = ids(n);
            JobBench.CpuSnap c0 = new JobBench.CpuSnap(pids);
            double pushS = push(queue, ids, pushers);
            JobBench.CpuSnap c1 = new JobBench.CpuSnap(pids);
            Phase popped = pop(redis, queue, prefix, n, workers, false);
            JobBench.CpuSnap c2 = new JobBench.CpuSnap(pids);
            lost += n - popped.seen.size();
            duplicates += popped.count - popped.seen.size();
            push(queue, ids, pushers);
            JobBench.CpuSnap c3 = new JobBench.CpuSnap(pids);
            Phase leased = pop(redis, queue, prefix, n, workers, true);
            JobBench.CpuSnap c4 = new JobBench.CpuSnap(pids);
            lost += n - leased.seen.size();
            duplicates += leased.count - leased.seen.size();

            result.add("push", phase(n, pushS, pushers, JobBench.CpuSnap.between(c0, c1)))
                    .add("pop", phase(n, popped.seconds, workers, JobBench.CpuSnap.between(c1, c2)))
                    .add("pop_lease", phase(n, leased.seconds, workers, JobBench.CpuSnap.between(c3, c4)));
            JobBench.say(String.format("bare Redisson: push %.0f/s (%d threads), pop %.0f/s, pop+lease+release %.0f/s (%d threads)",
                    n / pushS, pushers, n / popped.seconds, n / leased.seconds, workers));
        } finally {
            long left = queue.size();
            long deleted = redis.getKeys().deleteByPattern(prefix + "*");
            result.add("left_in_queue_before_cleanup", left).add("keys_deleted", deleted);
            redis.shutdown();
        }
        result.add("lost", lost).add("duplicates", duplicates);
        JsonObject r = result.build();
        JobBench.write(out, r);
        return lost == 0 && duplicates == 0 ? 0 : 1;
    }

    private static JsonObject phase(int n, double seconds, int threads, JsonObject cpu) {
        return Json.createObjectBuilder()
                .add("threads", threads)
                .add("seconds", JobBench.round(seconds, 3))
                .add("ops_per_s", JobBench.round(n / seconds, 1))
                .add("ms_per_op_per_thread", JobBench.round(threads * 1000.0 * seconds / n, 3))
                .add("cpu", cpu)
                .build();
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(UUID.randomUUID().toString());
        return ids;
    }

    private static double push(RBlockingQueue<String> queue, List<String> ids, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) queue.offer(ids.get(i));
            }, "push-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        return (System.nanoTime() - t0) / 1e9;
    }

    record Phase(double seconds, int count, Set<String> seen) {}

    /** W threads take ids as WorkerPool does until n came out; the time runs to the last one taken. */
    private static Phase pop(RedissonClient redis, RBlockingQueue<String> queue, String prefix, int n, int threads, boolean lease)
            throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        AtomicLong last = new AtomicLong();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        for (int t = 0; t < threads; t++) {
            String worker = "jobbench#" + t;
            Thread th = new Thread(() -> {
                try {
                    while (count.get() < n && System.nanoTime() < deadline) {
                        String id = queue.poll(1, TimeUnit.SECONDS);
                        if (id == null) continue;
                        if (lease) {
                            var bucket = redis.<String>getBucket(prefix + "lease:" + id, StringCodec.INSTANCE);
                            if (bucket.setIfAbsent(worker, Duration.ofSeconds(15))) bucket.delete();
                        }
                        seen.add(id);
                        count.incrementAndGet();
                        last.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "pop-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        return new Phase((last.get() - t0) / 1e9, count.get(), seen);
    }
}

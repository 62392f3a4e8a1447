import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.redisson.Redisson;
import org.redisson.api.RQueue;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * N SAMPLE jobs (sleep_ms 0) through Wharf's job service: S concurrent submitters post them, the
 * server's workers run them, a monitor waits (bounded) until none of SAMPLE is left, then every
 * id is read back with a GET.
 *
 * <p>End to end runs from the first submission to the first {@code /api/v1/stats} poll, started
 * after the last submission, that shows no SAMPLE job pending, scheduled or running (known to
 * about a second: see {@link Monitor}).
 */
final class WharfJobs {
    private WharfJobs() {}

    private static final String BODY = "{\"job\":{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":0},\"metadata\":{\"kind\":\"Generic\"}}}";

    private static HttpClient http;
    private static String base;
    private static String auth;

    static int run(JobBench.Args a) throws Exception {
        base = a.str("url", "http://127.0.0.1:28180").replaceAll("/+$", "");
        auth = "Harbor-Secret " + Files.readString(Path.of(a.need("secret-file"))).trim();
        int n = a.integer("jobs", 10_000);
        int submitters = a.integer("submitters", 16);
        int workers = a.integer("workers", 4);
        int warmup = a.integer("warmup", 5000);
        long warmupMinS = a.lng("warmup-min-s", 150);
        long warmupMaxS = a.lng("warmup-max-s", 400);
        long timeoutS = a.lng("timeout-s", 600);
        long statsEveryMs = a.lng("stats-interval-ms", 5000);
        Path out = Path.of(a.need("out"));
        String profileDir = a.str("profile-dir", "");
        JobBench.CpuSnap.hz = a.lng("clk-tck", 100);
        long libertyPid = a.lng("liberty-pid", -1);
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("liberty", libertyPid);
        pids.put("redis", a.lng("redis-pid", -1));
        pids.put("bench", ProcessHandle.current().pid());

        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // Only to read the queue's length (LLEN) cheaply while waiting; nothing is written.
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + a.need("redis-port"))
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2);
        RedissonClient redis = Redisson.create(config);
        RQueue<String> queue = redis.getQueue(a.str("namespace", "wharf") + ":jobs:queue", StringCodec.INSTANCE);
        try {
            JsonObject before = stats();
            if (remaining(before) != 0) JobBench.say("note: " + remaining(before) + " SAMPLE jobs were already waiting or running before the run");

            // A fresh Liberty's JIT needs minutes under full load on 2 cores (its compiler threads
            // share the CPU with every busy request thread): rounds of `warmup` jobs go through until
            // two in a row agree within 5 % after at least warmup-min-s, so the run measures a server
            // that has been running.
            JsonArrayBuilder warmupRates = Json.createArrayBuilder();
            int warmupJobs = 0;
            if (warmup > 0) {
                long warmStart = System.nanoTime();
                long warmDeadline = warmStart + warmupMaxS * 1_000_000_000L;
                double previous = 0;
                while (true) {
                    Batch w = new Batch(warmup);
                    long w0 = System.nanoTime();
                    w.submitAll(submitters);
                    // The submission rate: the workers keep up with it, and it is timed exactly
                    // (the end of the queue is only seen by a stats poll about once a second).
                    double rate = warmup / ((System.nanoTime() - w0) / 1e9);
                    boolean idle = waitIdle(180);
                    warmupJobs += warmup;
                    warmupRates.add(JobBench.round(rate, 1));
                    JobBench.say(String.format(java.util.Locale.ROOT, "Wharf: warm-up round of %d jobs: submitted at %.0f jobs/s%s", warmup, rate,
                            idle ? "" : " (not all finished within 180 s)"));
                    boolean longEnough = System.nanoTime() - warmStart >= warmupMinS * 1_000_000_000L;
                    if (longEnough && previous > 0 && Math.abs(rate - previous) <= 0.05 * previous) break;
                    if (System.nanoTime() > warmDeadline) {
                        JobBench.say("Wharf: warm-up did not settle within " + warmupMaxS + " s; measuring anyway");
                        break;
                    }
                    previous = rate;
                }
            }

            Profiler profiler = profileDir.isEmpty() ? null : new Profiler(libertyPid, Path.of(profileDir));
            JobBench.say("Wharf: " + n + " SAMPLE jobs, " + submitters + " submitters, " + workers + " workers"
                    + (profiler == null ? "" : " (profiled: JFR and a thread dump of Liberty a second)"));
            Batch b = new Batch(n);
            Monitor monitor = new Monitor(b, queue, timeoutS, statsEveryMs);
            if (profiler != null) profiler.start();
            JobBench.CpuSnap c0 = new JobBench.CpuSnap(pids);
            b.t0 = System.nanoTime();
            Thread mt = new Thread(monitor, "monitor");
            mt.start();
            b.submitAll(submitters);
            JobBench.CpuSnap c1 = new JobBench.CpuSnap(pids);
            if (profiler != null) profiler.phase("drain");
            monitor.submittedAll = true;
            monitor.wake.release();
            mt.join();
            JobBench.CpuSnap c2 = new JobBench.CpuSnap(pids);
            JsonObject profile = null;
            if (profiler != null) {
                try {
                    profile = profiler.stop();
                } catch (Exception e) {
                    profile = Json.createObjectBuilder().add("error", e.toString()).build();
                }
            }

            double submitS = (b.tSubmitted - b.t0) / 1e9;
            boolean finished = monitor.tDone > 0;
            double e2eS = finished ? (monitor.tDone - b.t0) / 1e9 : -1;
            long completed = monitor.lastRemaining >= 0 ? b.accepted.get() - monitor.lastRemaining : -1;
            double completedAtS = (monitor.tLastStats - b.t0) / 1e9;
            double rate = finished ? n / e2eS : completed > 0 ? completed / completedAtS : 0;
            JobBench.say(String.format(java.util.Locale.ROOT, "Wharf: submitted %d in %.1f s (%.0f/s, %d errors); %s", b.accepted.get(), submitS,
                    b.accepted.get() / submitS, b.errors.get(),
                    finished ? String.format(java.util.Locale.ROOT, "all done after %.1f s (%.0f jobs/s end to end)", e2eS, rate)
                            : String.format(java.util.Locale.ROOT, "NOT all done within %d s: %d done after %.0f s (%.1f jobs/s)",
                            timeoutS, completed, completedAtS, rate)));

            JobBench.say("Wharf: verifying every job with GET /api/v1/jobs/{id}");
            long queueAtEnd = queueLength(queue);
            Verify v = verify(b, 8, a.lng("verify-timeout-s", 300));
            JsonValue after;
            try {
                after = stats();
            } catch (IOException e) {
                after = Json.createValue(e.getMessage());
            }

            double[] lat = b.latencyMs();
            int remainingAtSubmitEnd = monitor.remainingAtSubmitEnd;
            double drainS = finished && monitor.tSubmitEndPoll > 0 ? (monitor.tDone - monitor.tSubmitEndPoll) / 1e9 : -1;
            JsonObjectBuilder r = Json.createObjectBuilder()
                    .add("mode", "wharf").add("jobs", n).add("submitters", submitters).add("workers", workers)
                    .add("warmup_jobs", warmupJobs).add("warmup_round_jobs", warmup).add("warmup_rates", warmupRates)
                    .add("timeout_s", timeoutS).add("stats_interval_ms", statsEveryMs)
                    .add("profiled", profiler != null)
                    .add("submit", Json.createObjectBuilder()
                            .add("accepted", b.accepted.get()).add("errors", b.errors.get())
                            .add("first_error", b.firstError.get() == null ? "" : b.firstError.get())
                            .add("seconds", JobBench.round(submitS, 3))
                            .add("jobs_per_s", JobBench.round(b.accepted.get() / submitS, 1))
                            .add("latency_ms", Json.createObjectBuilder()
                                    .add("p50", JobBench.round(pct(lat, 50), 1)).add("p90", JobBench.round(pct(lat, 90), 1))
                                    .add("p99", JobBench.round(pct(lat, 99), 1)).add("max", JobBench.round(pct(lat, 100), 1)))
                            .add("done_by_workers_meanwhile", remainingAtSubmitEnd < 0 ? -1 : b.accepted.get() - remainingAtSubmitEnd)
                            .add("cpu", JobBench.CpuSnap.between(c0, c1)))
                    .add("end_to_end", Json.createObjectBuilder()
                            .add("finished", finished)
                            .add("seconds", JobBench.round(e2eS, 3))
                            .add("completed", finished ? n : completed)
                            .add("completed_at_s", JobBench.round(finished ? e2eS : completedAtS, 3))
                            .add("jobs_per_s", JobBench.round(rate, 2))
                            .add("worker_ms_per_job", JobBench.round(rate > 0 ? workers * 1000.0 / rate : -1, 3))
                            .add("last_update_time_s_after_first_submit", JobBench.round(v.lastUpdateEpochS - b.t0EpochMs / 1000.0, 1))
                            .add("queue_length_at_end", queueAtEnd)
                            .add("cpu", JobBench.CpuSnap.between(c0, c2)))
                    .add("drain", Json.createObjectBuilder()
                            .add("remaining_at_submit_end", remainingAtSubmitEnd)
                            .add("note", "from the stats poll right after the last submission to the end")
                            .add("seconds", JobBench.round(drainS, 3))
                            .add("jobs_per_s", JobBench.round(drainS > 0 && remainingAtSubmitEnd > 0 ? remainingAtSubmitEnd / drainS : -1, 1))
                            .add("worker_ms_per_job", JobBench.round(drainS > 0 && remainingAtSubmitEnd > 0
                                    ? workers * 1000.0 * drainS / remainingAtSubmitEnd : -1, 3))
                            .add("cpu", JobBench.CpuSnap.between(c1, c2)))
                    .add("stats_calls", Json.createObjectBuilder().add("calls", monitor.statsCalls).add("failures", monitor.statsFailures)
                            .add("first_failure", monitor.firstStatsFailure == null ? "" : monitor.firstStatsFailure)
                            .add("mean_ms", JobBench.round(monitor.statsCalls > 0 ? monitor.statsMsTotal / monitor.statsCalls : -1, 1))
                            .add("max_ms", JobBench.round(monitor.statsMsMax, 1)))
                    .add("verify", v.json)
                    .add("stats_before", before).add("stats_after", after)
                    .add("timeline_columns", "t_s (start of the sample), accepted (at its end), queue LLEN, then from /api/v1/stats when polled (else -1): "
                            + "pending, scheduled, running, queue_length, workers busy, stats ms")
                    .add("timeline", monitor.timeline.build());
            if (profile != null) r.add("profile", profile);
            JobBench.write(out, r.build());
            boolean ok = b.errors.get() == 0 && v.success == n && finished;
            return ok ? 0 : 1;
        } finally {
            redis.shutdown();
        }
    }

    static long queueLength(RQueue<String> queue) {
        try {
            return queue.size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // --- submission ----------------------------------------------------------------------------

    static final class Batch {
        final String[] ids;
        final long[] latencyNanos;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();
        volatile long t0;
        long t0EpochMs;
        volatile long tSubmitted;

        Batch(int n) {
            ids = new String[n];
            latencyNanos = new long[n];
        }

        void submitAll(int threads) throws InterruptedException {
            if (t0 == 0) t0 = System.nanoTime();
            t0EpochMs = System.currentTimeMillis() - (System.nanoTime() - t0) / 1_000_000;
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(this::submitLoop, "submit-" + t);
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) th.join();
            tSubmitted = System.nanoTime();
        }

        private void submitLoop() {
            try (KeepAliveHttp connection = new KeepAliveHttp(base + "/api/v1/jobs", auth, BODY)) {
                for (int i = next.getAndIncrement(); i < ids.length; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    try {
                        KeepAliveHttp.Answer resp = connection.send();
                        latencyNanos[i] = System.nanoTime() - s;
                        String id = resp.status() == 202 ? KeepAliveHttp.jobId(resp.body()) : null;
                        if (id != null) {
                            ids[i] = id;
                            accepted.incrementAndGet();
                        } else {
                            error("HTTP " + resp.status() + ": " + resp.body());
                        }
                    } catch (IOException | RuntimeException e) {
                        latencyNanos[i] = System.nanoTime() - s;
                        error(e.toString());
                    }
                }
            }
        }

        private void error(String why) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, why.length() > 300 ? why.substring(0, 300) : why);
        }

        double[] latencyMs() {
            return Arrays.stream(latencyNanos).filter(x -> x > 0).mapToDouble(x -> x / 1e6).sorted().toArray();
        }
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) return -1;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // --- stats ---------------------------------------------------------------------------------

    static JsonObject stats() throws IOException, InterruptedException {
        // Longer than Derby's lock wait (60 s): a poll that waits for locks ends with an answer
        // instead of leaving a request behind in the server and piling up the next ones.
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/stats")).timeout(Duration.ofSeconds(90))
                .header("Authorization", auth).GET().build();
        HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IOException("GET /api/v1/stats answered " + resp.statusCode() + ": " + resp.body());
        return JobBench.parse(resp.body());
    }

    static long count(JsonObject stats, String status) {
        JsonObject jobs = stats.getJsonObject("jobs");
        if (jobs == null || !jobs.containsKey("SAMPLE")) return 0;
        JsonValue v = jobs.getJsonObject("SAMPLE").get(status);
        return v == null ? 0 : jobs.getJsonObject("SAMPLE").getJsonNumber(status).longValue();
    }

    static long remaining(JsonObject stats) {
        return count(stats, "pending") + count(stats, "scheduled") + count(stats, "running");
    }

    static boolean waitIdle(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (remaining(stats()) == 0) return true;
            } catch (IOException e) {
                // try again
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /**
     * Watches the run cheaply: the queue's length in Redis once a second (every 200 ms after the
     * last submission), {@code /api/v1/stats} every stats-interval (it runs a GROUP BY over the job
     * table, not free; never more often than 3 times its last duration), right after the last
     * submission, and, to catch the end, about once a second once the queue is empty or fewer than
     * 300 jobs are left. The end is the first such stats poll showing no SAMPLE job pending,
     * scheduled or running.
     */
    static final class Monitor implements Runnable {
        final Batch batch;
        final RQueue<String> queue;
        final long timeoutNanos;
        final long statsEveryNanos;
        volatile boolean submittedAll;
        volatile long tDone;
        volatile int remainingAtSubmitEnd = -1;
        volatile long tSubmitEndPoll;
        volatile long lastRemaining = -1;
        volatile long tLastStats;
        int statsCalls;
        int statsFailures;
        String firstStatsFailure;
        double statsMsTotal;
        double statsMsMax;
        final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
        final JsonArrayBuilder timeline = Json.createArrayBuilder();

        Monitor(Batch batch, RQueue<String> queue, long timeoutS, long statsEveryMs) {
            this.batch = batch;
            this.queue = queue;
            this.timeoutNanos = timeoutS * 1_000_000_000L;
            this.statsEveryNanos = Math.max(1000, statsEveryMs) * 1_000_000L;
        }

        @Override
        public void run() {
            long lastStats = 0;
            long lastStatsNanos = 0;
            long lastRow = 0;
            boolean endPollDone = false;
            while (System.nanoTime() - batch.t0 < timeoutNanos) {
                boolean after = submittedAll;
                long now = System.nanoTime();
                long llen = queueLength(queue);
                // The stats query waits for row locks when the job table is busy (it took up to a
                // minute in some runs): the next poll waits at least 3 times as long as the last took,
                // so the monitor never keeps more than a quarter of the time a query of its own waiting.
                long every = Math.max(statsEveryNanos, 3 * lastStatsNanos);
                boolean nearEnd = after && (llen == 0 || (lastRemaining >= 0 && lastRemaining < 300));
                boolean poll = lastStats == 0 || now - lastStats >= every || (after && !endPollDone)
                        || (nearEnd && now - lastStats >= Math.max(1_000_000_000L, 3 * lastStatsNanos));
                JsonArrayBuilder row = Json.createArrayBuilder().add(JobBench.round((now - batch.t0) / 1e9, 2));
                long acceptedBefore = batch.accepted.get();
                if (poll) {
                    lastStats = now;
                    try {
                        JsonObject s = stats();
                        lastStatsNanos = System.nanoTime() - now;
                        double ms = lastStatsNanos / 1e6;
                        statsCalls++;
                        statsMsTotal += ms;
                        statsMsMax = Math.max(statsMsMax, ms);
                        long left = remaining(s);
                        lastRemaining = left;
                        tLastStats = now;
                        JsonObject workers = s.getJsonObject("workers");
                        // accepted when the answer came: the counts were taken at some point of the call
                        row.add(batch.accepted.get()).add(llen).add(count(s, "pending")).add(count(s, "scheduled")).add(count(s, "running"))
                                .add(s.getInt("queue_length", -1)).add(workers == null ? -1 : workers.getInt("busy", -1))
                                .add(JobBench.round(ms, 1));
                        if (after && !endPollDone) {
                            endPollDone = true;
                            remainingAtSubmitEnd = (int) left;
                            tSubmitEndPoll = now;
                        }
                        if (after && left == 0) {
                            tDone = now;
                            timeline.add(row);
                            return;
                        }
                    } catch (IOException e) {
                        lastStatsNanos = System.nanoTime() - now;
                        double ms = lastStatsNanos / 1e6;
                        statsCalls++;
                        statsFailures++;
                        statsMsTotal += ms;
                        statsMsMax = Math.max(statsMsMax, ms);
                        if (firstStatsFailure == null) firstStatsFailure = e.getMessage();
                        JobBench.say("stats poll failed after " + Math.round(ms) + " ms: " + e.getMessage());
                        row.add(batch.accepted.get()).add(llen).add(-1).add(-1).add(-1).add(-1).add(-1).add(JobBench.round(ms, 1));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!poll) row.add(acceptedBefore).add(llen);
                if (poll || now - lastRow >= 1_000_000_000L) {
                    timeline.add(row);
                    lastRow = now;
                }
                try {
                    wake.tryAcquire(after ? 200 : 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // --- verification --------------------------------------------------------------------------

    record Verify(JsonObject json, int success, double lastUpdateEpochS) {}

    static Verify verify(Batch b, int threads, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        AtomicInteger unverified = new AtomicInteger();
        Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> revisions = new ConcurrentHashMap<>();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger notFound = new AtomicInteger();
        AtomicInteger readErrors = new AtomicInteger();
        AtomicInteger noId = new AtomicInteger();
        AtomicReference<Long> lastUpdate = new AtomicReference<>(0L);
        List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < b.ids.length; i = next.getAndIncrement()) {
                    String id = b.ids[i];
                    if (System.nanoTime() > deadline) {
                        if (id != null) unverified.incrementAndGet();
                        continue;
                    }
                    if (id == null) {
                        noId.incrementAndGet();
                        continue;
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id))
                            .timeout(Duration.ofSeconds(30)).header("Authorization", auth).GET().build();
                    try {
                        HttpResponse<String> resp = null;
                        for (int attempt = 0; attempt < 3; attempt++) {
                            try {
                                resp = http.send(request, HttpResponse.BodyHandlers.ofString());
                                break;
                            } catch (IOException e) {
                                if (attempt == 2) throw e;
                            }
                        }
                        if (resp.statusCode() == 404) {
                            notFound.incrementAndGet();
                            if (examples.size() < 5) examples.add(id + ": 404");
                            continue;
                        }
                        if (resp.statusCode() != 200) {
                            readErrors.incrementAndGet();
                            if (examples.size() < 5) examples.add(id + ": HTTP " + resp.statusCode());
                            continue;
                        }
                        JsonObject job = JobBench.parse(resp.body()).getJsonObject("job");
                        String status = job.getString("status");
                        byStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        revisions.computeIfAbsent(job.getInt("revision", -1), k -> new AtomicInteger()).incrementAndGet();
                        if (job.getInt("fails", 0) > 0) retried.incrementAndGet();
                        long upd = job.getJsonNumber("update_time").longValue();
                        lastUpdate.accumulateAndGet(upd, Math::max);
                        if (!"Success".equals(status) && examples.size() < 5) {
                            examples.add(id + ": " + status + (job.containsKey("last_error") ? " (" + job.getString("last_error") + ")" : ""));
                        }
                    } catch (IOException | RuntimeException e) {
                        readErrors.incrementAndGet();
                        if (examples.size() < 5) examples.add(id + ": " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "verify-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        double verifyS = (System.nanoTime() - t0) / 1e9;
        int success = byStatus.getOrDefault("Success", new AtomicInteger()).get();
        int notFinal = 0;
        int failed = 0;
        JsonObjectBuilder st = Json.createObjectBuilder();
        for (var e : new TreeMap<>(byStatus).entrySet()) {
            st.add(e.getKey(), e.getValue().get());
            switch (e.getKey()) {
                case "Success" -> { }
                case "Pending", "Scheduled", "Running" -> notFinal += e.getValue().get();
                default -> failed += e.getValue().get();
            }
        }
        JsonObjectBuilder rev = Json.createObjectBuilder();
        new TreeMap<>(revisions).forEach((k, c) -> rev.add(String.valueOf(k), c.get()));
        JsonArrayBuilder ex = Json.createArrayBuilder();
        examples.forEach(ex::add);
        int lost = notFound.get() + readErrors.get();
        JsonObject json = Json.createObjectBuilder()
                .add("ids", b.ids.length - noId.get())
                .add("by_status", st)
                .add("success", success)
                .add("lost", lost)
                .add("lost_detail", Json.createObjectBuilder().add("not_found", notFound.get()).add("unreadable", readErrors.get()))
                .add("unfinished", notFinal)
                .add("unverified", unverified.get())
                .add("verify_timeout_s", timeoutS)
                .add("failed", failed)
                .add("retried", retried.get())
                .add("revisions", rev)
                .add("examples", ex)
                .add("seconds", JobBench.round(verifyS, 2))
                .build();
        return new Verify(json, success, lastUpdate.get());
    }
}

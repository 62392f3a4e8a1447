import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes latest.md and latest.json from the raw results of one run, and prints the summary table. */
final class Report {
    private Report() {}

    static int run(JobBench.Args a) throws IOException {
        JsonObject bare = JobBench.read(Path.of(a.need("bare")));
        JsonObject wharf = JobBench.read(Path.of(a.need("wharf")));
        JsonObject prof = a.str("profile", "").isEmpty() || !Files.exists(Path.of(a.str("profile", ""))) ? null
                : JobBench.read(Path.of(a.str("profile", "")));
        Path envDir = a.str("env-dir", "").isEmpty() ? null : Path.of(a.str("env-dir", ""));
        double target = Double.parseDouble(a.str("target", "500"));
        int workers = wharf.getInt("workers");
        int n = wharf.getInt("jobs");

        JsonObject e2e = wharf.getJsonObject("end_to_end");
        JsonObject submit = wharf.getJsonObject("submit");
        JsonObject drain = wharf.getJsonObject("drain");
        JsonObject verify = wharf.getJsonObject("verify");
        JsonObject pop = bare.getJsonObject("pop");
        JsonObject popLease = bare.getJsonObject("pop_lease");
        double rate = e2e.getJsonNumber("jobs_per_s").doubleValue();
        boolean finished = e2e.getBoolean("finished");
        int lost = verify.getInt("lost");
        int unfinished = verify.getInt("unfinished", 0);
        int unverified = verify.getInt("unverified", 0);
        int failed = verify.getInt("failed");
        int submitErrors = submit.getInt("errors");
        boolean ratePass = finished && rate >= target;
        boolean lossPass = lost == 0 && unfinished == 0 && unverified == 0 && failed == 0 && submitErrors == 0 && verify.getInt("success") == n;
        double wharfMs = e2e.getJsonNumber("worker_ms_per_job").doubleValue();
        double bareMs = pop.getJsonNumber("ms_per_op_per_thread").doubleValue();
        double bareLeaseMs = popLease.getJsonNumber("ms_per_op_per_thread").doubleValue();
        double drainMs = drain.getJsonNumber("worker_ms_per_job").doubleValue();
        JsonObject cpu = e2e.getJsonObject("cpu");
        double libertyCpuMs = num(cpu, "liberty_cpu_s") * 1000 / n;
        double redisCpuMs = num(cpu, "redis_cpu_s") * 1000 / n;
        double benchCpuMs = num(cpu, "bench_cpu_s") * 1000 / n;

        StringBuilder t = new StringBuilder();
        t.append("| Measure | Value | Target | Result |\n|---|---|---|---|\n");
        row(t, "Wharf end to end: " + fmt(n) + " SAMPLE jobs (sleep_ms 0), first submit to last Success",
                finished ? f("%.0f jobs/s (%.1f s)", rate, e2e.getJsonNumber("seconds").doubleValue())
                        : f("not all done within %d s: %d done after %.0f s = %.1f jobs/s", wharf.getInt("timeout_s"),
                        e2e.getJsonNumber("completed").longValue(), num(e2e, "completed_at_s"), rate),
                f("≥ %.0f jobs/s", target), ratePass ? "**PASS**" : "**MISS**");
        double[] first = firstMinute(wharf);
        if (first != null) {
            row(t, "Of which in the first " + f("%.0f", first[0]) + " s (before JobScheduler's 60 s stale-Pending re-enqueue can start)",
                    f("%.0f jobs done = %.1f jobs/s", first[1], first[1] / first[0]), "", "");
        }
        row(t, "Jobs lost / failed / not final when read back / submissions refused", lost + " / " + failed + " / " + unfinished + " / " + submitErrors
                + " (Success: " + verify.getInt("success") + " of " + fmt(n)
                + (unverified > 0 ? "; " + unverified + " not read back within " + verify.getInt("verify_timeout_s") + " s" : "") + ")",
                "0", lossPass ? "**PASS**" : "**MISS**");
        row(t, "Submission, " + wharf.getInt("submitters") + " concurrent submitters",
                f("%.0f jobs/s (%.1f s); latency p50 %.1f ms, p99 %.1f ms", num(submit, "jobs_per_s"), num(submit, "seconds"),
                        num(submit.getJsonObject("latency_ms"), "p50"), num(submit.getJsonObject("latency_ms"), "p99")), "", "");
        row(t, "Run by the workers during submission", fmt(submit.getInt("done_by_workers_meanwhile")) + " of " + fmt(n)
                + f(" (%.0f jobs/s)", submit.getInt("done_by_workers_meanwhile") / num(submit, "seconds")), "", "");
        row(t, "Drain after the last submission, " + workers + " workers",
                drain.getInt("remaining_at_submit_end") == 0 ? "nothing left"
                        : num(drain, "seconds") < 0 ? fmt(drain.getInt("remaining_at_submit_end")) + " jobs left when the submission ended; not drained in time"
                        : f("%s jobs in %.1f s: %.0f jobs/s = %.2f ms per job per worker", fmt(drain.getInt("remaining_at_submit_end")),
                        num(drain, "seconds"), num(drain, "jobs_per_s"), drainMs), "", "");
        long touched = 0;
        for (var e : verify.getJsonObject("revisions").entrySet()) {
            if (Integer.parseInt(e.getKey()) > 3) touched += ((jakarta.json.JsonNumber) e.getValue()).longValue();
        }
        row(t, "Pending jobs touched and queued a second time by JobScheduler (stale after 60 s)",
                f("%s of %s; ids still in the Redis queue after the last Success: %s", fmt((int) touched), fmt(n),
                        e2e.getJsonNumber("queue_length_at_end")), "", "");
        String derby = env(envDir, "derby-errors", null);
        if (derby != null) row(t, "Derby deadlocks and lock-wait timeouts in Liberty's log (each waits 20 s or 60 s first)", derby, "", "");
        row(t, "Bare Redisson push (offer), " + bare.getJsonObject("push").getInt("threads") + " threads",
                f("%.0f ids/s", num(bare.getJsonObject("push"), "ops_per_s")), "", "");
        row(t, "Bare Redisson pop (poll 1 s), " + pop.getInt("threads") + " threads",
                f("%.0f ids/s = %.3f ms per id per thread", num(pop, "ops_per_s"), bareMs), "", "");
        row(t, "Bare Redisson pop + lease SET NX + DEL, " + popLease.getInt("threads") + " threads",
                f("%.0f ids/s = %.3f ms per id per thread", num(popLease, "ops_per_s"), bareLeaseMs), "", "");
        row(t, "Wharf time per job per worker (" + workers + " workers, end to end)", f("%.2f ms", wharfMs), f("≤ %.1f ms", workers * 1000 / target), "");
        row(t, "Overhead per job over the bare queue pop (per worker)",
                f("%.2f ms (%.0f× the bare pop; %.2f ms over pop + lease)", wharfMs - bareMs, wharfMs / bareMs, wharfMs - bareLeaseMs), "", "");
        row(t, "CPU per job (submit + run), end to end",
                f("Liberty %.2f ms, Redis %.3f ms, this client %.2f ms", libertyCpuMs, redisCpuMs, benchCpuMs), "", "");
        JsonObject sc = wharf.getJsonObject("stats_calls");
        if (sc != null) {
            row(t, "GET /api/v1/stats while waiting (every " + wharf.getInt("stats_interval_ms") / 1000 + " s, more often at the end)",
                    f("%d calls, mean %.0f ms, max %.0f ms, %d failed", sc.getInt("calls"), num(sc, "mean_ms"), num(sc, "max_ms"),
                            sc.getInt("failures")) + (sc.getInt("failures") > 0 ? " (" + sc.getString("first_failure").replace("|", "/") + ")" : ""), "", "");
        }
        row(t, "Other work on the machine during the Wharf run",
                f("%.2f cores on average (machine busy %.2f of %s cores)", num(cpu, "other_cores_avg"), num(cpu, "machine_cores_avg"),
                        env(envDir, "cores", "?")), "", "");
        String verdict = (ratePass && lossPass ? "PASS" : "MISS") + f(": %.0f jobs/s end to end against a target of %.0f; ", rate, target)
                + (lossPass ? "none lost or failed" : lost + " lost, " + failed + " failed, " + unfinished + " not final when read back, "
                + (unverified > 0 ? unverified + " not read back, " : "") + submitErrors + " refused");

        StringBuilder md = new StringBuilder();
        md.append("# Wharf job-service benchmark: latest run\n\n");
        md.append("Generated by `bench/jobs/run.sh`; what is measured and how to read it: `bench/jobs/README.md`.\n\n");
        md.append("- Date: ").append(env(envDir, "date", "?")).append("; machine: ").append(env(envDir, "cores", "?"))
                .append(" cores, ").append(env(envDir, "cpu", "?")).append("; Java ").append(System.getProperty("java.version")).append('\n');
        md.append("- Wharf: commit ").append(env(envDir, "commit", "?")).append(", EAR built ").append(env(envDir, "ear", "?"))
                .append(", ").append(env(envDir, "db", "embedded Derby")).append(", Redis on loopback, JOBSERVICE_WORKERS=").append(workers).append('\n');
        md.append("- Load average before / after: ").append(env(envDir, "uptime-before", "?")).append(" / ")
                .append(env(envDir, "uptime-after", "?")).append('\n');
        md.append("- Run time of the whole script: ").append(env(envDir, "run-seconds", "?")).append(" s (stack start and stop included)\n");
        md.append("- Run: ").append(fmt(n)).append(" jobs after a warm-up of ").append(wharf.getInt("warmup_jobs"))
                .append(" jobs (rounds for at least 150 s, then until two agree within 5 %; submitted jobs/s: ")
                .append(wharf.containsKey("warmup_rates") ? wharf.getJsonArray("warmup_rates").toString() : "?").append("), ").append(wharf.getInt("submitters")).append(" submitters; verification GETs took ")
                .append(num(verify, "seconds")).append(" s\n\n");
        md.append("**").append(verdict).append("**\n\n");
        md.append(t).append('\n');
        md.append("Per worker: a worker that needs *x* ms per job gives at most ").append(workers)
                .append(" × 1000 / *x* jobs/s; the target needs ≤ ").append(f("%.1f", workers * 1000 / target))
                .append(" ms per job per worker (or more workers). Job revisions (3 = insert, claim, finish; more = touched again): `")
                .append(verify.getJsonObject("revisions")).append("`; retried jobs: ").append(verify.getInt("retried"))
                .append("; ids left in the Redis queue at the end: ").append(e2e.getJsonNumber("queue_length_at_end")).append(".\n\n");
        if (!verify.getJsonArray("examples").isEmpty()) md.append("Examples of jobs not in Success: `").append(verify.getJsonArray("examples")).append("`\n\n");
        timeline(md, wharf);
        md.append("CPU during the phases (seconds; `other` is the rest of the machine):\n\n```\n");
        md.append("submit : ").append(submit.getJsonObject("cpu")).append('\n');
        md.append("drain  : ").append(drain.getJsonObject("cpu")).append('\n');
        md.append("overall: ").append(cpu).append('\n');
        md.append("bare pop: ").append(pop.getJsonObject("cpu")).append("\n```\n\n");
        String top = env(envDir, "top-before", null);
        if (top != null) md.append("Busiest processes before the run (`top -bn1`):\n\n```\n").append(top.strip()).append("\n```\n\n");
        if (prof != null) profile(md, prof, false);
        else if (wharf.containsKey("profile")) profile(md, wharf, true);

        Files.createDirectories(Path.of(a.need("md")).toAbsolutePath().getParent());
        Files.writeString(Path.of(a.need("md")), md.toString(), StandardCharsets.UTF_8);
        JsonObjectBuilder all = Json.createObjectBuilder()
                .add("verdict", ratePass && lossPass ? "PASS" : "MISS")
                .add("target_jobs_per_s", target)
                .add("summary", Json.createObjectBuilder()
                        .add("end_to_end_jobs_per_s", rate).add("submit_jobs_per_s", num(submit, "jobs_per_s"))
                        .add("drain_jobs_per_s", num(drain, "jobs_per_s"))
                        .add("bare_pop_ops_per_s", num(pop, "ops_per_s")).add("bare_pop_lease_ops_per_s", num(popLease, "ops_per_s"))
                        .add("worker_ms_per_job", wharfMs).add("bare_ms_per_op", bareMs).add("overhead_ms_per_job", JobBench.round(wharfMs - bareMs, 3))
                        .add("liberty_cpu_ms_per_job", JobBench.round(libertyCpuMs, 3))
                        .add("lost", lost).add("failed", failed).add("unfinished", unfinished).add("unverified", unverified).add("submit_errors", submitErrors)
                        .add("other_cores_avg", num(cpu, "other_cores_avg")))
                .add("environment", envJson(envDir))
                .add("bare_redisson", bare).add("wharf", wharf);
        if (prof != null) all.add("profiled_run", prof);
        JobBench.write(Path.of(a.need("json")), all.build());

        System.out.println();
        System.out.println(verdict);
        System.out.println();
        System.out.print(t);
        return 0;
    }

    private static void profile(StringBuilder md, JsonObject run, boolean measured) {
        JsonObject p = run.getJsonObject("profile");
        if (p == null) return;
        if (measured) {
            md.append("## Where the time goes (recorded during the measured run)\n\n");
            md.append("A JFR recording (the JDK's `profile` settings, file I/O events from 0 ms) and a thread dump a second, both through ")
                    .append("the attach API; they cost the run a few per cent at most.\n\n");
        } else {
            md.append("## Where the time goes (a separate profiled run of ").append(fmt(run.getInt("jobs"))).append(" jobs)\n\n");
            md.append(f("That run: %.1f jobs/s end to end, submission %.0f jobs/s.\n\n",
                    num(run.getJsonObject("end_to_end"), "jobs_per_s"), num(run.getJsonObject("submit"), "jobs_per_s")));
        }
        if (p.containsKey("error")) {
            md.append("Profiling failed: ").append(p.getString("error")).append("\n\n");
            return;
        }
        JsonObject dumps = p.getJsonObject("thread_dumps");
        md.append("### Wall clock of the threads, from thread dumps once a second (").append(dumps.getJsonObject("dumps_per_phase"))
                .append(")\n\n");
        md.append("`submit` = submitters and workers at once; `drain` = workers alone. `workers` = the 4 job workers; `executor` = ")
                .append("Liberty's Default Executor threads (the HTTP requests, and the JobScheduler tick once a second). ")
                .append("Stage = the outermost job-service method the thread was in below the request or worker loop; % of thread samples.\n\n");
        JsonObject stages = dumps.getJsonObject("stages");
        JsonObject detail = dumps.getJsonObject("detail");
        for (String phase : stages.keySet()) {
            for (String group : stages.getJsonObject(phase).keySet()) {
                md.append("**").append(group).append(", ").append(phase).append("** (").append(stages.getJsonObject(phase).getJsonObject(group).getInt("total"))
                        .append(" thread samples)\n\n| Stage | % |\n|---|---|\n");
                for (JsonValue r : stages.getJsonObject(phase).getJsonObject(group).getJsonArray("top")) {
                    JsonArray row = r.asJsonArray();
                    md.append("| ").append(row.getString(0)).append(" | ").append(row.getJsonNumber(2)).append(" |\n");
                }
                md.append("\n<details><summary>detail: innermost Wharf frame > component it called [native leaf]</summary>\n\n| Where | % |\n|---|---|\n");
                JsonObject d = detail.getJsonObject(phase) == null ? null : detail.getJsonObject(phase).getJsonObject(group);
                if (d != null) {
                    for (JsonValue r : d.getJsonArray("top")) {
                        JsonArray row = r.asJsonArray();
                        md.append("| ").append(row.getString(0).replace("|", "\\|")).append(" | ").append(row.getJsonNumber(2)).append(" |\n");
                    }
                }
                md.append("\n</details>\n\n");
            }
        }
        JsonObject jfr = p.getJsonObject("jfr");
        if (jfr == null) {
            md.append("JFR: ").append(p.getString("jfr_error", "no recording")).append("\n\n");
            return;
        }
        md.append("### CPU samples (JFR `jdk.ExecutionSample`, ").append(jfr.getJsonNumber("execution_samples")).append(" samples over ")
                .append(jfr.getJsonNumber("seconds")).append(" s)\n\nBy the library running (innermost non-JDK frame), all threads:\n\n| Component | % |\n|---|---|\n");
        for (JsonValue r : jfr.getJsonObject("components_all_threads").getJsonArray("top")) {
            JsonArray row = r.asJsonArray();
            md.append("| ").append(row.getString(0)).append(" | ").append(row.getJsonNumber(2)).append(" |\n");
        }
        md.append("\nBy thread group (samples; top components; top innermost Wharf frames):\n\n");
        JsonObject groups = jfr.getJsonObject("by_thread_group");
        int shown = 0;
        for (String g : groups.keySet()) {
            if (shown++ >= 6) break;
            JsonObject go = groups.getJsonObject(g);
            md.append("- **").append(g).append("** ").append(go.getInt("samples")).append(" samples: ")
                    .append(inline(go.getJsonObject("components"), 5)).append("; Wharf frames: ")
                    .append(inline(go.getJsonObject("wharf_frames"), 5)).append('\n');
        }
        md.append("\nFile I/O (JFR, every event): event and file kind, count, total ms, max ms\n\n```\n");
        for (JsonValue r : jfr.getJsonObject("file_io").getJsonArray("rows")) md.append(r).append('\n');
        md.append("```\n\nMonitor contention ≥ 10 ms: `").append(jfr.getJsonObject("monitor_enter").getJsonArray("rows"))
                .append("`; GC: ").append(jfr.getJsonObject("gc")).append("\n\n");
        md.append("Raw: the recording `").append(p.getString("jfr_file")).append("` and the thread dumps next to it (`jfr print --events jdk.ExecutionSample FILE`).\n");
    }

    /** The course of the run: the first stats poll after every 30 s mark. */
    private static void timeline(StringBuilder md, JsonObject wharf) {
        JsonArray tl = wharf.getJsonArray("timeline");
        if (tl == null || tl.isEmpty()) return;
        md.append("Course of the run (from the `/api/v1/stats` polls; done = accepted − pending − scheduled − running):\n\n")
                .append("| t (s) | accepted | done | jobs/s since previous row | pending | running | Redis queue length | workers busy | stats call ms |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        double next = 0;
        double lastT = 0;
        long lastDone = 0;
        JsonArray last = null;
        for (JsonValue v : tl) {
            JsonArray r = v.asJsonArray();
            if (r.size() < 9 || r.getJsonNumber(3).longValue() < 0) continue;
            last = r;
            double t = r.getJsonNumber(0).doubleValue();
            if (t < next) continue;
            lastDone = timelineRow(md, r, lastT, lastDone);
            lastT = t;
            next = (Math.floor(t / 30) + 1) * 30;
        }
        if (last != null && last.getJsonNumber(0).doubleValue() > lastT) timelineRow(md, last, lastT, lastDone);
        md.append('\n');
    }

    private static long timelineRow(StringBuilder md, JsonArray r, double lastT, long lastDone) {
        double t = r.getJsonNumber(0).doubleValue();
        long accepted = r.getJsonNumber(1).longValue();
        long left = r.getJsonNumber(3).longValue() + r.getJsonNumber(4).longValue() + r.getJsonNumber(5).longValue();
        long done = Math.max(0, accepted - left);
        md.append(f("| %.0f | %d | %d | %s | %d | %d | %d | %d | %.0f |\n", t, accepted, done,
                t > lastT ? f("%.1f", (done - lastDone) / (t - lastT)) : "", r.getJsonNumber(3).longValue(), r.getJsonNumber(5).longValue(),
                r.getJsonNumber(2).longValue(), r.getJsonNumber(7).longValue(), r.getJsonNumber(8).doubleValue()));
        return done;
    }

    /** Seconds and jobs done at the last stats poll within the first 60 s, from the timeline. */
    private static double[] firstMinute(JsonObject wharf) {
        JsonArray tl = wharf.getJsonArray("timeline");
        if (tl == null) return null;
        double[] best = null;
        for (JsonValue v : tl) {
            JsonArray r = v.asJsonArray();
            if (r.size() < 9) continue;
            double t = r.getJsonNumber(0).doubleValue();
            long pending = r.getJsonNumber(3).longValue();
            // only quick polls: a poll that waited for locks counted the jobs at some unknown moment
            if (t < 20 || t > 60.5 || pending < 0 || r.getJsonNumber(8).doubleValue() > 2000) continue;
            long left = pending + r.getJsonNumber(4).longValue() + r.getJsonNumber(5).longValue();
            best = new double[] {t, r.getJsonNumber(1).longValue() - left};
        }
        return best;
    }

    private static String inline(JsonObject topN, int n) {
        StringBuilder s = new StringBuilder();
        int i = 0;
        for (JsonValue r : topN.getJsonArray("top")) {
            if (i++ >= n) break;
            JsonArray row = r.asJsonArray();
            if (s.length() > 0) s.append(", ");
            s.append(row.getString(0)).append(' ').append(row.getJsonNumber(2)).append('%');
        }
        return s.toString();
    }

    private static JsonObject envJson(Path dir) throws IOException {
        JsonObjectBuilder o = Json.createObjectBuilder();
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) o.add(f.getFileName().toString(), Files.readString(f).strip());
            }
        }
        return o.build();
    }

    private static String env(Path dir, String key, String def) {
        if (dir == null) return def;
        try {
            Path f = dir.resolve(key);
            return Files.exists(f) ? Files.readString(f).strip() : def;
        } catch (IOException e) {
            return def;
        }
    }

    private static void row(StringBuilder t, String what, String value, String target, String result) {
        t.append("| ").append(what).append(" | ").append(value).append(" | ").append(target).append(" | ").append(result).append(" |\n");
    }

    private static double num(JsonObject o, String key) {
        return o != null && o.containsKey(key) && o.get(key).getValueType() == JsonValue.ValueType.NUMBER ? o.getJsonNumber(key).doubleValue() : -1;
    }

    private static String fmt(int n) { return String.format(Locale.ROOT, "%,d", n); }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job-service benchmark of Wharf (see bench/jobs/README.md).
 *
 * <pre>
 *   JobBench redisson --redis-port P --out bare.json [--jobs 10000] [--workers 4] [--pushers 16]
 *   JobBench wharf    --url http://127.0.0.1:28180 --secret-file F --out wharf.json [--jobs 10000]
 *                     [--submitters 16] [--workers 4] [--timeout-s 600] [--warmup 5000] [--warmup-min-s 150] [--warmup-max-s 400]
 *                     [--liberty-pid PID] [--redis-pid PID] [--profile-dir DIR]
 *   JobBench report   --bare bare.json --wharf wharf.json [--profile profile.json] [--env env.json]
 *                     --md latest.md --json latest.json [--target 500]
 *   JobBench analyse  --jfr FILE [--dumps DIR]   (re-reads a recording and kept thread dumps)
 *   JobBench quiet    --max-wait-s 60 [--threshold 30] [--pids P1,P2]
 *                     waits (bounded) until the rest of the machine uses under threshold % of a core
 * </pre>
 *
 * Everything talks to 127.0.0.1 only.
 */
public final class JobBench {
    private JobBench() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: JobBench redisson|wharf|report --option value ...");
            System.exit(2);
        }
        Args a = new Args(argv);
        int rc = switch (argv[0]) {
            case "redisson" -> BareRedisson.run(a);
            case "wharf" -> WharfJobs.run(a);
            case "report" -> Report.run(a);
            case "quiet" -> quiet(a);
            case "analyse" -> Profiler.offline(a);
            default -> {
                System.err.println("unknown mode " + argv[0]);
                yield 2;
            }
        };
        System.exit(rc);
    }

    /**
     * Waits, at most max-wait-s, until the machine apart from the given processes (the stack under
     * test) uses less than threshold % of one core over 2 s; prints that load and the wait.
     */
    static int quiet(Args a) throws InterruptedException {
        long max = a.lng("max-wait-s", 60);
        double threshold = Double.parseDouble(a.str("threshold", "30"));
        CpuSnap.hz = a.lng("clk-tck", 100);
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String p : a.str("pids", "").split(",")) if (!p.isBlank()) pids.put("p" + p.trim(), Long.parseLong(p.trim()));
        pids.put("self", ProcessHandle.current().pid());
        long start = System.nanoTime();
        double load;
        while (true) {
            CpuSnap s0 = new CpuSnap(pids);
            Thread.sleep(2000);
            JsonObject d = CpuSnap.between(s0, new CpuSnap(pids));
            load = 100 * d.getJsonNumber("other_cores_avg").doubleValue();
            if (load < threshold || System.nanoTime() - start > max * 1_000_000_000L) break;
            Thread.sleep(3000);
        }
        System.out.printf(java.util.Locale.ROOT, "%.0f %d%n", load, (System.nanoTime() - start) / 1_000_000_000L);
        return 0;
    }

    static void say(String s) { System.err.println("jobbench: " + s); }

    /** --key value options after the mode. */
    static final class Args {
        private final Map<String, String> values = new HashMap<>();

        Args(String[] argv) {
            for (int i = 1; i < argv.length; i++) {
                if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected " + argv[i]);
                String key = argv[i].substring(2);
                if (i + 1 >= argv.length) throw new IllegalArgumentException("--" + key + " needs a value");
                values.put(key, argv[++i]);
            }
        }

        String str(String key, String def) { return values.getOrDefault(key, def); }

        String need(String key) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) throw new IllegalArgumentException("--" + key + " is required");
            return v;
        }

        int integer(String key, int def) { return values.containsKey(key) ? Integer.parseInt(values.get(key)) : def; }

        long lng(String key, long def) { return values.containsKey(key) ? Long.parseLong(values.get(key)) : def; }
    }

    // --- JSON -----------------------------------------------------------------------------------

    static JsonObject parse(String s) {
        try (JsonReader r = Json.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }

    static JsonObject read(Path p) throws IOException { return parse(Files.readString(p, StandardCharsets.UTF_8)); }

    static String pretty(JsonValue v) {
        JsonWriterFactory f = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        StringWriter out = new StringWriter();
        try (JsonWriter w = f.createWriter(out)) {
            w.write(v);
        }
        return out.toString().trim() + "\n";
    }

    static void write(Path p, JsonValue v) throws IOException {
        if (p.getParent() != null) Files.createDirectories(p.getParent());
        Files.writeString(p, pretty(v), StandardCharsets.UTF_8);
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return -1;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    // --- CPU accounting from /proc ---------------------------------------------------------------

    /** CPU seconds of the machine (busy, all cores) and of named processes, at one instant. */
    static final class CpuSnap {
        static long hz = 100;
        final long nanos = System.nanoTime();
        final double machineBusy;
        final Map<String, Double> procs = new LinkedHashMap<>();

        CpuSnap(Map<String, Long> pids) {
            machineBusy = machineBusySeconds();
            pids.forEach((name, pid) -> procs.put(name, processSeconds(pid)));
        }

        /** What each process, the rest of the machine ("other") and the whole machine used in between. */
        static JsonObject between(CpuSnap a, CpuSnap b) {
            double wall = (b.nanos - a.nanos) / 1e9;
            JsonObjectBuilder o = Json.createObjectBuilder().add("wall_s", round(wall, 3));
            double named = 0;
            for (var e : b.procs.entrySet()) {
                Double before = a.procs.get(e.getKey());
                if (e.getValue() < 0 || before == null || before < 0) continue;
                double used = e.getValue() - before;
                named += used;
                o.add(e.getKey() + "_cpu_s", round(used, 2));
            }
            double machine = b.machineBusy - a.machineBusy;
            o.add("machine_cpu_s", round(machine, 2));
            o.add("other_cpu_s", round(Math.max(0, machine - named), 2));
            o.add("other_cores_avg", round(wall > 0 ? Math.max(0, machine - named) / wall : 0, 2));
            o.add("machine_cores_avg", round(wall > 0 ? machine / wall : 0, 2));
            return o.build();
        }

        static double machineBusySeconds() {
            try {
                String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
                String[] f = line.trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return (total - idle) / (double) hz;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        static double processSeconds(long pid) {
            if (pid <= 0) return -1;
            try {
                String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
                // after "pid (comm) ": state is field 3, utime field 14, stime field 15
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) hz;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}

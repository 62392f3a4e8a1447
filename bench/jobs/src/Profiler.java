import com.sun.tools.attach.VirtualMachine;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import sun.tools.attach.HotSpotVirtualMachine;

/**
 * Where the time goes inside Liberty while the jobs run, from two sources (both through the attach
 * API, the way jcmd does it, without starting a jcmd JVM per sample):
 *
 * <ul>
 *   <li>thread dumps ({@code Thread.print}) every second: the wall-clock state of the job workers and
 *       of the HTTP threads, counted per phase (submit: submitters and workers at once; drain:
 *       workers alone) by the innermost io.wharf frame and the component under it;</li>
 *   <li>a JFR recording (the JDK's profile settings, with file I/O recorded from 0 ms): CPU samples
 *       ({@code jdk.ExecutionSample}) per thread group and component, file writes and forces per
 *       file kind (Derby log, Derby data, job logs), monitor contention and GC pauses.</li>
 * </ul>
 */
final class Profiler {
    private final long pid;
    private final Path dir;
    private HotSpotVirtualMachine vm;
    private volatile String phase = "submit";
    private volatile boolean running;
    private Thread sampler;
    private long t0;
    private final Map<String, Map<String, Map<String, Integer>>> dumpCounts = new LinkedHashMap<>(); // phase -> group -> key -> n
    private final Map<String, Map<String, Map<String, Integer>>> stageCounts = new LinkedHashMap<>();
    private final Map<String, Integer> dumpsPerPhase = new LinkedHashMap<>();
    private int dumpFailures;

    Profiler(long pid, Path dir) {
        if (pid <= 0) throw new IllegalArgumentException("--profile-dir needs --liberty-pid");
        this.pid = pid;
        this.dir = dir;
    }

    void start() throws Exception {
        Files.createDirectories(dir);
        vm = (HotSpotVirtualMachine) VirtualMachine.attach(String.valueOf(pid));
        Path jfc = dir.resolve("jobbench.jfc");
        Files.writeString(jfc, settings());
        jcmd("JFR.start name=jobbench settings=" + jfc.toAbsolutePath());
        t0 = System.nanoTime();
        running = true;
        sampler = new Thread(this::sample, "thread-dumps");
        sampler.setDaemon(true);
        sampler.start();
    }

    void phase(String p) { phase = p; }

    JsonObject stop() throws Exception {
        running = false;
        sampler.interrupt();
        sampler.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path jfr = dir.resolve("wharf.jfr").toAbsolutePath();
        jcmd("JFR.stop name=jobbench filename=" + jfr);
        vm.detach();
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("seconds", JobBench.round(seconds, 1))
                .add("jfr_file", jfr.toString())
                .add("thread_dumps", dumps());
        try {
            o.add("jfr", analyse(jfr));
        } catch (IOException | RuntimeException e) {
            o.add("jfr_error", e.toString());
        }
        return o.build();
    }

    private String jcmd(String command) throws IOException {
        // Not readAllBytes: the attach stream mishandles reads at an offset and it stops at 4 KiB.
        try (InputStream in = vm.executeJCmd(command)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            for (int n = in.read(buf); n != -1; n = in.read(buf)) out.write(buf, 0, n);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The JDK's profile settings, with every file read, write and force recorded (threshold 0). */
    private static String settings() throws IOException {
        String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        Matcher m = Pattern.compile("(<event name=\"jdk\\.(?:FileWrite|FileRead|FileForce)\">.*?<setting name=\"threshold\"[^>]*>)[^<]*(</setting>)",
                Pattern.DOTALL).matcher(jfc);
        return m.replaceAll("$10 ms$2");
    }

    /** Re-analyses a recording (and the thread dumps kept next to it), printing the JSON. */
    static int offline(JobBench.Args a) throws IOException {
        JsonObjectBuilder o = Json.createObjectBuilder();
        o.add("jfr", analyse(Path.of(a.need("jfr"))));
        if (!a.str("dumps", "").isEmpty()) {
            Profiler p = new Profiler(1, Path.of(a.str("dumps", "")));
            try (var files = Files.list(Path.of(a.str("dumps", "")))) {
                for (Path f : files.filter(x -> x.getFileName().toString().startsWith("threads-")).sorted().toList()) {
                    String name = f.getFileName().toString();
                    String phase = name.replaceAll("^threads-\\d+-(\\w+)\\.txt$", "$1");
                    p.dumpsPerPhase.merge(phase, 1, Integer::sum);
                    p.count(phase, Files.readString(f));
                }
            }
            o.add("thread_dumps", p.dumps());
        }
        System.out.print(JobBench.pretty(o.build()));
        return 0;
    }

    // --- thread dumps --------------------------------------------------------------------------

    private void sample() {
        int i = 0;
        while (running) {
            try {
                String dump = jcmd("Thread.print");
                String p = phase;
                i++;
                if (i % 10 == 1) Files.writeString(dir.resolve(String.format("threads-%04d-%s.txt", i, p)), dump); // every 10th kept
                synchronized (this) {
                    dumpsPerPhase.merge(p, 1, Integer::sum);
                    count(p, dump);
                }
            } catch (IOException | RuntimeException e) {
                dumpFailures++;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void count(String p, String dump) {
        String name = null;
        List<String> frames = new ArrayList<>();
        for (String line : (dump + "\n\"end\"").split("\n")) {
            if (line.startsWith("\"")) {
                if (name != null) record(p, name, frames);
                name = line.substring(1, line.indexOf('"', 1));
                frames = new ArrayList<>();
            } else if (line.startsWith("\tat ")) {
                frames.add(line.substring(4).trim());
            }
        }
    }

    private void record(String p, String thread, List<String> frames) {
        String group = group(thread);
        if (group == null) return;
        List<String> methods = frames.stream().map(f -> f.contains("(") ? f.substring(0, f.indexOf('(')) : f).toList();
        boolean nativeLeaf = !frames.isEmpty() && frames.get(0).contains("Native Method");
        String key = wallKey(methods, nativeLeaf);
        dumpCounts.computeIfAbsent(p, k -> new LinkedHashMap<>()).computeIfAbsent(group, k -> new HashMap<>()).merge(key, 1, Integer::sum);
        stageCounts.computeIfAbsent(p, k -> new LinkedHashMap<>()).computeIfAbsent(group, k -> new HashMap<>())
                .merge(stage(methods), 1, Integer::sum);
    }

    static String group(String thread) {
        if (thread.startsWith("wharf-job-worker-")) return "workers";
        if (thread.startsWith("Default Executor-thread-")) return "executor";
        return null;
    }

    /** Innermost io.wharf frame, the component under it, and a native leaf (a wait, a socket, a file). */
    static String wallKey(List<String> methods, boolean nativeLeaf) {
        int w = -1;
        for (int i = 0; i < methods.size(); i++) {
            if (methods.get(i).startsWith("io.wharf.")) {
                w = i;
                break;
            }
        }
        String leaf = methods.isEmpty() ? "?" : shortMethod(methods.get(0));
        if (w < 0) {
            if (nativeLeaf && (leaf.contains("park") || leaf.contains("wait") || leaf.contains("epoll"))) return "idle (no Wharf frame) [" + leaf + "]";
            return "no Wharf frame > " + componentBelow(methods, methods.size()) + (nativeLeaf ? " [" + leaf + "]" : "");
        }
        String below = w == 0 ? "Wharf" : componentBelow(methods, w);
        String inner = w == 0 ? below : innermostComponent(methods.subList(0, w));
        String wait = waitKind(methods);
        return wharfMethod(methods.get(w)) + " > " + below + (inner.equals(below) ? "" : " … " + inner)
                + (wait != null ? " [" + wait + "]" : nativeLeaf ? " [" + leaf + "]" : "");
    }

    /** What a thread inside Derby waits for: a row lock, or the transaction log (group commit). */
    static String waitKind(List<String> methods) {
        boolean lock = false;
        boolean write = false;
        boolean logFlush = false;
        boolean logIo = false;
        for (String m : methods) {
            if (m.endsWith("ActiveLock.waitForGrant")) lock = true;
            if (m.endsWith("RowLocking3.lockRecordForWrite") || m.endsWith("RowLocking2.lockRecordForWrite")) write = true;
            if (m.contains("derby.impl.store.raw.log.LogToFile.flush") || m.contains("derby.impl.store.raw.log.FileLogger.flush")) logFlush = true;
            if (m.contains("derby.impl.store.raw.log.LogAccessFile")) logIo = true;
        }
        if (lock) return "Derby row lock wait, " + (write ? "to write" : "to read");
        if (logIo) return "writing and syncing the Derby log";
        if (logFlush) {
            boolean waiting = !methods.isEmpty() && methods.get(0).equals("java.lang.Object.wait");
            return waiting ? "waiting for another commit's Derby log sync" : "Derby log flush";
        }
        return null;
    }

    private static final java.util.Set<String> OUTER = java.util.Set.of(
            "WorkerPool", "JobRunner", "JobResource", "JobStatsResource", "JobService", "JobScheduler");

    /**
     * A coarse stage: what the thread does (worker, submit, stats, scheduler tick, ...) and the
     * outermost job-service helper it is in (JobStore.claim, JobQueue.take, JobLog.write, ...).
     */
    static String stage(List<String> methods) {
        String context = null;
        String innermostOuter = null;
        for (int i = methods.size() - 1; i >= 0; i--) {
            if (!methods.get(i).startsWith("io.wharf.")) continue;
            String m = wharfMethod(methods.get(i));
            String cls = m.replaceAll("[$\\[.].*$", "");
            String method = m.substring(m.lastIndexOf('.') + 1);
            if (context == null) {
                context = switch (cls) {
                    case "WorkerPool", "JobRunner" -> "worker";
                    case "JobScheduler" -> "scheduler tick";
                    case "JobStatsResource" -> "GET stats";
                    case "JobResource" -> method.equals("submit") ? "POST job" : "job " + method;
                    default -> cls;
                };
            }
            if (OUTER.contains(cls)) {
                innermostOuter = m;
                continue;
            }
            return context + " › " + m.replace("[proxy]", "").replace("[EJB]", "");
        }
        if (context == null) {
            boolean idle = !methods.isEmpty() && (methods.get(0).contains("park") || methods.get(0).contains("wait") || methods.get(0).contains("EPoll"));
            return idle ? "idle" : "no Wharf frame (container code)";
        }
        return context + " › " + innermostOuter + " (own code and what it calls)";
    }

    static String wharfMethod(String m) {
        String s = m.replaceFirst("^io\\.wharf\\.(?:[a-z]+\\.)+", "");
        s = s.replaceAll("EJSLocal(?:NoInterface|NSL)?(\\w+?)_[0-9a-f]+", "$1[EJB]");
        s = s.replace("$EnterpriseProxy$", "[EJB]");
        s = s.replaceAll("\\$Proxy\\$_\\$\\$_Weld\\w*", "[proxy]");
        s = s.replaceAll("\\$\\$Lambda\\$[0-9]+/0x[0-9a-f]+", "\\$lambda");
        return s;
    }

    static String shortMethod(String m) {
        String[] parts = m.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : m;
    }

    private static boolean jdk(String m) {
        return m.startsWith("java.") || m.startsWith("jdk.") || m.startsWith("sun.") || m.startsWith("javax.");
    }

    /** The component of the outermost non-JDK frame in methods[0, end) (the code the Wharf frame called). */
    static String componentBelow(List<String> methods, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (!jdk(methods.get(i))) return component(methods.get(i));
        }
        return end > 0 ? "JDK " + jdkArea(methods.get(0)) : "JDK";
    }

    /** The component of the innermost non-JDK frame (the library that is running). */
    static String innermostComponent(List<String> methods) {
        for (String m : methods) {
            if (!jdk(m)) return component(m);
        }
        return methods.isEmpty() ? "?" : "JDK " + jdkArea(methods.get(0));
    }

    static String jdkArea(String m) {
        if (m.startsWith("java.io.") || m.startsWith("sun.nio.fs.") || m.startsWith("sun.nio.ch.FileChannel")
                || m.startsWith("sun.nio.ch.FileDispatcher") || m.startsWith("java.nio.file.")) return "(file I/O)";
        if (m.startsWith("sun.nio.ch.") || m.startsWith("java.net.") || m.startsWith("sun.net.")) return "(network)";
        if (m.startsWith("java.util.regex.")) return "(regex)";
        if (m.startsWith("java.util.concurrent.") || m.startsWith("jdk.internal.misc.Unsafe")) return "(concurrency)";
        if (m.startsWith("java.lang.invoke.") || m.startsWith("java.lang.reflect.") || m.startsWith("jdk.internal.reflect.")) return "(reflection)";
        if (m.startsWith("java.lang.String") || m.startsWith("java.lang.AbstractStringBuilder")) return "(strings)";
        return "(" + m.replaceAll("^((?:[a-z0-9]+\\.){1,2}).*$", "$1").replaceAll("\\.$", "") + ")";
    }

    static String component(String m) {
        if (m.startsWith("io.wharf.")) return "Wharf";
        if (m.startsWith("org.apache.derby.")) return "Derby";
        if (m.startsWith("org.eclipse.persistence.")) return "EclipseLink (JPA)";
        if (m.startsWith("org.redisson.") || m.startsWith("io.netty.")) return "Redisson/Netty";
        if (m.startsWith("com.ibm.tx.") || m.startsWith("com.ibm.ws.tx.") || m.startsWith("com.ibm.ws.Transaction")) return "Liberty transactions";
        if (m.startsWith("com.ibm.ejs.j2c.") || m.startsWith("com.ibm.ws.rsadapter.") || m.startsWith("com.ibm.ws.jca.")) return "Liberty connection pool (JCA/JDBC)";
        if (m.startsWith("com.ibm.ejs.") || m.startsWith("com.ibm.ws.ejbcontainer.")) return "Liberty EJB container";
        if (m.startsWith("org.jboss.weld.") || m.startsWith("com.ibm.ws.cdi.")) return "CDI (Weld)";
        if (m.startsWith("org.apache.cxf.") || m.startsWith("com.ibm.ws.jaxrs")) return "JAX-RS (CXF)";
        if (m.startsWith("com.ibm.ws.concurrent.") || m.startsWith("com.ibm.ws.context.") || m.startsWith("com.ibm.ws.threading.")
                || m.startsWith("com.ibm.ws.concurrency.")) return "Liberty concurrency/threads";
        if (m.startsWith("com.ibm.ws.webcontainer") || m.startsWith("com.ibm.ws.http") || m.startsWith("com.ibm.ws.channel")
                || m.startsWith("com.ibm.wsspi.") || m.startsWith("com.ibm.io.") || m.startsWith("com.ibm.ws.tcpchannel")
                || m.startsWith("com.ibm.ws.transport")) return "Liberty HTTP/web container";
        if (m.startsWith("com.ibm.ws.security") || m.startsWith("com.ibm.ws.webcontainer.security")) return "Liberty security";
        if (m.startsWith("com.ibm.ws.logging") || m.startsWith("com.ibm.websphere.ras") || m.startsWith("com.ibm.ws.kernel.boot.logging")) return "Liberty logging";
        if (m.startsWith("org.eclipse.parsson.") || m.startsWith("org.glassfish.json.")) return "JSON-P (Parsson)";
        if (m.startsWith("com.ibm.")) return "Liberty other (" + m.replaceAll("^com\\.ibm\\.((?:ws|ejs|wsspi)\\.)?([a-z0-9]+).*$", "$2") + ")";
        String[] p = m.split("\\.");
        return p.length > 3 ? p[0] + "." + p[1] + "." + p[2] : m;
    }

    private synchronized JsonObject dumps() {
        JsonObjectBuilder o = Json.createObjectBuilder().add("failures", dumpFailures);
        JsonObjectBuilder per = Json.createObjectBuilder();
        dumpsPerPhase.forEach(per::add);
        o.add("dumps_per_phase", per);
        o.add("detail", table(dumpCounts, 15));
        o.add("stages", table(stageCounts, 20));
        return o.build();
    }

    private static JsonObject table(Map<String, Map<String, Map<String, Integer>>> counts, int top) {
        JsonObjectBuilder phases = Json.createObjectBuilder();
        counts.forEach((p, groups) -> {
            JsonObjectBuilder g = Json.createObjectBuilder();
            groups.forEach((group, keys) -> g.add(group, topN(keys, top)));
            phases.add(p, g);
        });
        return phases.build();
    }

    static JsonObject topN(Map<String, Integer> counts, int n) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        JsonArrayBuilder rows = Json.createArrayBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> rows.add(Json.createArrayBuilder().add(e.getKey()).add(e.getValue())
                        .add(JobBench.round(100.0 * e.getValue() / Math.max(1, total), 1))));
        return Json.createObjectBuilder().add("total", total).add("top", rows).build();
    }

    // --- JFR -----------------------------------------------------------------------------------

    static JsonObject analyse(Path jfr) throws IOException {
        Map<String, Integer> samplesByGroup = new HashMap<>();
        Map<String, Map<String, Integer>> componentByGroup = new HashMap<>();
        Map<String, Map<String, Integer>> wharfByGroup = new HashMap<>();
        Map<String, Integer> componentAll = new HashMap<>();
        Map<String, Integer> leafAll = new HashMap<>();
        Map<String, double[]> io = new LinkedHashMap<>(); // kind -> count, total ms, max ms
        Map<String, double[]> monitors = new HashMap<>();
        double gcPauseMs = 0;
        int gcs = 0;
        long samples = 0;
        java.time.Instant first = null;
        java.time.Instant last = null;
        try (RecordingFile rf = new RecordingFile(jfr)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                if (first == null || e.getStartTime().isBefore(first)) first = e.getStartTime();
                if (last == null || e.getEndTime().isAfter(last)) last = e.getEndTime();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        RecordedThread t = e.getThread("sampledThread");
                        String group = sampleGroup(t == null ? "?" : t.getJavaName());
                        List<String> methods = methods(e.getStackTrace());
                        samplesByGroup.merge(group, 1, Integer::sum);
                        String comp = innermostComponent(methods);
                        componentByGroup.computeIfAbsent(group, k -> new HashMap<>()).merge(comp, 1, Integer::sum);
                        componentAll.merge(comp, 1, Integer::sum);
                        String w = methods.stream().filter(m -> m.startsWith("io.wharf.")).findFirst().map(Profiler::wharfMethod).orElse("(no Wharf frame)");
                        wharfByGroup.computeIfAbsent(group, k -> new HashMap<>()).merge(w, 1, Integer::sum);
                        if (!methods.isEmpty()) leafAll.merge(methods.get(0), 1, Integer::sum);
                    }
                    case "jdk.FileWrite", "jdk.FileForce", "jdk.FileRead" -> {
                        String path = e.hasField("path") ? e.getString("path") : null;
                        String kind = type.substring(4) + " " + fileKind(path);
                        double ms = e.getDuration().toNanos() / 1e6;
                        double[] a = io.computeIfAbsent(kind, k -> new double[3]);
                        a[0]++;
                        a[1] += ms;
                        a[2] = Math.max(a[2], ms);
                    }
                    case "jdk.JavaMonitorEnter" -> {
                        String cls = e.getClass("monitorClass") == null ? "?" : e.getClass("monitorClass").getName();
                        double[] a = monitors.computeIfAbsent(cls, k -> new double[2]);
                        a[0]++;
                        a[1] += e.getDuration().toNanos() / 1e6;
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
                    }
                    default -> { }
                }
            }
        }
        double seconds = first == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
        JsonObjectBuilder groups = Json.createObjectBuilder();
        samplesByGroup.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(g ->
                groups.add(g.getKey(), Json.createObjectBuilder().add("samples", g.getValue())
                        .add("components", topN(componentByGroup.get(g.getKey()), 12))
                        .add("wharf_frames", topN(wharfByGroup.get(g.getKey()), 12))));
        JsonArrayBuilder ioRows = Json.createArrayBuilder();
        io.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1])).forEach(x ->
                ioRows.add(Json.createArrayBuilder().add(x.getKey()).add((long) x.getValue()[0])
                        .add(JobBench.round(x.getValue()[1], 1)).add(JobBench.round(x.getValue()[2], 2))));
        JsonArrayBuilder monRows = Json.createArrayBuilder();
        monitors.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1])).limit(8).forEach(x ->
                monRows.add(Json.createArrayBuilder().add(x.getKey()).add((long) x.getValue()[0]).add(JobBench.round(x.getValue()[1], 1))));
        return Json.createObjectBuilder()
                .add("seconds", JobBench.round(seconds, 1))
                .add("execution_samples", samples)
                .add("components_all_threads", topN(componentAll, 15))
                .add("leaf_methods_all_threads", topN(leafAll, 15))
                .add("by_thread_group", groups)
                .add("file_io", Json.createObjectBuilder().add("columns", "event and file kind, count, total ms, max ms").add("rows", ioRows))
                .add("monitor_enter", Json.createObjectBuilder().add("columns", "monitor class, count (>= 10 ms), total ms").add("rows", monRows))
                .add("gc", Json.createObjectBuilder().add("collections", gcs).add("pause_ms", JobBench.round(gcPauseMs, 1)))
                .build();
    }

    static String sampleGroup(String thread) {
        if (thread == null) return "?";
        String g = group(thread);
        if (g != null) return g;
        return thread.replaceAll("[0-9]+", "#");
    }

    static String fileKind(String path) {
        if (path == null) return "(unknown file)";
        if (path.contains("/db/log/")) return "Derby transaction log";
        if (path.contains("/db/seg0/")) return "Derby data";
        if (path.contains("/joblogs/")) return "job logs";
        if (path.contains("/logs/ffdc/")) return "Liberty FFDC incident files";
        if (path.contains("/logs/")) return "Liberty logs";
        return "other";
    }

    static List<String> methods(RecordedStackTrace st) {
        if (st == null) return List.of();
        return st.getFrames().stream().map(Profiler::name).collect(Collectors.toList());
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}

import com.sun.net.httpserver.HttpServer;
import io.wharf.scanner.BlobSource;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.FeedSource;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.SourceUpdate;
import io.wharf.scanner.UpdateOptions;
import io.wharf.scanner.UpdateResult;
import io.wharf.scanner.VulnDatabase;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Benchmark of the feeds updater (not a test): a generated OSV corpus shaped like the real GHSA records of
 * ../shared/vulndata/osv, served over local HTTP; measures a full import, the wait a scan sees during the swap,
 * and re-matching stored artifacts. See bench/vulndb/README.md.
 */
public final class VulndbBench {
    /** Looked up once: {@code Json.createX} looks the provider up on every call. */
    private static final JsonProvider Json = JsonProvider.provider();

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(System.getProperty("bench.records", "500000"));
        int artifacts = Integer.parseInt(System.getProperty("bench.artifacts", "1000"));
        // the second, concurrent import (b) may use a smaller corpus: on a loaded machine two full imports take too long
        int secondRecords = Integer.parseInt(System.getProperty("bench.secondRecords", Integer.toString(records)));
        Path work = Path.of(System.getProperty("bench.work", "bench/vulndb/target/work"));
        Path vulndata = Path.of(System.getProperty("bench.vulndata", "/work/shared/vulndata"));
        Files.createDirectories(work);

        List<JsonObject> templates = new ArrayList<>();
        try (var files = Files.list(vulndata.resolve("osv"))) {
            for (Path f : files.sorted().toList()) {
                try (var r = Json.createReader(Files.newBufferedReader(f))) {
                    templates.add(r.readObject());
                }
            }
        }
        int packages = Math.max(1, records / 10); // ~10 advisories per package name, as in popular ecosystems
        // the corpus is the same for the same size: kept next to the work folder and reused (its writing takes minutes)
        Path zip = work.toAbsolutePath().getParent().resolve("corpus-" + records + ".zip");
        long t0 = System.nanoTime();
        boolean reuse = Files.isRegularFile(zip);
        List<String> npmNames = generate(templates, records, packages, reuse ? null : zip);
        System.out.printf("%s %d records (%d templates, %d package names) in %.1f s, %d MB%n",
                reuse ? "reused the corpus of" : "generated", records, templates.size(), packages, secs(t0),
                Files.size(zip) >> 20);
        Path secondZip = zip;
        if (secondRecords != records) {
            secondZip = zip.resolveSibling("corpus-" + secondRecords + ".zip");
            if (!Files.isRegularFile(secondZip)) {
                generate(templates, secondRecords, Math.max(1, secondRecords / 10), secondZip);
            }
            System.out.printf("second import: corpus of %d records, %d MB%n", secondRecords, Files.size(secondZip) >> 20);
        }
        if (Boolean.getBoolean("bench.corpusOnly")) {
            return; // BENCH_CORPUS_ONLY=true: write the corpus for later runs and stop
        }

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger etag = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Path> served = new java.util.concurrent.atomic.AtomicReference<>(zip);
        server.createContext("/all.zip", ex -> {
            ex.getResponseHeaders().add("ETag", "\"v" + etag.get() + "\"");
            ex.sendResponseHeaders(200, Files.size(served.get()));
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(served.get(), out);
            }
        });
        server.start();
        FeedSource source = new FeedSource("osv-bench",
                java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/all.zip"));

        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(work.resolve("derby-" + System.nanoTime()).toString());
        ds.setCreateDatabase("create");
        VulnDatabase db = new VulnDatabase(ds);
        db.setProxySelector(ProxySelector.of(null));
        UpdateOptions options = new UpdateOptions(work.resolve("data"), 2L << 30, Duration.ofMinutes(5), Map.of(), true);

        // (a) full import
        Machine before = Machine.now();
        ThreadCpu threads = ThreadCpu.start();
        t0 = System.nanoTime();
        long importStart = t0;
        UpdateResult first = db.update(List.of(source), options,
                line -> System.out.printf("  [%5.1f s] %s%n", secs(importStart), line));
        double importSecs = secs(t0);
        check(first);
        System.out.printf("RESULT import_seconds=%.1f records_per_second=%.0f%n", importSecs, records / importSecs);
        Machine after = Machine.now();
        System.out.println("RESULT import_" + after.since(before, records));
        System.out.println("RESULT import_threads " + threads.stop(after.processCpuNanos() - before.processCpuNanos()));
        if (Boolean.getBoolean("bench.importOnly")) {
            server.stop(0);
            return; // BENCH_IMPORT_ONLY=true: the full import (a) alone
        }

        // artifacts: a shared base layer with 200 npm packages + a top layer of 5 of their own each
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        Blobs blobs = new Blobs();
        byte[] base = layer(npmNames.subList(0, Math.min(200, npmNames.size())));
        List<List<LayerRef>> images = new ArrayList<>();
        for (int i = 0; i < artifacts; i++) {
            List<String> own = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                own.add(npmNames.get((200 + i * 5 + k) % npmNames.size()));
            }
            images.add(List.of(blobs.add(base), blobs.add(layer(own))));
        }
        t0 = System.nanoTime();
        long findings = 0;
        for (List<LayerRef> image : images) {
            findings += scanner.scan(image, blobs).findings().size();
        }
        System.out.printf("RESULT first_scan_of_artifacts_seconds=%.1f findings=%d blob_reads=%d%n", secs(t0), findings,
                blobs.opened.get());

        // baseline: the same reads with no update running (on a busy machine the scheduler alone makes waits)
        long baseMax = 0;
        long until = System.nanoTime() + 5_000_000_000L;
        int baseReads = 0;
        while (System.nanoTime() < until) {
            long s = System.nanoTime();
            db.state();
            baseMax = Math.max(baseMax, System.nanoTime() - s);
            baseReads++;
        }
        System.out.printf("RESULT baseline_view_reads=%d baseline_max_view_ms=%.1f%n", baseReads, baseMax / 1e6);

        // (b) a second full import (new ETag) while scans run: the longest wait for the swap
        etag.incrementAndGet();
        served.set(secondZip);
        AtomicBoolean done = new AtomicBoolean();
        List<Long> stateNanos = new ArrayList<>();
        List<Long> scanNanos = new ArrayList<>();
        Thread reader = new Thread(() -> {
            int i = 0;
            while (!done.get()) {
                long s = System.nanoTime();
                db.state(); // the consistent-view read: the step that waits while a swap commits
                long m = System.nanoTime();
                scanner.rematch(images.get(i++ % images.size()));
                long e = System.nanoTime();
                synchronized (stateNanos) {
                    stateNanos.add(m - s);
                    scanNanos.add(e - m);
                }
            }
        });
        reader.start();
        SwapWatch watch = new SwapWatch(db);
        Thread watcher = new Thread(watch, "swap-watch");
        watcher.start();
        before = Machine.now();
        t0 = System.nanoTime();
        UpdateResult second = db.update(List.of(source), options, line -> System.out.println("  " + line));
        double secondSecs = secs(t0);
        done.set(true);
        reader.join();
        watch.stop = true;
        watcher.join();
        check(second);
        System.out.printf("RESULT swap_view_reads_within_1s=%d max_view_ms_within_1s_of_swap=%.1f"
                + " max_view_ms_whole_import=%.1f%n", watch.aroundSwapCalls, watch.aroundSwapMax / 1e6, watch.max / 1e6);
        long maxView = stateNanos.stream().mapToLong(Long::longValue).max().orElse(0);
        long maxScan = scanNanos.stream().mapToLong(Long::longValue).max().orElse(0);
        List<Long> sorted = scanNanos.stream().sorted().toList();
        System.out.printf("RESULT second_import_seconds=%.1f concurrent_scans=%d max_view_wait_ms=%.1f"
                + " max_scan_ms=%.1f median_scan_ms=%.1f%n", secondSecs, scanNanos.size(), maxView / 1e6, maxScan / 1e6,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6);
        System.out.println("RESULT second_import_records=" + secondRecords + " "
                + Machine.now().since(before, secondRecords));

        // (c) re-match every artifact from the layer cache
        before = Machine.now();
        int readsBefore = blobs.opened.get();
        t0 = System.nanoTime();
        long refound = 0;
        for (List<LayerRef> image : images) {
            ScanReport r = scanner.rematch(image).orElseThrow();
            refound += r.findings().size();
        }
        System.out.printf("RESULT rematch_seconds=%.1f artifacts=%d findings=%d blob_reads=%d%n", secs(t0), artifacts,
                refound, blobs.opened.get() - readsBefore);
        System.out.println("RESULT rematch_" + Machine.now().since(before, artifacts));
        server.stop(0);
        System.exit(0);
    }

    private static void check(UpdateResult r) {
        SourceUpdate s = r.sources().get(0);
        if (!SourceUpdate.UPDATED.equals(s.outcome())) {
            throw new IllegalStateException("update did not import: " + s);
        }
        System.out.println("  records now current: " + s.records());
    }

    /**
     * Writes the corpus: record i is template i % T with a new id and alias, its package names suffixed with a
     * number below {@code packages}, ranges and texts unchanged. Returns the npm names (for the artifacts); with
     * {@code zip} null only the names (the corpus is there already).
     */
    private static List<String> generate(List<JsonObject> templates, int records, int packages, Path zip)
            throws IOException {
        List<String> npm = new ArrayList<>();
        if (zip == null) {
            for (int i = 0; i < templates.size() * packages && i < records && npm.size() < packages; i++) {
                for (JsonValue a : templates.get(i % templates.size()).getJsonArray("affected")) {
                    JsonObject pkg = a.asJsonObject().getJsonObject("package");
                    if ("npm".equals(pkg.getString("ecosystem")) && npm.size() < packages) {
                        npm.add(pkg.getString("name") + "-" + (i / templates.size()) % packages);
                    }
                }
            }
            return npm;
        }
        Path partial = zip.resolveSibling(zip.getFileName() + ".part");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
            out.setLevel(1);
            for (int i = 0; i < records; i++) {
                JsonObject t = templates.get(i % templates.size());
                int p = (i / templates.size()) % packages;
                JsonObjectBuilder o = Json.createObjectBuilder(t).add("id", "GHSA-bench-" + i)
                        .add("aliases", Json.createArrayBuilder().add("CVE-9999-" + i));
                JsonArrayBuilder affected = Json.createArrayBuilder();
                for (JsonValue a : t.getJsonArray("affected")) {
                    JsonObject ao = a.asJsonObject();
                    JsonObject pkg = ao.getJsonObject("package");
                    String name = pkg.getString("name") + "-" + p;
                    if ("npm".equals(pkg.getString("ecosystem")) && i < templates.size() * packages && npm.size() < packages) {
                        npm.add(name);
                    }
                    affected.add(Json.createObjectBuilder(ao).add("package", Json.createObjectBuilder(pkg).add("name", name)));
                }
                o.add("affected", affected);
                out.putNextEntry(new ZipEntry("GHSA-bench-" + i + ".json"));
                out.write(o.build().toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        Files.move(partial, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return npm;
    }

    /** A gzip layer with node_modules/<name>/package.json at version 0.0.1 (inside every template's first range). */
    private static byte[] layer(List<String> names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (String n : names) {
                byte[] json = ("{\"name\":\"" + n + "\",\"version\":\"0.0.1\"}").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry("app/node_modules/" + n + "/package.json");
                e.setSize(json.length);
                tar.putArchiveEntry(e);
                tar.write(json);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static final class Blobs implements BlobSource {
        final Map<String, byte[]> blobs = new java.util.HashMap<>();
        final AtomicInteger opened = new AtomicInteger();

        LayerRef add(byte[] layer) throws Exception {
            String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
            blobs.put(digest, layer);
            return new LayerRef(digest, "application/vnd.oci.image.layer.v1.tar+gzip", layer.length);
        }

        @Override
        public InputStream open(LayerRef layer) {
            opened.incrementAndGet();
            return new ByteArrayInputStream(blobs.get(layer.digest()));
        }
    }

    /**
     * Reads the view ({@code state()}) over and over (1 ms apart) during the second import and keeps the longest read
     * that ran within a second before or after the swap: the first read returning the new generation marks it.
     */
    private static final class SwapWatch implements Runnable {
        private final VulnDatabase db;
        private final java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>();
        volatile boolean stop;
        long swapAt = -1;
        long aroundSwapMax;
        int aroundSwapCalls;
        long max;

        SwapWatch(VulnDatabase db) {
            this.db = db;
        }

        @Override
        public void run() {
            long startGeneration = db.state().generation();
            while (!stop) {
                long s = System.nanoTime();
                long g = db.state().generation();
                long e = System.nanoTime();
                max = Math.max(max, e - s);
                if (swapAt < 0) {
                    recent.add(new long[] {s, e});
                    while (!recent.isEmpty() && recent.peekFirst()[1] < s - 1_000_000_000L) {
                        recent.removeFirst();
                    }
                    if (g != startGeneration) {
                        swapAt = s;
                        for (long[] r : recent) {
                            aroundSwapMax = Math.max(aroundSwapMax, r[1] - r[0]);
                            aroundSwapCalls++;
                        }
                    }
                } else if (s - swapAt <= 1_000_000_000L) {
                    aroundSwapMax = Math.max(aroundSwapMax, e - s);
                    aroundSwapCalls++;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }
    }

    /**
     * What the machine did meanwhile: this JVM's CPU time, all CPUs' busy time (/proc/stat) and the load average, so
     * that a figure taken while other work ran on the machine can be read (CPU seconds per item do not depend on it).
     */
    private record Machine(long nanos, long processCpuNanos, long busyTicks, long allTicks) {
        static Machine now() throws IOException {
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
            long all = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                all += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new Machine(System.nanoTime(), cpu, all - idle, all);
        }

        String since(Machine start, int items) throws IOException {
            double wall = (nanos - start.nanos) / 1e9;
            double ownCores = (processCpuNanos - start.processCpuNanos) / 1e9 / wall;
            double busy = (double) (busyTicks - start.busyTicks) / Math.max(1, allTicks - start.allTicks);
            int cores = Runtime.getRuntime().availableProcessors();
            String load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
            return String.format("cpu_seconds=%.1f cpu_ms_per_item=%.2f bench_cores=%.2f machine_busy=%.0f%%"
                    + " other_processes_cores=%.2f load_1min_at_end=%s", ownCores * wall,
                    ownCores * wall * 1000 / items, ownCores, busy * 100, Math.max(0, busy * cores - ownCores), load);
        }
    }

    /**
     * CPU time of the import's threads (the importing thread and the updater's {@code wharf-vulndb-*} threads), read
     * every 50 ms while they live: shows how the work is spread, whatever the other processes of the machine do. On
     * an idle machine with C cores an import cannot take less than its busiest thread's CPU time, nor less than all of
     * its CPU time / C: {@code idle_machine_lower_bound_seconds} (waits for locks and I/O come on top).
     */
    private static final class ThreadCpu implements Runnable {
        private final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> start = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> last = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread main = Thread.currentThread();
        private volatile boolean running = true;
        private Thread thread;

        static ThreadCpu start() {
            ThreadCpu t = new ThreadCpu();
            t.start.put(t.main.getId(), t.mx.getThreadCpuTime(t.main.getId()));
            t.thread = new Thread(t, "bench-thread-cpu");
            t.thread.setDaemon(true);
            t.thread.start();
            return t;
        }

        @Override
        public void run() {
            while (running) {
                read();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void read() {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t == main || t.getName().startsWith("wharf-vulndb")) {
                    long cpu = mx.getThreadCpuTime(t.getId());
                    if (cpu >= 0) {
                        names.putIfAbsent(t.getId(), t.getName());
                        last.put(t.getId(), cpu);
                    }
                }
            }
        }

        String stop(long processCpuNanos) throws InterruptedException {
            read();
            running = false;
            thread.join();
            Map<String, Double> byGroup = new java.util.TreeMap<>();
            double busiest = 0;
            for (Map.Entry<Long, Long> e : last.entrySet()) {
                double secs = (e.getValue() - start.getOrDefault(e.getKey(), 0L)) / 1e9;
                String name = names.get(e.getKey());
                String group = e.getKey() == main.getId() ? "importing_thread"
                        : name.replaceAll("-\\d+(-\\d+)?$", "").replace('-', '_');
                if (name.equals("wharf-vulndb-writer-1")) {
                    group = "writer_1";
                } else if (name.equals("wharf-vulndb-writer-2")) {
                    group = "writer_2";
                }
                byGroup.merge(group, secs, Double::sum);
                busiest = Math.max(busiest, secs);
            }
            StringBuilder out = new StringBuilder();
            byGroup.forEach((g, v) -> out.append(String.format("%s_cpu_seconds=%.1f ", g, v)));
            int cores = Runtime.getRuntime().availableProcessors();
            out.append(String.format("busiest_thread_cpu_seconds=%.1f idle_machine_lower_bound_seconds=%.1f", busiest,
                    Math.max(busiest, processCpuNanos / 1e9 / cores)));
            return out.toString();
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}

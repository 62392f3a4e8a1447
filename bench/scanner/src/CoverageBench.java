import io.wharf.scanner.BlobSource;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The scanner-coverage targets of issue 15 (see ../README.md, "Coverage targets"). Each step in its own JVM
 * (coverage.sh runs them):
 *
 * <pre>
 *   java CoverageBench import DB VULNDATA                  # fresh Derby vulndb, VULNDATA imported
 *   java CoverageBench rpm DB RPMDB_SQLITE OUT_JSON        # cold scan of an AlmaLinux 9 image holding that rpmdb
 *   java CoverageBench generate DIR BYTES FILES JARLIST GOLIST   # the big image: layer-N.tar.gz + layers.txt
 *   java CoverageBench big DB DIR OUT_JSON                 # cold scan of the big image, heap watched
 * </pre>
 */
public final class CoverageBench {
    static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "import" -> importData(Path.of(args[1]), Path.of(args[2]));
            case "rpm" -> rpm(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Files.readAllLines(Path.of(args[4])), Files.readAllLines(Path.of(args[5])));
            case "big" -> big(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    static void importData(Path db, Path vulndata) throws Exception {
        ScannerBench.deleteTree(db);
        long t = System.nanoTime();
        VulnDatabase vdb = new VulnDatabase(new ScannerBench.SimpleDataSource("jdbc:derby:" + db + ";create=true"));
        ImportResult r = vdb.importFrom(List.of(vulndata));
        say("import of %s: %s in %.1f s, %d warnings", vulndata, r.counts(), (System.nanoTime() - t) / 1e9,
                r.warnings().size());
        ScannerBench.shutdown(db);
    }

    // ------------------------------------------------------------------------------------------------ rpm

    /** One cold scan (first of the JVM, Derby booted apart, layer cache empty) of a one-layer AlmaLinux 9 image. */
    static void rpm(Path db, Path rpmdb, Path out) throws Exception {
        byte[] sqlite = Files.readAllBytes(rpmdb);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entry(tar, "etc/os-release", "NAME=\"AlmaLinux\"\nID=\"almalinux\"\nVERSION_ID=\"9.3\"\n"
                    .getBytes(StandardCharsets.UTF_8), 0644);
            entry(tar, "var/lib/rpm/rpmdb.sqlite", sqlite, 0644);
        }
        byte[] layer = buf.toByteArray();
        LayerRef ref = new LayerRef("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(layer)), GZIP_LAYER, layer.length);
        BlobSource blobs = l -> new java.io.ByteArrayInputStream(layer);

        ScannerBench.SimpleDataSource ds = new ScannerBench.SimpleDataSource("jdbc:derby:" + db);
        long b = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
        long bootNs = System.nanoTime() - b;
        ScannerBench.clearCache(ds);
        long cpu0 = ScannerBench.processCpu();
        long[] proc0 = ScannerBench.procStat();
        long t = System.nanoTime();
        ScanReport report = new EmbeddedScanner(new VulnDatabase(ds)).scan(List.of(ref), blobs);
        long coldNs = System.nanoTime() - t;
        long cpuNs = ScannerBench.processCpu() - cpu0;
        double others = otherCores(proc0, cpuNs, coldNs);
        long rpms = report.packages().stream().filter(p -> "rpm".equals(p.type())).count();
        // information: the same layer again with the cache emptied, in the now warm JVM (a server's case)
        List<Long> again = new ArrayList<>();
        EmbeddedScanner scanner = new EmbeddedScanner(new VulnDatabase(ds));
        for (int i = 0; i < 3; i++) {
            ScannerBench.clearCache(ds);
            long t2 = System.nanoTime();
            scanner.scan(List.of(ref), blobs);
            again.add(System.nanoTime() - t2);
        }
        String json = String.format(java.util.Locale.ROOT, "{\"rpmdbBytes\": %d, \"layerGzipBytes\": %d, "
                        + "\"dbBootMs\": %.0f, \"coldScanMs\": %.0f, \"coldCpuMs\": %.0f, \"otherCores\": %.2f, "
                        + "\"os\": \"%s\", \"rpmPackages\": %d, \"findings\": %d, \"severities\": \"%s\", "
                        + "\"cacheMissWarmJvmMs\": %s}\n", sqlite.length, layer.length, bootNs / 1e6, coldNs / 1e6,
                cpuNs / 1e6, others, report.osRelease(), rpms, report.findings().size(), report.severitySummary(),
                again.stream().map(n -> String.valueOf(n / 1_000_000)).collect(Collectors.joining(", ", "[", "]")));
        Files.writeString(out, json);
        System.out.print(json);
        ScannerBench.shutdown(db);
    }

    // ------------------------------------------------------------------------------------------- generate

    /**
     * Writes the big image as gzip layers (Deflater default level, as registries' clients use): layer 1 an OS layer
     * (this machine's dpkg status, os-release and its real ELF executables from /usr/bin, which are C programs, not
     * Go), then generated files in all layers, the Go binaries in layer 2 and the jars in layer 3. File contents are
     * slices of a pool of this machine's real files, so they compress as real files do; sizes are log-normal
     * (median ~4 KiB), scaled so that the image holds BYTES in FILES files.
     */
    static void generate(Path dir, long totalBytes, int totalFiles, List<String> jars, List<String> gos)
            throws Exception {
        Files.createDirectories(dir);
        byte[] pool = pool(64 << 20);
        Random rnd = new Random(15);
        List<Path> elves = new ArrayList<>();
        try (var s = Files.list(Path.of("/usr/bin"))) {
            long budget = Long.getLong("coverage.elfBytes", 120L << 20);
            long used = 0;
            for (Path p : s.filter(Files::isRegularFile).filter(q -> size(q) < (4 << 20)).filter(CoverageBench::isElf)
                    .filter(q -> !gos.contains(q.toString())).sorted().toList()) {
                if (used + size(p) > budget) {
                    break;
                }
                used += size(p);
                elves.add(p);
            }
        }
        long fixedBytes = 0;
        for (String p : jars) {
            fixedBytes += Files.size(Path.of(p));
        }
        for (String p : gos) {
            fixedBytes += Files.size(Path.of(p));
        }
        for (Path p : elves) {
            fixedBytes += Files.size(p);
        }
        fixedBytes += Files.size(Path.of("/var/lib/dpkg/status"));
        int generated = totalFiles - jars.size() - gos.size() - elves.size() - 2;
        double[] raw = new double[generated];
        double sum = 0;
        for (int i = 0; i < generated; i++) {
            raw[i] = Math.exp(8.3 + 1.6 * rnd.nextGaussian());
            sum += raw[i];
        }
        double scale = (totalBytes - fixedBytes) / sum;
        int[] perLayer = {generated * 4 / 10, generated * 3 / 10, generated - generated * 4 / 10 - generated * 3 / 10};
        StringBuilder index = new StringBuilder();
        int next = 0;
        String[] ext = {".txt", ".py", ".js", ".html", ".so.1", ".png", ".mo", ".h", ".conf", ".dat"};
        for (int layer = 1; layer <= 3; layer++) {
            Path file = dir.resolve("layer-" + layer + ".tar.gz");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            int files = 0;
            try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                 DigestOutputStream d = new DigestOutputStream(fo, sha);
                 GZIPOutputStream gz = new GZIPOutputStream(d, 1 << 16);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                if (layer == 1) {
                    Path status = Path.of("/var/lib/dpkg/status");
                    entry(tar, "etc/os-release", Files.readAllBytes(Path.of("/usr/lib/os-release")), 0644);
                    bytes += copy(tar, "var/lib/dpkg/status", status, 0644);
                    files += 2;
                    for (Path p : elves) {
                        bytes += copy(tar, "usr/bin/" + p.getFileName(), p, 0755);
                        files++;
                    }
                }
                if (layer == 2) {
                    for (String p : gos) {
                        bytes += copy(tar, "usr/local/bin/" + Path.of(p).getFileName(), Path.of(p), 0755);
                        files++;
                    }
                }
                if (layer == 3) {
                    for (String p : jars) {
                        bytes += copy(tar, "opt/app/lib/" + Path.of(p).getFileName(), Path.of(p), 0644);
                        files++;
                    }
                }
                for (int i = 0; i < perLayer[layer - 1]; i++, next++) {
                    int size = (int) Math.min(pool.length - 1, Math.round(raw[next] * scale));
                    int off = rnd.nextInt(pool.length - size);
                    String name = String.format("usr/share/gen%d/d%03d/f%06d%s", layer, next / 250 % 1000, next,
                            ext[next % ext.length]);
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(size);
                    e.setMode(0644);
                    tar.putArchiveEntry(e);
                    tar.write(pool, off, size);
                    tar.closeArchiveEntry();
                    bytes += size;
                    files++;
                }
            }
            String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
            index.append(file.getFileName()).append(' ').append(digest).append(' ').append(Files.size(file))
                    .append(' ').append(files).append(' ').append(bytes).append('\n');
            say("layer %d: %d files, %.0f MiB of file data, %.0f MiB gzip", layer, files, bytes / 1048576.0,
                    Files.size(file) / 1048576.0);
        }
        Files.writeString(dir.resolve("layers.txt"), index.toString());
    }

    static boolean isElf(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** Real bytes of this machine (docs, locale data, shared libraries, Python sources), cycled to n bytes. */
    static byte[] pool(int n) throws IOException {
        byte[] pool = new byte[n];
        int filled = 0;
        List<Path> sources = new ArrayList<>();
        for (String root : List.of("/usr/share/doc", "/usr/lib/python3", "/usr/lib/x86_64-linux-gnu",
                "/usr/share/locale", "/usr/share/perl")) {
            if (Files.isDirectory(Path.of(root))) {
                try (var s = Files.walk(Path.of(root))) {
                    s.filter(Files::isRegularFile).sorted().forEach(sources::add);
                }
            }
        }
        java.util.Collections.shuffle(sources, new Random(15));
        for (Path p : sources) {
            if (filled >= n) {
                break;
            }
            try {
                byte[] b = Files.readAllBytes(p);
                int k = Math.min(b.length, n - filled);
                System.arraycopy(b, 0, pool, filled, k);
                filled += k;
            } catch (IOException | OutOfMemoryError e) {
                // unreadable file: skip it
            }
        }
        for (int i = filled; i < n; i++) {
            pool[i] = pool[i % Math.max(1, filled)];
        }
        return pool;
    }

    static void entry(TarArchiveOutputStream tar, String name, byte[] data, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static long copy(TarArchiveOutputStream tar, String name, Path file, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(Files.size(file));
        e.setMode(mode);
        tar.putArchiveEntry(e);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
        return e.getSize();
    }

    // ------------------------------------------------------------------------------------------------ big

    /** Cold scan of the generated image in this JVM (run with a bounded -Xmx); heap sampled every 5 ms. */
    static void big(Path db, Path dir, Path out) throws Exception {
        List<LayerRef> layers = new ArrayList<>();
        Map<String, Path> files = new TreeMap<>();
        long dataBytes = 0;
        int fileCount = 0;
        for (String line : Files.readAllLines(dir.resolve("layers.txt"))) {
            String[] f = line.split(" ");
            layers.add(new LayerRef(f[1], GZIP_LAYER, Long.parseLong(f[2])));
            files.put(f[1], dir.resolve(f[0]));
            fileCount += Integer.parseInt(f[3]);
            dataBytes += Long.parseLong(f[4]);
        }
        BlobSource blobs = l -> Files.newInputStream(files.get(l.digest()));
        ScannerBench.HeapSampler heap = new ScannerBench.HeapSampler();
        heap.start();
        // after-GC heap once a second: flat memory = this series does not grow while the layers stream by
        List<Long> afterGcSeries = new ArrayList<>();
        AtomicLong lastAfterGc = new AtomicLong();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(java.lang.management.MemoryUsage::getUsed).sum();
                lastAfterGc.set(after);
            }, null, null);
        }
        ScannerBench.SimpleDataSource ds = new ScannerBench.SimpleDataSource("jdbc:derby:" + db);
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
        ScannerBench.clearCache(ds);
        System.gc();
        long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        heap.resetPeak();
        heap.resetPeakAfterGc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        Thread series = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (afterGcSeries) {
                    afterGcSeries.add(lastAfterGc.get());
                }
            }
        });
        series.setDaemon(true);
        long gcCount0 = gcCount();
        long gcMs0 = gcMs();
        long cpu0 = ScannerBench.processCpu();
        long[] proc0 = ScannerBench.procStat();
        series.start();
        long t = System.nanoTime();
        ScanReport report = new EmbeddedScanner(new VulnDatabase(ds)).scan(layers, blobs);
        long wallNs = System.nanoTime() - t;
        series.interrupt();
        long cpuNs = ScannerBench.processCpu() - cpu0;
        double others = otherCores(proc0, cpuNs, wallNs);
        long sampledPeak = heap.resetPeak();
        long peakAfterGc = heap.resetPeakAfterGc();
        long poolPeaks = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                poolPeaks += p.getPeakUsage().getUsed();
            }
        }
        Map<String, Long> byType = report.packages().stream()
                .collect(Collectors.groupingBy(InstalledPackage::type, TreeMap::new, Collectors.counting()));
        long goBinaries = report.packages().stream().filter(p -> "gobinary".equals(p.type()))
                .map(InstalledPackage::location).distinct().count();
        long jarFiles = report.packages().stream().filter(p -> "maven".equals(p.type()))
                .map(p -> p.location().replaceAll("(\\.jar).*", "$1")).distinct().count();
        String seriesMiB;
        synchronized (afterGcSeries) {
            seriesMiB = afterGcSeries.stream().map(v -> String.valueOf(v >> 20)).collect(Collectors.joining(","));
        }
        String json = String.format(java.util.Locale.ROOT, "{\"layers\": %d, \"files\": %d, \"fileBytes\": %d, "
                        + "\"gzipBytes\": %d, \"xmx\": \"%dm\", \"scanMs\": %.0f, \"cpuMs\": %.0f, \"otherCores\": %.2f, "
                        + "\"heapBaselineMiB\": %d, \"sampledPeakHeapMiB\": %d, \"poolPeakSumMiB\": %d, "
                        + "\"maxAfterGcMiB\": %d, \"afterGcEachSecondMiB\": [%s], \"gcCount\": %d, \"gcMs\": %d, "
                        + "\"os\": \"%s\", \"packagesByType\": \"%s\", \"goBinariesWithPackages\": %d, "
                        + "\"jarsWithPackages\": %d, \"findings\": %d}\n",
                layers.size(), fileCount, dataBytes, files.values().stream().mapToLong(CoverageBench::size).sum(),
                Runtime.getRuntime().maxMemory() >> 20, wallNs / 1e6, cpuNs / 1e6, others, baseline >> 20,
                sampledPeak >> 20, poolPeaks >> 20, peakAfterGc >> 20, seriesMiB, gcCount() - gcCount0,
                gcMs() - gcMs0, report.osRelease(), byType, goBinaries, jarFiles, report.findings().size());
        Files.writeString(out, json);
        System.out.print(json);
        ScannerBench.shutdown(db);
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> g.getCollectionCount()).sum();
    }

    static long gcMs() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> g.getCollectionTime()).sum();
    }

    static double otherCores(long[] proc0, long cpuNs, long wallNs) {
        long[] proc1 = ScannerBench.procStat();
        if (proc0 == null || proc1 == null || wallNs <= 0) {
            return -1;
        }
        return Math.max(0, ((proc1[0] - proc0[0]) / 100.0 - cpuNs / 1e9) / (wallNs / 1e9));
    }

    static void say(String fmt, Object... args) {
        System.err.printf("coverage-bench: " + fmt + "%n", args);
    }
}

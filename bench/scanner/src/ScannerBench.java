import io.wharf.scanner.BlobSource;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.analyzer.Analyzers;
import io.wharf.scanner.analyzer.OsRelease;
import io.wharf.scanner.cache.InventoryCodec;
import io.wharf.scanner.cache.LayerCache;
import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.layer.LayerReader;
import io.wharf.scanner.layer.MergedImage;
import io.wharf.scanner.match.VulnerabilityMatcher;
import io.wharf.scanner.vulndb.VulnStore;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Benchmark of Wharf's embedded scanner (see ../README.md). Two steps, each in its own JVM (run.sh runs both):
 *
 * <pre>
 *   java ScannerBench prepare BUILD_DIR VULNDATA_DIR JAR...   # base layer tar.gz + fresh Derby vulndb (import)
 *   java ScannerBench measure BUILD_DIR OUT_JSON              # (a) cold scan, (b) warm, (c) 1,000 images
 *   java ScannerBench profile BUILD_DIR OUT_JSON              # where the time goes (fresh JVM, not the targets)
 *   java ScannerBench report  MEASURE_JSON PROFILE_JSON DIR   # DIR/latest.md (PASS/MISS) + DIR/latest.json
 * </pre>
 *
 * Settings (system properties): bench.images (1000), bench.threads (2; 0 or 1 skips the concurrent pass),
 * bench.parallelImages (200: images in the concurrent pass), bench.warmRepeats (5), bench.timeLimit (seconds
 * for one pass over the images, 600), bench.reuseLayer (false: prepare rebuilds the base layer).
 */
public final class ScannerBench {
    static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** lodash versions cycled through the top layers: 2, 1 and 0 findings with the GHSA records in vulndata. */
    static final String[] LODASH = {"4.17.15", "4.17.20", "4.17.21"};
    static final Logger LOG = Logger.getLogger("bench");

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("prepare")) {
            prepare(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]), List.of(args).subList(3, args.length));
        } else if (args.length == 3 && args[0].equals("measure")) {
            measure(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]));
        } else if (args.length == 3 && args[0].equals("profile")) {
            profile(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]));
        } else if (args.length == 4 && args[0].equals("report")) {
            BenchReport.write(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        } else {
            System.err.println("usage: ScannerBench prepare BUILD VULNDATA JAR... | measure BUILD OUT_JSON"
                    + " | profile BUILD OUT_JSON | report MEASURE_JSON PROFILE_JSON OUT_DIR");
            System.exit(2);
        }
    }

    // =========================================================================================== prepare

    static void prepare(Path build, Path vulndata, List<String> jars) throws Exception {
        Files.createDirectories(build);
        JsonObjectBuilder out = Json.createObjectBuilder();

        long t0 = System.nanoTime();
        LayerStats layer;
        Path layerFile = build.resolve("base-layer.tar.gz");
        Path layerStats = build.resolve("base-layer.json");
        if (Boolean.getBoolean("bench.reuseLayer") && Files.exists(layerFile) && Files.exists(layerStats)) {
            try (JsonReader r = Json.createReader(Files.newBufferedReader(layerStats))) {
                JsonObject o = r.readObject();
                layer = new LayerStats(o.getString("digest"), o.getJsonNumber("compressed").longValue(),
                        o.getJsonNumber("uncompressed").longValue(), o.getInt("entries"), o.getInt("files"),
                        o.getInt("requiredPackages"), o.getJsonArray("jars").getValuesAs(jakarta.json.JsonString.class)
                                .stream().map(jakarta.json.JsonString::getString).toList());
            }
            say("reusing %s (bench.reuseLayer)", layerFile);
        } else {
            layer = buildBaseLayer(layerFile, jars);
            writeJson(layerStats, Json.createObjectBuilder().add("digest", layer.digest)
                    .add("compressed", layer.compressed).add("uncompressed", layer.uncompressed)
                    .add("entries", layer.entries).add("files", layer.files)
                    .add("requiredPackages", layer.requiredPackages).add("jars", Json.createArrayBuilder(layer.jars))
                    .build());
        }
        double buildMs = ms(System.nanoTime() - t0);
        out.add("layer", Json.createObjectBuilder()
                .add("path", build.resolve("base-layer.tar.gz").toString())
                .add("digest", layer.digest)
                .add("compressedBytes", layer.compressed)
                .add("uncompressedBytes", layer.uncompressed)
                .add("entries", layer.entries)
                .add("regularFiles", layer.files)
                .add("requiredPackages", layer.requiredPackages)
                .add("jars", Json.createArrayBuilder(layer.jars))
                .add("buildMs", buildMs));
        say("base layer: %s, %.1f MiB gzip (%.1f MiB tar, %d entries, %d jars) in %.1f s", layer.digest,
                layer.compressed / 1048576.0, layer.uncompressed / 1048576.0, layer.entries, layer.jars.size(),
                buildMs / 1000.0);

        Path db = build.resolve("vulndb");
        deleteTree(db);
        String url = "jdbc:derby:" + db + ";create=true";
        long tc = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(1); // creates the (empty) database: Derby boot + files
        }
        double createMs = ms(System.nanoTime() - tc);
        long t1 = System.nanoTime();
        VulnDatabase vdb = new VulnDatabase(new SimpleDataSource(url));
        ImportResult imported = vdb.importFrom(List.of(vulndata));
        double importMs = ms(System.nanoTime() - t1);
        JsonObjectBuilder counts = Json.createObjectBuilder();
        imported.counts().forEach(counts::add);
        JsonObjectBuilder rows = Json.createObjectBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + db); Statement s = c.createStatement()) {
            for (String t : List.of("vuln_record", "vuln_affected", "vuln_distro_package", "vuln_layer_inventory")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    rows.add(t, rs.getInt(1));
                }
            }
        }
        out.add("import", Json.createObjectBuilder().add("vulndata", vulndata.toString())
                .add("createDatabaseMs", createMs).add("ms", importMs)
                .add("counts", counts).add("tableRows", rows).add("warnings", imported.warnings().size())
                .add("warningSamples", Json.createArrayBuilder(imported.warnings().stream().limit(5).toList())));
        say("database created in %.2f s; import of %s: %s in %.2f s, %d warnings", createMs / 1000.0, vulndata,
                imported.counts(), importMs / 1000.0,
                imported.warnings().size());
        shutdown(db);
        writeJson(build.resolve("prepare.json"), out.build());
    }

    record LayerStats(String digest, long compressed, long uncompressed, int entries, int files, int requiredPackages,
                      List<String> jars) {
    }

    /**
     * A bookworm root file system from this machine: the files of every Priority required/important package (per
     * /var/lib/dpkg/info/*.list, about what debian:bookworm holds), their dpkg info files, the machine's whole
     * /var/lib/dpkg/status (all installed packages), /etc/os-release (a symlink on Debian, as in the real image)
     * and the given jars under opt/app/lib/.
     */
    static LayerStats buildBaseLayer(Path target, List<String> jars) throws IOException {
        Path status = Path.of("/var/lib/dpkg/status");
        List<String> required = new ArrayList<>();
        for (String stanza : Files.readString(status).split("\n\n")) {
            String pkg = field(stanza, "Package");
            String prio = field(stanza, "Priority");
            String st = field(stanza, "Status");
            if (pkg != null && st != null && st.endsWith(" installed")
                    && ("required".equals(prio) || "important".equals(prio))) {
                required.add(pkg);
            }
        }
        // path in the layer -> path on this machine (TreeMap: parents come before children)
        TreeMap<String, Path> entries = new TreeMap<>();
        Path info = Path.of("/var/lib/dpkg/info");
        for (String pkg : required) {
            List<Path> lists = new ArrayList<>();
            try (var ds = Files.newDirectoryStream(info, pkg + "{,:*}.*")) {
                ds.forEach(lists::add);
            }
            for (Path p : lists) {
                add(entries, p);
                if (p.getFileName().toString().endsWith(".list")) {
                    for (String line : Files.readAllLines(p)) {
                        if (!line.isBlank() && !line.equals("/.")) {
                            add(entries, Path.of(line));
                        }
                    }
                }
            }
        }
        add(entries, status);
        add(entries, Path.of("/etc/os-release"));
        for (String root : List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")) {
            if (Files.isSymbolicLink(Path.of(root))) {
                entries.put(root.substring(1), Path.of(root));
            }
        }
        List<String> jarNames = new ArrayList<>();
        for (String j : jars) {
            Path p = Path.of(j);
            if (Files.isRegularFile(p)) {
                entries.put("opt/app/lib/" + p.getFileName(), p);
                jarNames.add(p.getFileName().toString());
            } else {
                say("warning: jar %s not found, left out", j);
            }
        }
        // parent directories
        for (String name : new ArrayList<>(entries.keySet())) {
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                entries.putIfAbsent(name.substring(0, i) + "/", Path.of("/" + name.substring(0, i)));
            }
        }

        MessageDigest sha = sha256();
        CountingOutputStream compressed;
        CountingOutputStream raw;
        int files = 0;
        try (OutputStream file = Files.newOutputStream(target);
             DigestOutputStream digest = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), sha)) {
            compressed = new CountingOutputStream(digest);
            GZIPOutputStream gz = new GZIPOutputStream(compressed, 1 << 16);
            raw = new CountingOutputStream(gz);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Map.Entry<String, Path> e : entries.entrySet()) {
                    String name = e.getKey();
                    Path src = e.getValue();
                    TarArchiveEntry te;
                    boolean regular = false;
                    if (Files.isSymbolicLink(src)) {
                        te = new TarArchiveEntry(name.endsWith("/") ? name.substring(0, name.length() - 1) : name,
                                TarConstants.LF_SYMLINK);
                        te.setLinkName(Files.readSymbolicLink(src).toString());
                    } else if (Files.isDirectory(src)) {
                        te = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
                    } else if (Files.isRegularFile(src)) {
                        te = new TarArchiveEntry(name);
                        te.setSize(Files.size(src));
                        regular = true;
                        files++;
                    } else {
                        continue;
                    }
                    te.setMode((te.getMode() & ~07777) | mode(src)); // keep the entry's type bits
                    te.setModTime(Files.getLastModifiedTime(src, LinkOption.NOFOLLOW_LINKS).toMillis());
                    tar.putArchiveEntry(te);
                    if (regular) {
                        Files.copy(src, tar);
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
        }
        return new LayerStats("sha256:" + HexFormat.of().formatHex(sha.digest()), compressed.count, raw.count,
                entries.size(), files, required.size(), jarNames);
    }

    /** Adds a path as the image would hold it: parents resolved (merged /usr: /bin/x is usr/bin/x), the file itself not followed. */
    static void add(Map<String, Path> entries, Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = p.getParent() == null ? p : p.getParent().toRealPath();
        Path real = p.getParent() == null ? p : parent.resolve(p.getFileName());
        String name = real.toString().substring(1);
        if (name.isEmpty()) {
            return;
        }
        entries.putIfAbsent(Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name, real);
    }

    static int mode(Path p) {
        try {
            int m = 0;
            for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
                m |= 1 << (8 - perm.ordinal());
            }
            return m;
        } catch (IOException | UnsupportedOperationException e) {
            return 0644;
        }
    }

    static String field(String stanza, String name) {
        for (String line : stanza.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2).trim();
            }
        }
        return null;
    }

    // =========================================================================================== measure

    static void measure(Path build, Path outJson) throws Exception {
        JsonObject prep;
        try (JsonReader r = Json.createReader(Files.newBufferedReader(build.resolve("prepare.json")))) {
            prep = r.readObject();
        }
        JsonObject layerJson = prep.getJsonObject("layer");
        Path basePath = Path.of(layerJson.getString("path"));
        LayerRef base = new LayerRef(layerJson.getString("digest"), GZIP_LAYER, Files.size(basePath));
        Path db = build.resolve("vulndb");
        String url = "jdbc:derby:" + db;
        int images = Integer.getInteger("bench.images", 1000);
        int threads = Integer.getInteger("bench.threads", 2);
        int warmRepeats = Integer.getInteger("bench.warmRepeats", 5);
        long timeLimitNs = Long.getLong("bench.timeLimit", 600L) * 1_000_000_000L;

        List<TopLayer> tops = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            tops.add(TopLayer.of(i));
        }
        Map<String, byte[]> topBlobs = new HashMap<>();
        tops.forEach(t -> topBlobs.put(t.ref.digest(), t.blob));
        CountingBlobSource blobs = new CountingBlobSource(base, basePath, topBlobs);

        HeapSampler heap = new HeapSampler();
        heap.start();
        JsonObjectBuilder phases = Json.createObjectBuilder();
        Map<String, Object> summary = new LinkedHashMap<>();

        // ---- (a) cold: database just booted by this JVM, empty layer cache, new scanner objects
        Phase boot = Phase.start("db boot", heap);
        SimpleDataSource ds = new SimpleDataSource(url);
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
        boot.end();
        clearCache(ds); // empty after prepare; not after a profile run on the same database
        if (count(ds, "vuln_layer_inventory") != 0) {
            throw new IllegalStateException("layer cache not empty before the cold scan");
        }
        Phase cold = Phase.start("cold scan", heap);
        VulnDatabase vdb = new VulnDatabase(ds);
        EmbeddedScanner scanner = new EmbeddedScanner(vdb);
        ScanReport coldReport = scanner.scan(List.of(base), blobs);
        cold.end();
        int coldBaseReads = blobs.opens(base.digest());
        long coldReadNs = blobs.streamNanos(base.digest());
        if (!"Debian:12".equals(coldReport.osRelease())) {
            throw new IllegalStateException("expected Debian:12, scanner found " + coldReport.osRelease());
        }
        phases.add("dbBoot", boot.json());
        phases.add("cold", cold.json().add("baseReads", coldBaseReads)
                .add("blobOpenToCloseMs", ms(coldReadNs))
                .add("report", reportJson(coldReport)));
        say("(a) cold scan: %.3f s (db boot before it %.3f s), %d packages, %d findings, base read %d time(s), "
                        + "blob stream open→close %.3f s", cold.wallNs / 1e9, boot.wallNs / 1e9,
                coldReport.packages().size(), coldReport.findings().size(), coldBaseReads, coldReadNs / 1e9);

        // ---- (b) warm: same scanner, layer cache holds the base layer
        Phase warm = Phase.start("warm scans", heap);
        List<Long> warmNs = new ArrayList<>();
        ScanReport warmReport = null;
        for (int i = 0; i < warmRepeats; i++) {
            long t = System.nanoTime();
            warmReport = scanner.scan(List.of(base), blobs);
            warmNs.add(System.nanoTime() - t);
        }
        warm.end();
        int warmBaseReads = blobs.opens(base.digest()) - coldBaseReads;
        boolean warmSame = sameFindings(coldReport, warmReport);
        phases.add("warm", warm.json().add("repeats", warmRepeats).add("firstMs", ms(warmNs.get(0)))
                .add("medianMs", ms(median(warmNs))).add("baseReads", warmBaseReads)
                .add("sameResultAsCold", warmSame));
        say("(b) warm scans: first %.3f s, median %.3f s of %d, base reads %d, same findings %s",
                warmNs.get(0) / 1e9, median(warmNs) / 1e9, warmRepeats, warmBaseReads, warmSame);

        // ---- (a'') cache miss in a warm JVM: layer cache emptied, same scanner, as a long-running server would see
        Phase missWarm = Phase.start("cache-miss scans, warm JVM", heap);
        List<Long> missNs = new ArrayList<>();
        int readsBefore = blobs.opens(base.digest());
        for (int i = 0; i < 5; i++) {
            clearCache(ds);
            long t = System.nanoTime();
            scanner.scan(List.of(base), blobs);
            missNs.add(System.nanoTime() - t);
        }
        missWarm.end();
        phases.add("coldCacheWarmJvm", missWarm.json().add("repeats", 5).add("medianMs", ms(median(missNs)))
                .add("minMs", ms(Collections.min(missNs))).add("baseReads", blobs.opens(base.digest()) - readsBefore));
        say("(a'') layer-cache miss in a warm JVM: median %.3f s of 5 (min %.3f s)", median(missNs) / 1e9,
                Collections.min(missNs) / 1e9);

        // ---- (c) 1,000 images sharing the base layer, one worker, layer cache emptied first
        clearCache(ds);
        blobs.reset();
        ManyResult seq = scanMany(images + " images, 1 worker", scanner, base, tops, blobs, coldReport, 1, heap,
                timeLimitNs);
        phases.add("images", seq.json);
        say("(c) %d images, 1 worker: %.1f s (%.1f ms/image p50, %.1f p95, %.1f max), base reads %d, "
                        + "top reads %d, wrong reports %d", seq.done, seq.wallNs / 1e9, seq.p50 / 1e6, seq.p95 / 1e6,
                seq.max / 1e6, seq.baseReads, seq.topReads, seq.wrong);

        ManyResult par = null;
        if (threads > 1) {
            // Same blobs under new digests (a suffix the blob source strips), so the cache misses as if emptied
            // without a mass DELETE, whose background space reclamation in Derby would slow this pass.
            blobs.reset();
            int parallelImages = Math.min(images, Integer.getInteger("bench.parallelImages", 200));
            LayerRef base2 = new LayerRef(base.digest() + CountingBlobSource.RERUN, base.mediaType(), base.size());
            List<TopLayer> tops2 = tops.subList(0, parallelImages).stream().map(t -> new TopLayer(
                    new LayerRef(t.ref.digest() + CountingBlobSource.RERUN, t.ref.mediaType(), t.ref.size()), t.blob,
                    t.expectedFindings)).toList();
            par = scanMany(parallelImages + " images, " + threads + " workers", scanner, base2, tops2, blobs,
                    coldReport, threads, heap, timeLimitNs);
            phases.add("imagesParallel", par.json);
            say("(c') %d images, %d workers: %.1f s, base reads %d, wrong reports %d", par.done, threads,
                    par.wallNs / 1e9, par.baseReads, par.wrong);
        }

        heap.stopSampling();

        JsonObjectBuilder root = Json.createObjectBuilder()
                .add("date", Instant.now().toString())
                .add("prepare", prep)
                .add("jvm", Json.createObjectBuilder()
                        .add("version", System.getProperty("java.vm.version"))
                        .add("maxHeapMiB", Runtime.getRuntime().maxMemory() / 1048576)
                        .add("availableProcessors", Runtime.getRuntime().availableProcessors())
                        .add("inputArguments", String.join(" ",
                                ManagementFactory.getRuntimeMXBean().getInputArguments())))
                .add("images", images)
                .add("phases", phases);
        writeJson(outJson, root.build());
        shutdown(db);
    }

    // ------------------------------------------------------------------------------------ many images

    record ManyResult(JsonObjectBuilder json, int done, long wallNs, long p50, long p95, long max, int baseReads,
                      int topReads, int wrong) {
    }

    static ManyResult scanMany(String name, EmbeddedScanner scanner, LayerRef base, List<TopLayer> tops,
                               CountingBlobSource blobs, ScanReport baseReport, int threads, HeapSampler heap,
                               long timeLimitNs) throws Exception {
        int baseFindings = baseReport.findings().size();
        int basePackages = baseReport.packages().size();
        long[] perImage = new long[tops.size()];
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger findings = new AtomicInteger();
        List<String> wrongSamples = Collections.synchronizedList(new ArrayList<>());
        Phase phase = Phase.start(name, heap);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int w = 0; w < threads; w++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < tops.size()) {
                    if (System.nanoTime() - start > timeLimitNs) {
                        return null;
                    }
                    TopLayer top = tops.get(i);
                    long t = System.nanoTime();
                    ScanReport r = scanner.scan(List.of(base, top.ref), blobs);
                    perImage[i] = System.nanoTime() - t;
                    done.incrementAndGet();
                    findings.addAndGet(r.findings().size());
                    int expected = baseFindings + top.expectedFindings;
                    if (r.packages().size() != basePackages + 1 || r.findings().size() != expected) {
                        wrong.incrementAndGet();
                        if (wrongSamples.size() < 3) {
                            wrongSamples.add(String.format("image %d: %d packages (expected %d), %d findings (expected %d)",
                                    i, r.packages().size(), basePackages + 1, r.findings().size(), expected));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        phase.end();
        int n = done.get();
        long[] lat = new long[n];
        int k = 0;
        for (long v : perImage) {
            if (v > 0) {
                lat[k++] = v;
            }
        }
        java.util.Arrays.sort(lat);
        long p50 = n == 0 ? 0 : lat[n / 2];
        long p95 = n == 0 ? 0 : lat[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)];
        long max = n == 0 ? 0 : lat[n - 1];
        int topReads = 0;
        for (TopLayer t : tops) {
            topReads += blobs.opens(t.ref.digest());
        }
        int baseReads = blobs.opens(base.digest());
        JsonObjectBuilder json = phase.json().add("workers", threads).add("imagesRequested", tops.size())
                .add("imagesScanned", n).add("stoppedByTimeLimit", n < tops.size())
                .add("baseReads", baseReads).add("topReads", topReads)
                .add("baseReadMs", ms(blobs.streamNanos(base.digest())))
                .add("firstImageMs", ms(perImage[0]))
                .add("perImageP50Ms", ms(p50)).add("perImageP95Ms", ms(p95)).add("perImageMaxMs", ms(max))
                .add("perImageMeanMs", n == 0 ? 0 : ms(phase.wallNs / n * threads))
                .add("totalFindings", findings.get()).add("wrongReports", wrong.get())
                .add("wrongSamples", Json.createArrayBuilder(wrongSamples));
        return new ManyResult(json, n, phase.wallNs, p50, p95, max, baseReads, topReads, wrong.get());
    }

    /** One small top layer: srv/app-NNNN/node_modules/lodash/package.json, a gzip tar of about 200 bytes. */
    record TopLayer(LayerRef ref, byte[] blob, int expectedFindings) {
        static TopLayer of(int i) {
            try {
                String version = LODASH[i % LODASH.length];
                byte[] json = ("{\n  \"name\": \"lodash\",\n  \"version\": \"" + version + "\",\n  \"description\": "
                        + "\"bench image " + i + "\"\n}\n").getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                    TarArchiveEntry e = new TarArchiveEntry(String.format("srv/app-%04d/node_modules/lodash/package.json", i));
                    e.setSize(json.length);
                    e.setModTime(0);
                    tar.putArchiveEntry(e);
                    tar.write(json);
                    tar.closeArchiveEntry();
                }
                byte[] blob = bytes.toByteArray();
                String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(blob));
                int expected = switch (version) {
                    case "4.17.15" -> 2; // CVE-2020-8203 (< 4.17.20 in this record), CVE-2021-23337
                    case "4.17.20" -> 1; // CVE-2021-23337
                    default -> 0;
                };
                return new TopLayer(new LayerRef(digest, GZIP_LAYER, blob.length), blob, expected);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------ profile

    /**
     * Where the time of a scan goes, in a fresh JVM (so the first pass is as cold as the measured cold scan): the
     * steps of EmbeddedScanner.scan replayed with the scanner's own public classes (layer cache get, layer read,
     * inventory encode + cache put, merge, match), each timed, with every JDBC call timed per SQL text through a
     * proxy; then the same steps warm (medians), and whole scans of new images (base cached, top layer new).
     */
    static void profile(Path build, Path outJson) throws Exception {
        JsonObject layerJson;
        try (JsonReader r = Json.createReader(Files.newBufferedReader(build.resolve("prepare.json")))) {
            layerJson = r.readObject().getJsonObject("layer");
        }
        Path basePath = Path.of(layerJson.getString("path"));
        // A digest of its own, so the layer cache misses without deleting anything: emptying the cache (the rows the
        // measure run left, large CLOBs) sets Derby's background space reclamation going, which slowed these cold
        // steps severalfold.
        LayerRef base = new LayerRef(layerJson.getString("digest") + "-profile-" + System.currentTimeMillis(),
                GZIP_LAYER, Files.size(basePath));
        Path db = build.resolve("vulndb");
        String url = "jdbc:derby:" + db;
        HeapSampler heap = new HeapSampler();
        heap.start();
        JsonObjectBuilder p = Json.createObjectBuilder();

        Phase bootPhase = Phase.start("db boot", heap);
        SimpleDataSource plain = new SimpleDataSource(url);
        try (Connection c = plain.getConnection()) {
            c.isValid(1);
        }
        bootPhase.end();
        p.add("dbBoot", bootPhase.json());

        SqlProfile sql = new SqlProfile();
        DataSource profiled = sql.wrap(plain);
        VulnStore store = new VulnStore(profiled);
        LayerCache cache = new LayerCache(store);
        LayerReader reader = new LayerReader(Analyzers.defaults());
        VulnerabilityMatcher matcher = new VulnerabilityMatcher(store);

        // ---- cold: the steps of one scan of the one-layer image, in scan order, first time in this JVM
        JsonObjectBuilder cold = Json.createObjectBuilder();
        Phase coldPhase = Phase.start("profile: cold steps", heap);
        long total = System.nanoTime();
        sql.reset();
        long t = System.nanoTime();
        try (Connection c = store.connection()) {
            c.isValid(1);
        }
        cold.add("0 first VulnStore.connection(): Schema.ensure (DatabaseMetaData.getTables per table)",
                step(t, sql, "once per VulnDatabase instance"));
        sql.reset();
        t = System.nanoTime();
        boolean hit = cache.get(base.digest()).isPresent();
        cold.add("1 cache get (miss)", step(t, sql, hit ? "unexpected hit" : null));
        sql.reset();
        t = System.nanoTime();
        LayerInventory inv;
        try (InputStream in = Files.newInputStream(basePath)) {
            inv = reader.read(base.digest(), in);
        }
        cold.add("2 read layer (gunzip, tar walk, analyzers)", step(t, sql, null));
        sql.reset();
        t = System.nanoTime();
        String json = InventoryCodec.encode(inv);
        cold.add("3a cache put: InventoryCodec.encode", step(t, sql, json.length() + " JSON chars"));
        sql.reset();
        t = System.nanoTime();
        cache.put(inv);
        cold.add("3b cache put: encode again + DELETE + INSERT", step(t, sql, null));
        sql.reset();
        t = System.nanoTime();
        MergedImage merged = MergedImage.of(List.of(inv));
        OsRelease os = merged.osRelease();
        List<InstalledPackage> pkgs = installed(merged, os);
        cold.add("4 merge + package list", step(t, sql, pkgs.size() + " packages"));
        sql.reset();
        t = System.nanoTime();
        List<Finding> findings = matcher.match(pkgs, os);
        cold.add("5 match", step(t, sql, findings.size() + " findings"));
        cold.add("total", Json.createObjectBuilder().add("ms", ms(System.nanoTime() - total))
                .add("note", "3a is an extra encode done only here, to time it: subtract it to compare with (a)"));
        coldPhase.end();
        p.add("coldSteps", cold);
        p.add("coldStepsPhase", coldPhase.json());
        say("profile: cold steps done in %.2f s", (System.nanoTime() - total) / 1e9);

        // ---- warm: medians
        JsonObjectBuilder warm = Json.createObjectBuilder();
        LayerReader walkOnly = new LayerReader(List.of());
        List<Long> walk = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        List<Long> jdkGunzip = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            t = System.nanoTime();
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(basePath), 1 << 16)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            jdkGunzip.add(System.nanoTime() - t);
            t = System.nanoTime();
            try (InputStream in = Files.newInputStream(basePath)) {
                walkOnly.read(base.digest(), in);
            }
            walk.add(System.nanoTime() - t);
            t = System.nanoTime();
            try (InputStream in = Files.newInputStream(basePath)) {
                reader.read(base.digest(), in);
            }
            read.add(System.nanoTime() - t);
        }
        warm.add("baseLayerJdkGunzipOnlyMs", ms(median(jdkGunzip)));
        warm.add("baseLayerGunzipAndTarWalkMs", ms(median(walk)));
        warm.add("baseLayerReadWithAnalyzersMs", ms(median(read)));
        warm.add("baseLayerAnalysedFiles", inv.files().size());

        List<Long> enc = new ArrayList<>();
        List<Long> encCached = new ArrayList<>();
        List<Long> dec = new ArrayList<>();
        boolean replicaSame = true;
        for (int i = 0; i < 10; i++) {
            t = System.nanoTime();
            json = InventoryCodec.encode(inv);
            enc.add(System.nanoTime() - t);
            t = System.nanoTime();
            String same = encodeWithCachedFactory(inv);
            encCached.add(System.nanoTime() - t);
            // the replica predates fields InventoryCodec gained since: its time is then only indicative
            replicaSame &= same.equals(json);
            t = System.nanoTime();
            InventoryCodec.decode(base.digest(), json);
            dec.add(System.nanoTime() - t);
        }
        warm.add("inventoryJsonChars", json.length());
        warm.add("inventoryEncodeMs", ms(median(enc)));
        warm.add("inventoryEncodeWithCachedJsonFactoryMs", ms(median(encCached)));
        warm.add("cachedFactoryReplicaSameJson", replicaSame);
        warm.add("inventoryDecodeMs", ms(median(dec)));
        int calls = 5000;
        t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Json.createObjectBuilder();
        }
        warm.add("jsonCreateObjectBuilderMicros", Math.round((System.nanoTime() - t) / 1e3 / calls * 10) / 10.0);
        jakarta.json.JsonBuilderFactory factory = Json.createBuilderFactory(Map.of());
        t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            factory.createObjectBuilder();
        }
        warm.add("cachedFactoryCreateObjectBuilderMicros", Math.round((System.nanoTime() - t) / 1e3 / calls * 100) / 100.0);

        List<Long> merge = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            t = System.nanoTime();
            MergedImage m = MergedImage.of(List.of(inv));
            installed(m, m.osRelease());
            merge.add(System.nanoTime() - t);
        }
        warm.add("mergeMs", ms(median(merge)));
        p.add("warmSteps", warm);

        // ---- database steps warm, each timed twice: plain JDBC (the real cost) and through the timing proxy
        // (which adds its own reflection overhead per call, but tells which SQL the time goes to)
        VulnStore plainStore = new VulnStore(plain);
        LayerCache plainCache = new LayerCache(plainStore);
        VulnerabilityMatcher plainMatcher = new VulnerabilityMatcher(plainStore);
        EmbeddedScanner plainScanner = new EmbeddedScanner(new VulnDatabase(plain));
        EmbeddedScanner proxiedScanner = new EmbeddedScanner(new VulnDatabase(profiled));
        int[] topSeq = {300_000};
        Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        CountingBlobSource src = new CountingBlobSource(base, basePath, blobs);
        JsonObjectBuilder dbSteps = Json.createObjectBuilder();
        dbSteps.add("layer cache get of the base layer (CLOB fetch + InventoryCodec.decode)", twice(sql, 40,
                () -> plainCache.get(base.digest()).orElseThrow(), () -> cache.get(base.digest()).orElseThrow()));
        dbSteps.add("layer cache put of a new small top layer (DELETE + INSERT, 2 commits)", twice(sql, 40,
                () -> plainCache.put(topInventory(reader, topSeq[0]++)), () -> cache.put(topInventory(reader, topSeq[0]++))));
        dbSteps.add("match of the base image's " + pkgs.size() + " packages (VulnerabilityMatcher.match)", twice(sql, 40,
                () -> plainMatcher.match(pkgs, os), () -> matcher.match(pkgs, os)));
        Timed scanPlain = () -> plainScanner.scan(List.of(base, newTop(blobs, topSeq[0]++)), src);
        Timed scanProxied = () -> proxiedScanner.scan(List.of(base, newTop(blobs, topSeq[0]++)), src);
        for (int i = 0; i < 5; i++) {
            scanPlain.run();
            scanProxied.run();
        }
        dbSteps.add("whole scan of a new image: base cached + new top layer (EmbeddedScanner.scan)", twice(sql, 40,
                scanPlain, scanProxied));
        p.add("warmDb", dbSteps);
        p.add("warmDbBaseReads", src.opens(base.digest()));
        heap.stopSampling();
        writeJson(outJson, p.build());
        shutdown(db);
        say("profile: written to %s", outJson);
    }

    interface Timed {
        void run() throws Exception;
    }

    /** Median of n runs of each: plain JDBC, then through the proxy (with the proxy's SQL figures). */
    static JsonObjectBuilder twice(SqlProfile sql, int n, Timed plain, Timed proxied) throws Exception {
        plain.run();
        proxied.run();
        List<Long> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            plain.run();
            a.add(System.nanoTime() - t);
        }
        sql.reset();
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            proxied.run();
            b.add(System.nanoTime() - t);
        }
        JsonObject s = sql.json(n);
        return Json.createObjectBuilder().add("plainMs", ms(median(a))).add("proxyMs", ms(median(b)))
                .add("proxyJdbcMs", s.getJsonNumber("jdbcMsPerScan").doubleValue())
                .add("connections", s.getJsonNumber("connectionsPerScan").doubleValue())
                .add("statements", s.getJsonNumber("statementsPerScan").doubleValue())
                .add("sql", s.getJsonArray("bySql"));
    }

    static LayerInventory topInventory(LayerReader reader, int i) throws IOException {
        TopLayer top = TopLayer.of(i);
        try (InputStream in = new ByteArrayInputStream(top.blob)) {
            return reader.read(top.ref.digest(), in);
        }
    }

    static LayerRef newTop(Map<String, byte[]> blobs, int i) {
        TopLayer top = TopLayer.of(i);
        blobs.put(top.ref.digest(), top.blob);
        return top.ref;
    }

    static JsonObjectBuilder step(long startNs, SqlProfile sql, String note) {
        long ns = System.nanoTime() - startNs;
        JsonObject s = sql.json(1);
        JsonObjectBuilder b = Json.createObjectBuilder().add("ms", ms(ns))
                .add("jdbcMs", s.getJsonNumber("jdbcMsPerScan").doubleValue())
                .add("statements", s.getJsonNumber("statementsPerScan").intValue())
                .add("sql", s.getJsonArray("bySql"));
        if (note != null) {
            b.add("note", note);
        }
        return b;
    }

    /** EmbeddedScanner.scan's package list (its ecosystemOf is private; same rules). */
    static List<InstalledPackage> installed(MergedImage image, OsRelease os) {
        List<InstalledPackage> out = new ArrayList<>();
        for (MergedImage.LocatedPackage lp : image.packages()) {
            var pkg = lp.pkg();
            String eco = switch (pkg.type()) {
                case "dpkg" -> os != null && !"Alpine".equals(os.family()) ? os.ecosystem() : null;
                case "apk" -> os != null && "Alpine".equals(os.family()) ? os.ecosystem() : null;
                case "maven" -> "Maven";
                case "npm" -> "npm";
                default -> null;
            };
            out.add(new InstalledPackage(pkg.name(), pkg.version(), pkg.type(), eco, pkg.sourceName(),
                    pkg.sourceVersion(), pkg.location(), lp.layerDigest()));
        }
        out.sort(Comparator.comparing(InstalledPackage::type).thenComparing(InstalledPackage::name)
                .thenComparing(InstalledPackage::version).thenComparing(InstalledPackage::location));
        return out;
    }

    /** InventoryCodec.encode with one JsonBuilderFactory instead of a Json.createXxx() (provider look-up) per builder. */
    static final jakarta.json.JsonBuilderFactory FACTORY = Json.createBuilderFactory(Map.of());

    static String encodeWithCachedFactory(LayerInventory inv) {
        JsonArrayBuilder files = FACTORY.createArrayBuilder();
        inv.files().forEach((path, facts) -> {
            JsonArrayBuilder pkgs = FACTORY.createArrayBuilder();
            for (var pk : facts.packages()) {
                JsonObjectBuilder b = FACTORY.createObjectBuilder().add("name", pk.name()).add("version", pk.version())
                        .add("type", pk.type()).add("location", pk.location());
                if (pk.sourceName() != null) {
                    b.add("sourceName", pk.sourceName());
                }
                if (pk.sourceVersion() != null) {
                    b.add("sourceVersion", pk.sourceVersion());
                }
                pkgs.add(b);
            }
            JsonObjectBuilder f = FACTORY.createObjectBuilder().add("path", path).add("packages", pkgs);
            OsRelease o = facts.osRelease();
            if (o != null) {
                JsonObjectBuilder ob = FACTORY.createObjectBuilder().add("family", o.family());
                if (o.version() != null) {
                    ob.add("version", o.version());
                }
                if (o.codename() != null) {
                    ob.add("codename", o.codename());
                }
                f.add("os", ob);
            }
            files.add(f);
        });
        return FACTORY.createObjectBuilder().add("files", files)
                .add("whiteouts", FACTORY.createArrayBuilder(inv.whiteouts()))
                .add("opaqueDirs", FACTORY.createArrayBuilder(inv.opaqueDirs()))
                .build().toString();
    }

    /** Times every JDBC call made through the wrapped DataSource, per SQL text. */
    static final class SqlProfile {
        static final class Stat {
            final AtomicLong prepares = new AtomicLong();
            final AtomicLong prepareNs = new AtomicLong();
            final AtomicLong executes = new AtomicLong();
            final AtomicLong executeNs = new AtomicLong();
            final AtomicLong rows = new AtomicLong();
            final AtomicLong fetchNs = new AtomicLong();
        }

        final Map<String, Stat> stats = new ConcurrentHashMap<>();
        final AtomicLong connections = new AtomicLong();
        final AtomicLong connectNs = new AtomicLong();

        void reset() {
            stats.clear();
            connections.set(0);
            connectNs.set(0);
        }

        JsonObject json(int scans) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            long totalNs = 0;
            long totalExec = 0;
            List<Map.Entry<String, Stat>> sorted = new ArrayList<>(stats.entrySet());
            sorted.sort(Comparator.comparingLong((Map.Entry<String, Stat> e) ->
                    -(e.getValue().prepareNs.get() + e.getValue().executeNs.get() + e.getValue().fetchNs.get())));
            for (Map.Entry<String, Stat> e : sorted) {
                Stat s = e.getValue();
                long ns = s.prepareNs.get() + s.executeNs.get() + s.fetchNs.get();
                totalNs += ns;
                totalExec += s.executes.get();
                list.add(Json.createObjectBuilder().add("sql", e.getKey())
                        .add("preparesPerScan", s.prepares.get() / (double) scans)
                        .add("executesPerScan", s.executes.get() / (double) scans)
                        .add("rowsPerScan", s.rows.get() / (double) scans)
                        .add("prepareMsPerScan", s.prepareNs.get() / 1e6 / scans)
                        .add("executeMsPerScan", s.executeNs.get() / 1e6 / scans)
                        .add("fetchMsPerScan", s.fetchNs.get() / 1e6 / scans));
            }
            return Json.createObjectBuilder()
                    .add("connectionsPerScan", connections.get() / (double) scans)
                    .add("connectMsPerScan", connectNs.get() / 1e6 / scans)
                    .add("statementsPerScan", totalExec / (double) scans)
                    .add("jdbcMsPerScan", (totalNs + connectNs.get()) / 1e6 / scans)
                    .add("bySql", list).build();
        }

        DataSource wrap(SimpleDataSource ds) {
            return new SimpleDataSource(ds.url) {
                @Override
                public Connection getConnection() throws SQLException {
                    long t = System.nanoTime();
                    Connection c = super.getConnection();
                    connectNs.addAndGet(System.nanoTime() - t);
                    connections.incrementAndGet();
                    return proxy(Connection.class, c, (m, args, real) -> {
                        if (m.getName().equals("prepareStatement") && args != null && args[0] instanceof String s) {
                            Stat st = stats.computeIfAbsent(s, k -> new Stat());
                            long t0 = System.nanoTime();
                            PreparedStatement ps = (PreparedStatement) real.invoke();
                            st.prepareNs.addAndGet(System.nanoTime() - t0);
                            st.prepares.incrementAndGet();
                            return proxy(PreparedStatement.class, ps, (m2, a2, real2) -> {
                                String n = m2.getName();
                                if (n.startsWith("execute")) {
                                    long t1 = System.nanoTime();
                                    Object r = real2.invoke();
                                    st.executeNs.addAndGet(System.nanoTime() - t1);
                                    st.executes.incrementAndGet();
                                    if (r instanceof ResultSet rs) {
                                        return proxy(ResultSet.class, rs, (m3, a3, real3) -> {
                                            long t2 = System.nanoTime();
                                            Object v = real3.invoke();
                                            st.fetchNs.addAndGet(System.nanoTime() - t2);
                                            if (m3.getName().equals("next") && Boolean.TRUE.equals(v)) {
                                                st.rows.incrementAndGet();
                                            }
                                            return v;
                                        });
                                    }
                                    return r;
                                }
                                return real2.invoke();
                            });
                        }
                        return real.invoke();
                    });
                }
            };
        }
    }

    interface Call {
        Object invoke() throws Throwable;
    }

    interface Handler {
        Object handle(Method m, Object[] args, Call real) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, T target, Handler h) {
        InvocationHandler ih = (p, m, args) -> h.handle(m, args, () -> {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return (T) Proxy.newProxyInstance(ScannerBench.class.getClassLoader(), new Class<?>[] {type}, ih);
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Opens the base layer from disk and top layers from memory; counts opens and open→close time per digest. */
    static final class CountingBlobSource implements BlobSource {
        final LayerRef base;
        final Path basePath;
        final Map<String, byte[]> tops;
        final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

        CountingBlobSource(LayerRef base, Path basePath, Map<String, byte[]> tops) {
            this.base = base;
            this.basePath = basePath;
            this.tops = tops;
        }

        void reset() {
            opens.clear();
            nanos.clear();
        }

        int opens(String digest) {
            AtomicInteger n = opens.get(digest);
            return n == null ? 0 : n.get();
        }

        long streamNanos(String digest) {
            AtomicLong n = nanos.get(digest);
            return n == null ? 0 : n.get();
        }

        /** Suffix of a digest that names the same blob again (a second pass with a cold cache). */
        static final String RERUN = "-rerun";

        @Override
        public InputStream open(LayerRef layer) throws IOException {
            opens.computeIfAbsent(layer.digest(), k -> new AtomicInteger()).incrementAndGet();
            String digest = layer.digest().endsWith(RERUN)
                    ? layer.digest().substring(0, layer.digest().length() - RERUN.length()) : layer.digest();
            InputStream in;
            if (digest.equals(base.digest())) {
                in = Files.newInputStream(basePath);
            } else {
                byte[] b = tops.get(digest);
                if (b == null) {
                    throw new IOException("unknown blob " + layer.digest());
                }
                in = new ByteArrayInputStream(b);
            }
            long opened = System.nanoTime();
            AtomicLong total = nanos.computeIfAbsent(layer.digest(), k -> new AtomicLong());
            return new FilterInputStream(in) {
                boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        total.addAndGet(System.nanoTime() - opened);
                    }
                    super.close();
                }
            };
        }
    }

    /** Wall time, own CPU, CPU used by other processes (from /proc/stat) and heap for one phase. */
    static final class Phase {
        final String name;
        final HeapSampler heap;
        long startNs;
        long wallNs;
        long cpuStart;
        long cpuNs;
        long[] procStart;
        double otherCores;
        long peakHeap;
        long peakAfterGc;
        long heapAfterGc;

        Phase(String name, HeapSampler heap) {
            this.name = name;
            this.heap = heap;
        }

        static Phase start(String name, HeapSampler heap) {
            Phase p = new Phase(name, heap);
            heap.resetPeak();
            heap.resetPeakAfterGc();
            p.procStart = procStat();
            p.cpuStart = processCpu();
            p.startNs = System.nanoTime();
            return p;
        }

        void end() {
            wallNs = System.nanoTime() - startNs;
            cpuNs = processCpu() - cpuStart;
            long[] procEnd = procStat();
            peakHeap = heap.resetPeak();
            peakAfterGc = heap.resetPeakAfterGc();
            if (procStart != null && procEnd != null && wallNs > 0) {
                double busySec = (procEnd[0] - procStart[0]) / 100.0; // USER_HZ
                otherCores = Math.max(0, (busySec - cpuNs / 1e9) / (wallNs / 1e9));
            }
            System.gc();
            heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            heap.resetPeak();
        }

        JsonObjectBuilder json() {
            return Json.createObjectBuilder().add("name", name).add("wallMs", wallNs / 1e6).add("cpuMs", cpuNs / 1e6)
                    .add("otherProcessesCores", Math.round(otherCores * 100) / 100.0)
                    .add("peakHeapMiB", Math.round(peakHeap / 1048576.0 * 10) / 10.0)
                    .add("peakHeapAfterAnyGcMiB", Math.round(peakAfterGc / 1048576.0 * 10) / 10.0)
                    .add("heapAfterGcMiB", Math.round(heapAfterGc / 1048576.0 * 10) / 10.0);
        }
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {busy jiffies} of the whole machine. */
    static long[] procStat() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Samples heap used every 5 ms; the peak is kept until reset. */
    static final class HeapSampler extends Thread {
        final MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        final AtomicLong peak = new AtomicLong();
        volatile boolean running = true;

        /** Largest heap occupancy right after a garbage collection (≈ live data) since the last reset. */
        final AtomicLong peakAfterGc = new AtomicLong();

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener((n, hb) -> {
                        if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo
                                .GARBAGE_COLLECTION_NOTIFICATION)) {
                            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                                    (javax.management.openmbean.CompositeData) n.getUserData());
                            long after = 0;
                            for (var u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                                after += u.getUsed();
                            }
                            peakAfterGc.accumulateAndGet(after, Math::max);
                        }
                    }, null, null);
                }
            }
        }

        long resetPeakAfterGc() {
            return peakAfterGc.getAndSet(0);
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void sample() {
            long used = mx.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
        }

        long resetPeak() {
            sample();
            return peak.getAndSet(mx.getHeapMemoryUsage().getUsed());
        }

        void stopSampling() {
            running = false;
        }
    }

    static JsonObjectBuilder reportJson(ScanReport r) {
        JsonObjectBuilder sev = Json.createObjectBuilder();
        r.severitySummary().forEach((k, v) -> sev.add(k.label(), v));
        Map<String, Integer> byType = new TreeMap<>();
        r.packages().forEach(p -> byType.merge(p.type(), 1, Integer::sum));
        JsonObjectBuilder types = Json.createObjectBuilder();
        byType.forEach(types::add);
        JsonArrayBuilder findings = Json.createArrayBuilder();
        for (Finding f : r.findings()) {
            findings.add(f.vulnerabilityId() + " " + f.packageName() + " " + f.installedVersion() + " "
                    + f.severity().label() + (f.fixedVersion() == null ? "" : " fixed " + f.fixedVersion()));
        }
        return Json.createObjectBuilder().add("osRelease", String.valueOf(r.osRelease()))
                .add("packages", r.packages().size()).add("packagesByType", types)
                .add("findings", r.findings().size()).add("severity", sev).add("findingList", findings);
    }

    static boolean sameFindings(ScanReport a, ScanReport b) {
        return b != null && a.findings().equals(b.findings()) && a.packages().equals(b.packages());
    }

    static int count(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void clearCache(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM vuln_layer_inventory");
        }
    }

    static void shutdown(Path db) {
        try {
            DriverManager.getConnection("jdbc:derby:" + db + ";shutdown=true").close();
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState())) {
                say("derby shutdown: %s", e.getMessage());
            }
        }
    }

    static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static double ms(long ns) {
        return Math.round(ns / 1e4) / 100.0;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeJson(Path file, JsonObject o) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (JsonWriter w = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(Files.newBufferedWriter(file))) {
            w.writeObject(o);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    static void say(String fmt, Object... args) {
        System.err.println("bench-scanner: " + String.format(Locale.ROOT, fmt, args));
    }

    static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A connection per call from a JDBC URL, as the scanner's command line does. */
    static class SimpleDataSource implements DataSource {
        final String url;

        SimpleDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Scan-all benchmark (not a test): seeds a running Wharf with BENCH_ARTIFACTS images in BENCH_REPOS repositories
 * that share a few base layers, starts "scan all" through Harbor's API and measures images per second until the
 * run ends; then checks the reports of sample artifacts. See bench/scanall/README.md.
 *
 * <p>Layers (gzip'd tars, built here): three base layers, each shared by a third of the repositories (Alpine 3.18
 * with an old patch level, Alpine 3.18 with a later one, Debian 12 "bookworm"), a Node runtime layer with
 * node_modules shared by every second repository, and a small top layer of the artifact's own (its
 * package-lock.json and a build id). Every package named has advisories in the imported data.
 *
 * <p>Modes: {@code seed} (project, blobs, manifests), {@code scan} (start, poll, report, check). Both print
 * {@code key: value} lines; {@code scan} also writes them as JSON to BENCH_JSON when set.
 */
public class ScanAllBench {
    static final String PROJECT = env("BENCH_PROJECT", "scanall");
    static final String URL = env("BENCH_URL", "http://127.0.0.1:23880");
    static final String REGISTRY = env("BENCH_REGISTRY_URL", "");
    static final String PASSWORD = env("BENCH_ADMIN_PASSWORD", "Bench12345");
    static final String SERVICE = env("BENCH_TOKEN_SERVICE", "wharf-registry");
    static final int ARTIFACTS = Integer.parseInt(env("BENCH_ARTIFACTS", "10000"));
    static final int REPOS = Integer.parseInt(env("BENCH_REPOS", "100"));
    static final int THREADS = Integer.parseInt(env("BENCH_THREADS", "6"));
    static final long LIBERTY_PID = Long.parseLong(env("BENCH_LIBERTY_PID", "0"));
    static final long REGISTRY_PID = Long.parseLong(env("BENCH_REGISTRY_PID", "0"));
    static final Duration TIMEOUT = Duration.ofSeconds(Long.parseLong(env("BENCH_TIMEOUT_SECONDS", "300")));
    static final long SCAN_TIMEOUT_S = Long.parseLong(env("BENCH_SCAN_TIMEOUT_SECONDS", "3600"));
    static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final String MIME = "application/vnd.security.vulnerability.report; version=1.1";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    static String env(String name, String dflt) { return System.getenv().getOrDefault(name, dflt); }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the pool's threads would keep the JVM alive
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "seed" -> seed();
            case "scan" -> scan();
            case "layout" -> layout(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: ScanAllBench seed|scan");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Images

    /** A blob: its bytes and, for a layer, the digest of its uncompressed tar (the config's diff_id). */
    record Blob(byte[] bytes, String digest, String diffId) {
        static Blob of(byte[] bytes, String diffId) throws Exception { return new Blob(bytes, "sha256:" + sha256(bytes), diffId); }
    }

    /** What a base gives an image: its layer and the findings a correct report must hold for it. */
    record Base(String name, Blob layer, List<String> expected) {}

    static final String[] ALPINE_OLD = {
            // name, version, origin: versions before fixes in the Alpine 3.18 secdb
            "busybox", "1.36.1-r0", "busybox",
            "busybox-binsh", "1.36.1-r0", "busybox",
            "libcrypto3", "3.1.0-r0", "openssl",
            "libssl3", "3.1.0-r0", "openssl",
            "libcurl", "8.1.2-r0", "curl",
            "curl", "8.1.2-r0", "curl",
            "libexpat", "2.5.0-r1", "expat",
            "musl", "1.2.4-r0", "musl",
            "sqlite-libs", "3.41.2-r2", "sqlite",
            "libxml2", "2.11.4-r0", "libxml2",
            "zlib", "1.2.13-r1", "zlib",
            "apk-tools", "2.14.0-r2", "apk-tools",
            "ca-certificates-bundle", "20230506-r0", "ca-certificates",
    };
    static final String[] ALPINE_NEWER = {
            "busybox", "1.36.1-r5", "busybox",
            "busybox-binsh", "1.36.1-r5", "busybox",
            "libcrypto3", "3.1.4-r0", "openssl",
            "libssl3", "3.1.4-r0", "openssl",
            "libcurl", "8.4.0-r0", "curl",
            "libexpat", "2.5.0-r2", "expat",
            "musl", "1.2.4-r2", "musl",
            "nghttp2-libs", "1.55.1-r0", "nghttp2",
            "zlib", "1.2.13-r1", "zlib",
            "apk-tools", "2.14.0-r2", "apk-tools",
    };
    static final String[] DEBIAN = {
            // package, version, source (version) as dpkg writes them for Debian 12
            "libc6", "2.36-9+deb12u1", "glibc",
            "libc-bin", "2.36-9+deb12u1", "glibc",
            "libssl3", "3.0.11-1~deb12u1", "openssl",
            "openssl", "3.0.11-1~deb12u1", "openssl",
            "libcurl4", "7.88.1-10+deb12u3", "curl",
            "curl", "7.88.1-10+deb12u3", "curl",
            "tar", "1.34+dfsg-1.2", "tar",
            "libtinfo6", "6.4-4", "ncurses",
            "ncurses-base", "6.4-4", "ncurses",
            "zlib1g", "1:1.2.13.dfsg-1", "zlib",
    };

    static List<Base> bases() throws Exception {
        List<Base> bases = new ArrayList<>();
        bases.add(new Base("alpine-3.18.0", alpine("3.18.0", ALPINE_OLD),
                // busybox 1.36.1-r1, openssl 3.1.0-r1 and curl 8.3.0-r0 fixed these (Alpine 3.18 secdb)
                List.of("CVE-2022-48174|busybox", "CVE-2023-0464|libcrypto3", "CVE-2023-38039|curl")));
        bases.add(new Base("alpine-3.18.4", alpine("3.18.4", ALPINE_NEWER),
                // openssl 3.1.4-r1, busybox 1.36.1-r6, curl 8.5.0-r0 (libcurl)
                List.of("CVE-2023-5678|libcrypto3", "CVE-2023-42366|busybox", "CVE-2023-46218|libcurl")));
        bases.add(new Base("debian-12", debian(),
                // glibc's "Looney Tunables", openssl's CVE-2023-5678 and curl's SOCKS5 overflow (Debian tracker)
                List.of("CVE-2023-4911|libc6", "CVE-2023-5678|libssl3", "CVE-2023-38545|libcurl4")));
        return bases;
    }

    static Blob alpine(String release, String[] packages) throws Exception {
        StringBuilder db = new StringBuilder();
        for (int i = 0; i < packages.length; i += 3) {
            db.append("C:Q1").append(Base64.getEncoder().encodeToString(sha1((packages[i] + packages[i + 1]).getBytes())))
                    .append("\nP:").append(packages[i]).append("\nV:").append(packages[i + 1])
                    .append("\nA:x86_64\nS:").append(100_000 + i * 997).append("\nI:").append(300_000 + i * 1013)
                    .append("\nT:").append(packages[i]).append(" package\nU:https://alpinelinux.org\nL:MIT\no:")
                    .append(packages[i + 2]).append("\nm:Natanael Copa <ncopa@alpinelinux.org>\nt:1683900000\n\n");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("etc/alpine-release", (release + "\n").getBytes());
        files.put("etc/os-release", ("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=" + release + "\nPRETTY_NAME=\"Alpine Linux v3.18\"\n"
                + "HOME_URL=\"https://alpinelinux.org/\"\n").getBytes());
        files.put("lib/apk/db/installed", db.toString().getBytes());
        files.put("bin/busybox", filler(new Random(release.hashCode()), 96 * 1024));
        return layer(files);
    }

    static Blob debian() throws Exception {
        StringBuilder status = new StringBuilder();
        for (int i = 0; i < DEBIAN.length; i += 3) {
            status.append("Package: ").append(DEBIAN[i]).append("\nStatus: install ok installed\nPriority: required\n")
                    .append("Section: libs\nInstalled-Size: ").append(1000 + i * 37).append("\nMaintainer: Debian <debian@lists.debian.org>\n")
                    .append("Architecture: amd64\n");
            if (!DEBIAN[i].equals(DEBIAN[i + 2])) status.append("Source: ").append(DEBIAN[i + 2]).append('\n');
            status.append("Version: ").append(DEBIAN[i + 1]).append("\nDescription: ").append(DEBIAN[i]).append("\n\n");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("etc/os-release", ("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
                + "VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n").getBytes());
        files.put("etc/debian_version", "12.2\n".getBytes());
        files.put("var/lib/dpkg/status", status.toString().getBytes());
        files.put("usr/lib/x86_64-linux-gnu/libc.so.6", filler(new Random(12), 128 * 1024));
        return layer(files);
    }

    /** node_modules of a runtime image: lodash 4.17.19 (GHSA-35jh-r3h4-6jhm, GHSA-p6mc-m468-83gw). */
    static Blob nodeRuntime() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("usr/local/lib/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.19\",\"license\":\"MIT\"}\n".getBytes());
        files.put("usr/local/lib/node_modules/node-fetch/package.json", "{\"name\":\"node-fetch\",\"version\":\"2.6.0\",\"license\":\"MIT\"}\n".getBytes());
        files.put("usr/local/bin/node", filler(new Random(18), 64 * 1024));
        return layer(files);
    }

    static final String[] LODASH = {"4.17.15", "4.17.20", "4.17.21"};
    static final String[] NODE_FETCH = {"2.6.1", "2.6.7", "3.1.0"};

    /** The artifact's own layer: its lock file and a build id, so every artifact has one layer no other has. */
    static Blob top(int repo, int index) throws Exception {
        String lodash = LODASH[(repo + index) % LODASH.length];
        String fetch = NODE_FETCH[index % NODE_FETCH.length];
        String lock = "{\n  \"name\": \"svc-" + repo + "\",\n  \"version\": \"1.0." + index + "\",\n  \"lockfileVersion\": 3,\n"
                + "  \"requires\": true,\n  \"packages\": {\n    \"\": {\"name\": \"svc-" + repo + "\", \"version\": \"1.0." + index + "\","
                + " \"dependencies\": {\"lodash\": \"^4.17.0\", \"node-fetch\": \"^2.6.0\"}},\n"
                + "    \"node_modules/lodash\": {\"version\": \"" + lodash + "\", \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-"
                + lodash + ".tgz\"},\n"
                + "    \"node_modules/node-fetch\": {\"version\": \"" + fetch + "\", \"resolved\": \"https://registry.npmjs.org/node-fetch/-/node-fetch-"
                + fetch + ".tgz\"}\n  }\n}\n";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app/package-lock.json", lock.getBytes());
        files.put("app/BUILD_ID", (repo + "-" + index + "-" + Long.toHexString(new Random(repo * 1_000_003L + index).nextLong()) + "\n").getBytes());
        files.put("app/index.js", filler(new Random(repo * 31L + index), 2048));
        return layer(files);
    }

    static byte[] filler(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + r.nextInt(26));
        return b;
    }

    /** A gzip'd ustar archive of the files, in order, with fixed times (the same files give the same digest). */
    static Blob layer(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, f.getKey(), 100);
            put(h, 100, "0000644", 8);
            put(h, 108, "0000000", 8);
            put(h, 116, "0000000", 8);
            put(h, 124, String.format("%011o", f.getValue().length), 12);
            put(h, 136, String.format("%011o", 1_700_000_000L), 12);
            for (int i = 148; i < 156; i++) h[i] = ' ';
            h[156] = '0';
            put(h, 257, "ustar", 6);
            h[263] = '0';
            h[264] = '0';
            put(h, 265, "root", 32);
            put(h, 297, "root", 32);
            int sum = 0;
            for (byte b : h) sum += b & 0xff;
            put(h, 148, String.format("%06o", sum), 7);
            h[155] = ' ';
            tar.write(h);
            tar.write(f.getValue());
            int pad = (512 - f.getValue().length % 512) % 512;
            tar.write(new byte[pad]);
        }
        tar.write(new byte[1024]);
        byte[] raw = tar.toByteArray();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        return Blob.of(gz.toByteArray(), "sha256:" + sha256(raw));
    }

    static void put(byte[] h, int at, String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, Math.min(b.length, max));
    }

    static Blob config(List<Blob> layers) throws Exception {
        StringBuilder s = new StringBuilder("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"node\",\"/app/index.js\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        for (int i = 0; i < layers.size(); i++) s.append(i > 0 ? "," : "").append('"').append(layers.get(i).diffId()).append('"');
        s.append("]}}");
        return Blob.of(s.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    static String repo(int k) { return PROJECT + "/svc-" + String.format("%03d", k); }

    /** The layers of artifact (repo, index), bottom first. */
    static List<Blob> layersOf(List<Base> bases, Blob runtime, int repo, int index) throws Exception {
        List<Blob> layers = new ArrayList<>();
        layers.add(bases.get(repo % bases.size()).layer());
        if (repo % 2 == 0) layers.add(runtime);
        layers.add(top(repo, index));
        return layers;
    }

    /** Writes artifact (repo, index) as an OCI image layout, for {@code bin/wharf scan DIR} to compare with. */
    static void layout(Path dir, int repo, int index) throws Exception {
        List<Blob> layers = layersOf(bases(), nodeRuntime(), repo, index);
        Blob config = config(layers);
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<Blob> all = new ArrayList<>(layers);
        all.add(config);
        for (Blob b : all) Files.write(dir.resolve("blobs/sha256/" + b.digest().substring(7)), b.bytes());
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":" + config.bytes().length + "},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i > 0 ? "," : "").append("{\"mediaType\":\"").append(LAYER).append("\",\"digest\":\"").append(layers.get(i).digest())
                    .append("\",\"size\":").append(layers.get(i).bytes().length).append('}');
        }
        json.append("]}");
        byte[] manifest = json.toString().getBytes(StandardCharsets.UTF_8);
        String digest = sha256(manifest);
        Files.write(dir.resolve("blobs/sha256/" + digest), manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + OCI + "\",\"digest\":\"sha256:"
                + digest + "\",\"size\":" + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0." + index + "\"}}]}");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Seeding

    static void seed() throws Exception {
        long t0 = System.nanoTime();
        send("POST", URL + "/api/v2.0/projects", ADMIN, "application/json",
                ("{\"project_name\":\"" + PROJECT + "\",\"metadata\":{\"public\":\"false\"}}").getBytes(StandardCharsets.UTF_8), 201, 409);
        List<Base> bases = bases();
        Blob runtime = nodeRuntime();
        int perRepo = ARTIFACTS / REPOS;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        // Shared layers and each repository's configs are uploaded once per repository (the registry keeps one copy).
        List<Future<?>> shared = new ArrayList<>();
        for (int k = 0; k < REPOS; k++) {
            int repo = k;
            shared.add(pool.submit(() -> {
                upload(repo(repo), bases.get(repo % bases.size()).layer());
                if (repo % 2 == 0) upload(repo(repo), runtime);
                return null;
            }));
        }
        for (Future<?> f : shared) f.get();
        // Artifacts in the order index-major, so the threads work on different repositories at a time.
        List<Future<?>> pushes = new ArrayList<>();
        for (int i = 0; i < perRepo; i++) {
            for (int k = 0; k < REPOS; k++) {
                int repo = k, index = i;
                pushes.add(pool.submit(() -> {
                    List<Blob> layers = layersOf(bases, runtime, repo, index);
                    upload(repo(repo), layers.get(layers.size() - 1));
                    Blob config = config(layers);
                    upload(repo(repo), config);
                    pushManifest(repo, index, config, layers);
                    return null;
                }));
            }
        }
        int done = 0;
        for (Future<?> f : pushes) {
            f.get();
            if (++done % 1000 == 0) System.out.printf("  %d pushed (%.0f s)%n", done, (System.nanoTime() - t0) / 1e9);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("seeded: %d artifacts in %d repositories (bases %s, Node runtime in every second repository) in %.1f s (%.0f/s)%n",
                pushes.size(), REPOS, bases.stream().map(Base::name).toList(), seconds, pushes.size() / seconds);
    }

    static void pushManifest(int repo, int index, Blob config, List<Blob> layers) throws Exception {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":" + config.bytes().length + "},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i > 0 ? "," : "").append("{\"mediaType\":\"").append(LAYER).append("\",\"digest\":\"").append(layers.get(i).digest())
                    .append("\",\"size\":").append(layers.get(i).bytes().length).append('}');
        }
        json.append("]}");
        send("PUT", URL + "/v2/" + repo(repo) + "/manifests/1.0." + index, bearer(repo(repo)), OCI,
                json.toString().getBytes(StandardCharsets.UTF_8), 201);
    }

    /** Uploads a blob (POST then PUT), straight to the registry when BENCH_REGISTRY_URL is set, else through Wharf. */
    static void upload(String repo, Blob blob) throws Exception {
        String base = REGISTRY.isEmpty() ? URL : REGISTRY;
        HttpResponse<String> start = send("POST", base + "/v2/" + repo + "/blobs/uploads/", bearer(repo), null, new byte[0], 202);
        String location = start.headers().firstValue("Location").orElseThrow();
        if (!location.startsWith("http")) location = base + location;
        send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + blob.digest(), bearer(repo),
                "application/octet-stream", blob.bytes(), 201);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scan all

    static void scan() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        long cpu0 = cpuTicks(LIBERTY_PID), reg0 = cpuTicks(REGISTRY_PID);
        double[] load0 = loadAverage();
        long t0 = System.nanoTime();
        // Harbor's way to run it now: a "Manual" schedule.
        HttpResponse<String> started = send("POST", URL + "/api/v2.0/system/scanAll/schedule", ADMIN, "application/json",
                "{\"schedule\":{\"type\":\"Manual\"}}".getBytes(StandardCharsets.UTF_8), 201, 400);
        if (started.statusCode() == 400) {
            // Builds before the Manual type was understood: Wharf's own path to run it now.
            System.out.println("(this build refuses a Manual schedule: started with POST /api/v2.0/system/scanAll)");
            send("POST", URL + "/api/v2.0/system/scanAll", ADMIN, null, new byte[0], 202);
        }
        String metrics = "";
        double firstDone = -1;
        double maxLoad = 0;
        long lastCompleted = -1;
        List<String> progress = new ArrayList<>();
        long lastPrint = 0;
        while (true) {
            Thread.sleep(1000);
            metrics = send("GET", URL + "/api/v2.0/scans/all/metrics", ADMIN, null, null, 200).body();
            long completed = number(metrics, "completed");
            long total = number(metrics, "total");
            double elapsed = (System.nanoTime() - t0) / 1e9;
            maxLoad = Math.max(maxLoad, loadAverage()[0]);
            if (completed > 0 && firstDone < 0) firstDone = elapsed;
            if (elapsed - lastPrint >= 10) {
                lastPrint = (long) elapsed;
                String line = String.format("  %4.0f s: %d of %d done (%s), load %.1f", elapsed, completed, total,
                        field(metrics, "metrics"), loadAverage()[0]);
                System.out.println(line);
                progress.add(line.strip());
            }
            if (metrics.contains("\"ongoing\":false") && total > 0 && completed >= total) break;
            if (metrics.contains("\"ongoing\":false") && completed == lastCompleted && elapsed > 30) break; // stopped or failed
            lastCompleted = completed;
            if (elapsed > SCAN_TIMEOUT_S) {
                System.out.println("timed out after " + SCAN_TIMEOUT_S + " s");
                break;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long cpu1 = cpuTicks(LIBERTY_PID), reg1 = cpuTicks(REGISTRY_PID);
        double[] load1 = loadAverage();
        long completed = number(metrics, "completed");
        long success = numberIn(metrics, "Success");
        long errors = numberIn(metrics, "Error");
        double cpuSeconds = (cpu1 - cpu0) / 100.0;
        out.put("artifacts", number(metrics, "total"));
        out.put("completed", completed);
        out.put("success", success);
        out.put("errors", errors);
        out.put("wall_s", round(wall));
        out.put("images_per_s", round(completed / wall));
        out.put("first_done_s", round(firstDone));
        out.put("liberty_cpu_s", round(cpuSeconds));
        out.put("liberty_cpu_ms_per_image", completed == 0 ? 0 : round(1000 * cpuSeconds / completed));
        out.put("registry_cpu_ms_per_image", completed == 0 ? 0 : round(1000 * (reg1 - reg0) / 100.0 / completed));
        out.put("load_before", round(load0[0]));
        out.put("load_after", String.format("%.2f %.2f %.2f", load1[0], load1[1], load1[2]));
        out.put("load_max_1min", round(maxLoad));
        out.put("metrics", metrics);
        String summary = send("GET", URL + "/api/v2.0/security/summary", ADMIN, null, null, 200).body();
        out.put("findings_total", number(summary, "total_vuls"));
        out.put("scanned", number(summary, "scanned_cnt"));
        out.put("summary", summary);
        List<String> problems = check(out);
        out.put("check", problems.isEmpty() ? "ok" : String.join("; ", problems));
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (!e.getKey().equals("summary") && !e.getKey().equals("samples")) System.out.println(e.getKey() + ": " + e.getValue());
        }
        String json = System.getenv("BENCH_JSON");
        if (json != null) Files.writeString(Path.of(json), toJson(out));
        if (!problems.isEmpty() || errors > 0 || completed < number(metrics, "total")) System.exit(1);
    }

    /**
     * Reads the reports of sample artifacts (one per base, with and without the Node runtime) and checks each
     * holds the findings its layers must give, and that two artifacts on the same layers but their own agree on
     * the findings of those layers.
     */
    static List<String> check(Map<String, Object> out) throws Exception {
        List<String> problems = new ArrayList<>();
        List<Base> bases = bases();
        List<String> samples = new ArrayList<>();
        int perRepo = Math.max(1, ARTIFACTS / REPOS);
        for (int k = 0; k < Math.min(REPOS, 6); k++) {
            Base base = bases.get(k % bases.size());
            for (int index : new int[] {0, perRepo - 1}) {
                String repoName = repo(k).substring(PROJECT.length() + 1);
                String url = URL + "/api/v2.0/projects/" + PROJECT + "/repositories/" + repoName + "/artifacts/1.0." + index
                        + "/additions/vulnerabilities";
                HttpResponse<String> r = send("GET", url, ADMIN, null, null, 200, 404);
                if (r.statusCode() != 200) {
                    problems.add(repoName + ":1.0." + index + " has no report");
                    continue;
                }
                TreeSet<String> found = findings(r.body());
                List<String> expected = new ArrayList<>(base.expected());
                if (k % 2 == 0) expected.add("GHSA-35jh-r3h4-6jhm|lodash"); // the runtime's node_modules lodash 4.17.19
                String lodash = LODASH[(k + index) % LODASH.length];
                if (!lodash.equals("4.17.21")) expected.add("GHSA-35jh-r3h4-6jhm|lodash"); // the lock file's
                String fetch = NODE_FETCH[index % NODE_FETCH.length];
                if (fetch.equals("2.6.1")) expected.add("GHSA-r683-j2x4-v87g|node-fetch");
                for (String e : expected) {
                    if (found.stream().noneMatch(f -> f.startsWith(e + "|"))) problems.add(repoName + ":1.0." + index + " lacks " + e);
                }
                if (k % 2 == 1 && lodash.equals("4.17.21") && found.stream().anyMatch(f -> f.startsWith("GHSA-35jh-r3h4-6jhm|"))) {
                    problems.add(repoName + ":1.0." + index + " reports lodash GHSA-35jh-r3h4-6jhm with lodash 4.17.21 only");
                }
                samples.add(repoName + ":1.0." + index + " (" + base.name() + (k % 2 == 0 ? " + node runtime" : "") + ", lodash " + lodash
                        + ", node-fetch " + fetch + "): " + found.size() + " findings");
            }
        }
        // The base layer's findings are the same in every artifact built on it.
        for (int k = 0; k < Math.min(REPOS, 3); k++) {
            TreeSet<String> a = baseFindings(k, 0), b = baseFindings(k + 3 < REPOS ? k + 3 : k, perRepo - 1);
            if (a != null && b != null && !a.equals(b)) problems.add("base findings differ between " + repo(k) + " and " + repo(k + 3));
        }
        out.put("samples", samples);
        for (String s : samples) System.out.println("sample " + s);
        return problems;
    }

    /** Findings of an artifact that are not npm's (those of its base layer): id|package|version|fix. */
    static TreeSet<String> baseFindings(int repo, int index) throws Exception {
        String repoName = repo(repo).substring(PROJECT.length() + 1);
        HttpResponse<String> r = send("GET", URL + "/api/v2.0/projects/" + PROJECT + "/repositories/" + repoName + "/artifacts/1.0." + index
                + "/additions/vulnerabilities", ADMIN, null, null, 200, 404);
        if (r.statusCode() != 200) return null;
        TreeSet<String> all = findings(r.body());
        all.removeIf(f -> f.contains("|lodash|") || f.contains("|node-fetch|"));
        return all;
    }

    /** id|package|version|fix of every finding of a report (Harbor's report 1.1). */
    @SuppressWarnings("unchecked")
    static TreeSet<String> findings(String body) {
        TreeSet<String> out = new TreeSet<>();
        Map<String, Object> root = (Map<String, Object>) new Json(body).value();
        Map<String, Object> report = (Map<String, Object>) root.get(MIME);
        if (report == null) return out;
        for (Object o : (List<Object>) report.getOrDefault("vulnerabilities", List.of())) {
            Map<String, Object> v = (Map<String, Object>) o;
            out.add(v.get("id") + "|" + v.get("package") + "|" + v.get("version") + "|" + (v.get("fix_version") == null ? "" : v.get("fix_version")));
        }
        return out;
    }

    /** A small JSON reader (the bench uses the JDK only): objects as maps, arrays as lists, numbers as doubles. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    skip();
                    String k = string();
                    skip();
                    i++; // :
                    m.put(k, value());
                    skip();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') return string();
            int j = i;
            while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) i++;
            String t = s.substring(j, i);
            return switch (t) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.parseDouble(t);
            };
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void skip() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plumbing

    static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static long numberIn(String json, String key) { return number(json, key); }

    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\{[^}]*\\})").matcher(json);
        return m.find() ? m.group(1) : "{}";
    }

    static double round(double d) { return Math.round(d * 100) / 100.0; }

    static long cpuTicks(long pid) {
        if (pid <= 0) return 0;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException e) {
            return new double[] {0, 0, 0};
        }
    }

    static String toJson(Map<String, Object> out) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (s.length() > 1) s.append(',');
            s.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number) s.append(v);
            else if (v instanceof String str && (str.startsWith("{") || str.startsWith("["))) s.append(str);
            else if (v instanceof List<?> l) {
                s.append('[');
                for (int i = 0; i < l.size(); i++) s.append(i > 0 ? "," : "").append('"').append(String.valueOf(l.get(i)).replace("\"", "\\\"")).append('"');
                s.append(']');
            } else s.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return s.append("}\n").toString();
    }

    static String bearer(String repo) throws Exception { return "Bearer " + token("repository:" + repo + ":push,pull"); }

    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    /** A token per scope, asked again after 20 minutes (Wharf's default lifetime is 30). */
    static String token(String scope) throws Exception {
        String key = scope + "/" + (System.currentTimeMillis() / 1_200_000);
        String cached = TOKENS.get(key);
        if (cached != null) return cached;
        HttpResponse<String> r = send("GET", URL + "/service/token?service=" + SERVICE + "&scope=" + scope, ADMIN, null, null, 200);
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) throw new IOException("no token in " + r.body());
        TOKENS.put(key, m.group(1));
        return m.group(1);
    }

    static HttpResponse<String> send(String method, String url, String auth, String type, byte[] body, int... ok) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) b.header("Authorization", auth);
        if (type != null) b.header("Content-Type", type);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (int s : ok) if (r.statusCode() == s) return r;
        throw new IOException(method + " " + url + ": " + r.statusCode() + " " + r.body());
    }

    static String sha256(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)); }

    static byte[] sha1(byte[] b) throws Exception { return MessageDigest.getInstance("SHA-1").digest(b); }
}

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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Garbage collection benchmark (not a test): seeds a running Wharf through its gateway with
 * BENCH_ARTIFACTS artifacts in BENCH_REPOS repositories sharing BENCH_BLOBS blobs, deletes half of
 * them through the API, then runs one garbage collection while BENCH_PULLERS threads pull the
 * remaining artifacts (manifest and every blob, digests checked) and prints what it measured.
 *
 * Layout: repository k has its own blobs (BENCH_BLOBS - COMMON) / repos, and every repository also
 * mounts COMMON shared blobs. Its first half of artifacts use the first half of its own blobs, the
 * second half the rest; the first half is deleted, so about half of the own blobs become garbage.
 */
public class GcBench {
    static final int COMMON = 20;
    static final String PROJECT = System.getenv().getOrDefault("BENCH_PROJECT", "bench");
    static final String URL = env("BENCH_URL", "http://127.0.0.1:23080");
    static final String PASSWORD = env("BENCH_ADMIN_PASSWORD", "Harbor12345");
    static final String SERVICE = env("BENCH_TOKEN_SERVICE", "wharf-registry");
    static final int ARTIFACTS = Integer.parseInt(env("BENCH_ARTIFACTS", "10000"));
    static final int BLOBS = Integer.parseInt(env("BENCH_BLOBS", "2000"));
    static final int REPOS = Integer.parseInt(env("BENCH_REPOS", "100"));
    static final int THREADS = Integer.parseInt(env("BENCH_THREADS", "6"));
    static final int PULLERS = Integer.parseInt(env("BENCH_PULLERS", "4"));
    static final int BLOB_BYTES = Integer.parseInt(env("BENCH_BLOB_BYTES", "16384"));
    /** Per request; on a machine shared with other work a gateway request can wait long. */
    static final Duration TIMEOUT = Duration.ofSeconds(Long.parseLong(env("BENCH_TIMEOUT_SECONDS", "300")));
    static final Path REGISTRY_ROOT = Path.of(env("BENCH_REGISTRY_ROOT", "bench/gc/target/home/registry"));
    static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    static String env(String name, String dflt) { return System.getenv().getOrDefault(name, dflt); }

    record Blob(String digest, int size) {}
    record Pushed(int repo, String digest, String manifest, List<Blob> blobs, boolean deleted) {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int perRepoOwn = (BLOBS - COMMON) / REPOS;
        int perRepoArtifacts = ARTIFACTS / REPOS;
        send("POST", URL + "/api/v2.0/projects", ADMIN, "application/json",
                ("{\"project_name\":\"" + PROJECT + "\",\"metadata\":{\"public\":\"false\"}}").getBytes(StandardCharsets.UTF_8), 201, 409);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Random random = new Random(42);
        List<Blob> common = new ArrayList<>();
        for (int i = 0; i < COMMON; i++) common.add(upload(repo(0), randomBytes(random, BLOB_BYTES)));
        List<List<Blob>> own = new ArrayList<>();
        List<Future<List<Blob>>> ownFutures = new ArrayList<>();
        for (int k = 0; k < REPOS; k++) {
            int repo = k;
            byte[][] contents = new byte[perRepoOwn][];
            for (int i = 0; i < perRepoOwn; i++) contents[i] = randomBytes(random, BLOB_BYTES / 2 + random.nextInt(BLOB_BYTES));
            ownFutures.add(pool.submit(() -> {
                List<Blob> mine = new ArrayList<>();
                for (byte[] c : contents) mine.add(upload(repo(repo), c));
                if (repo != 0) for (Blob b : common) mount(repo(repo), repo(0), b.digest());
                return mine;
            }));
        }
        for (Future<List<Blob>> f : ownFutures) own.add(f.get());
        double blobSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("blobs: %d uploaded, %d mounts, in %.1f s%n", COMMON + REPOS * perRepoOwn, (REPOS - 1) * COMMON, blobSeconds);

        long t1 = System.nanoTime();
        List<Future<Pushed>> pushes = new ArrayList<>();
        for (int k = 0; k < REPOS; k++) {
            for (int a = 0; a < perRepoArtifacts; a++) {
                int repo = k;
                int index = a;
                boolean firstHalf = a < perRepoArtifacts / 2;
                List<Blob> pool0 = own.get(k).subList(firstHalf ? 0 : perRepoOwn / 2, firstHalf ? perRepoOwn / 2 : perRepoOwn);
                pushes.add(pool.submit(() -> pushManifest(repo, index, pool0, common, firstHalf)));
            }
        }
        List<Pushed> artifacts = new ArrayList<>();
        for (Future<Pushed> f : pushes) artifacts.add(f.get());
        double pushSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("artifacts: %d pushed through the gateway in %.1f s (%.0f/s)%n", artifacts.size(), pushSeconds, artifacts.size() / pushSeconds);

        long t2 = System.nanoTime();
        List<Future<?>> deletes = new ArrayList<>();
        for (Pushed p : artifacts) {
            if (!p.deleted()) continue;
            deletes.add(pool.submit(() -> {
                send("DELETE", URL + "/api/v2.0/projects/" + PROJECT + "/repositories/r" + p.repo() + "/artifacts/" + p.digest(),
                        ADMIN, null, null, 200);
                return null;
            }));
        }
        for (Future<?> f : deletes) f.get();
        double deleteSeconds = (System.nanoTime() - t2) / 1e9;
        System.out.printf("deleted: %d artifacts through the API in %.1f s%n", deletes.size(), deleteSeconds);
        long before = registryBytes();
        System.out.printf("registry storage before GC: %d bytes%n", before);
        Thread.sleep(Long.parseLong(env("BENCH_WAIT_MS", "7000")));

        List<Pushed> kept = artifacts.stream().filter(p -> !p.deleted()).toList();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong pulls = new AtomicLong();
        AtomicLong pullErrors = new AtomicLong();
        AtomicLong blobReads = new AtomicLong();
        ConcurrentHashMap<String, String> firstErrors = new ConcurrentHashMap<>();
        ExecutorService pullers = Executors.newFixedThreadPool(PULLERS);
        for (int t = 0; t < PULLERS; t++) {
            int seed = t;
            pullers.submit(() -> {
                Random r = new Random(seed);
                while (!stop.get()) {
                    Pushed p = kept.get(r.nextInt(kept.size()));
                    try {
                        pull(p, blobReads);
                        pulls.incrementAndGet();
                    } catch (Exception e) {
                        pullErrors.incrementAndGet();
                        firstErrors.putIfAbsent(String.valueOf(firstErrors.size() % 5), p.repo() + "@" + p.digest() + ": " + e.getMessage());
                    }
                }
                return null;
            });
        }
        Thread.sleep(2000); // pulls are flowing before the collection starts
        long pullsBefore = pulls.get();
        long t3 = System.nanoTime();
        HttpResponse<String> started = send("POST", URL + "/api/v2.0/system/gc/schedule", ADMIN, "application/json",
                "{\"schedule\":{\"type\":\"Manual\"},\"parameters\":{\"workers\":3}}".getBytes(StandardCharsets.UTF_8), 201);
        String location = started.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String run;
        while (true) {
            run = send("GET", URL + "/api/v2.0/system/gc/" + id, ADMIN, null, null, 200).body();
            if (run.contains("\"job_status\":\"Success\"") || run.contains("\"job_status\":\"Error\"") || run.contains("\"job_status\":\"Stopped\"")) break;
            Thread.sleep(200);
        }
        double gcSeconds = (System.nanoTime() - t3) / 1e9;
        long pullsDuring = pulls.get() - pullsBefore;
        long errorsDuring = pullErrors.get();
        stop.set(true);
        pullers.shutdown();
        pool.shutdown();
        long after = registryBytes();
        // Every kept artifact still pulls whole after the collection.
        long verifyErrors = 0;
        for (Pushed p : kept) {
            try {
                pull(p, blobReads);
            } catch (Exception e) {
                verifyErrors++;
            }
        }
        System.out.printf("gc: %s%n", run);
        System.out.printf("gc wall time (submit to Success seen): %.1f s%n", gcSeconds);
        System.out.printf("pulls during gc: %d artifacts (manifest + blobs), errors: %d %s%n", pullsDuring, errorsDuring, firstErrors.values());
        System.out.printf("registry storage after GC: %d bytes (freed %d)%n", after, before - after);
        System.out.printf("kept artifacts pulled whole after GC: %d of %d%n", kept.size() - verifyErrors, kept.size());
        System.out.printf("total bench time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (errorsDuring > 0 || verifyErrors > 0) System.exit(1);
    }

    static String repo(int k) { return PROJECT + "/r" + k; }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static Pushed pushManifest(int repo, int index, List<Blob> ownPool, List<Blob> common, boolean deleted) throws Exception {
        Random r = new Random(repo * 100_003L + index);
        Blob config = ownPool.get(r.nextInt(ownPool.size()));
        List<Blob> layers = new ArrayList<>();
        layers.add(common.get(r.nextInt(common.size())));
        for (int i = 0; i < 3; i++) {
            Blob b = ownPool.get(r.nextInt(ownPool.size()));
            if (!layers.contains(b)) layers.add(b);
        }
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":" + config.size() + "},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            if (i > 0) json.append(',');
            json.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"").append(layers.get(i).digest())
                    .append("\",\"size\":").append(layers.get(i).size()).append('}');
        }
        json.append("],\"annotations\":{\"bench.index\":\"").append(repo).append('-').append(index).append("\"}}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        String digest = "sha256:" + sha256(body);
        send("PUT", URL + "/v2/" + repo(repo) + "/manifests/v" + index, bearer(repo(repo)), OCI, body, 201);
        List<Blob> all = new ArrayList<>(layers);
        all.add(config);
        return new Pushed(repo, digest, json.toString(), all, deleted);
    }

    static void pull(Pushed p, AtomicLong blobReads) throws Exception {
        String name = repo(p.repo());
        HttpResponse<byte[]> m = sendBytes("GET", URL + "/v2/" + name + "/manifests/" + p.digest(), bearer(name), OCI);
        if (m.statusCode() != 200) throw new IOException("manifest " + m.statusCode());
        if (!("sha256:" + sha256(m.body())).equals(p.digest())) throw new IOException("manifest digest mismatch");
        for (Blob b : p.blobs()) {
            HttpResponse<byte[]> r = sendBytes("GET", URL + "/v2/" + name + "/blobs/" + b.digest(), bearer(name), null);
            if (r.statusCode() != 200) throw new IOException("blob " + b.digest() + " " + r.statusCode());
            if (!("sha256:" + sha256(r.body())).equals(b.digest())) throw new IOException("blob digest mismatch " + b.digest());
            blobReads.incrementAndGet();
        }
    }

    static Blob upload(String repo, byte[] content) throws Exception {
        String digest = "sha256:" + sha256(content);
        HttpResponse<String> start = send("POST", URL + "/v2/" + repo + "/blobs/uploads/", bearer(repo), null, new byte[0], 202);
        String location = start.headers().firstValue("Location").orElseThrow();
        if (!location.startsWith("http")) location = URL + location;
        send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, bearer(repo), "application/octet-stream", content, 201);
        return new Blob(digest, content.length);
    }

    static void mount(String repo, String from, String digest) throws Exception {
        String token = token("repository:" + repo + ":push,pull&scope=repository:" + from + ":pull");
        send("POST", URL + "/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + from, "Bearer " + token, null, new byte[0], 201);
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

    static HttpResponse<byte[]> sendBytes(String method, String url, String auth, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody());
        if (auth != null) b.header("Authorization", auth);
        if (accept != null) b.header("Accept", accept);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String sha256(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)); }

    static long registryBytes() throws IOException {
        if (!Files.isDirectory(REGISTRY_ROOT)) return -1;
        try (var files = Files.walk(REGISTRY_ROOT)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}

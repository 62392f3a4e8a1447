import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Latencies of Harbor's listings on a stack seeded by SeedListing (bench/listing/README.md): each
 * case is asked BENCH_WARMUP times unmeasured, then BENCH_REQUESTS times by BENCH_CLIENTS clients,
 * each request for another repository or page where the case allows it; prints p50, p99 and max.
 * Settings (environment): BENCH_URL, BENCH_ADMIN_PASSWORD, SEED_PROJECTS 20, SEED_REPOSITORIES 2000,
 * SEED_PREFIX bench.
 */
public class ListingBench {
    record Case(String name, IntFunction<String> path) {}

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("BENCH_URL", "http://127.0.0.1:28080");
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + System.getenv().getOrDefault("BENCH_ADMIN_PASSWORD", "Bench12345"))
                .getBytes(StandardCharsets.UTF_8));
        int projects = env("SEED_PROJECTS", 20), repositories = env("SEED_REPOSITORIES", 2000);
        int warmup = env("BENCH_WARMUP", 100), requests = env("BENCH_REQUESTS", 400), clients = env("BENCH_CLIENTS", 1);
        String prefix = System.getenv().getOrDefault("SEED_PREFIX", "bench");
        int perProject = repositories / projects;
        int artifactsPerRepo = env("SEED_ARTIFACTS", 100_000) / repositories;
        // Repository k of project p is app-(p + k * projects): a request i reads another repository each time.
        IntFunction<String> project = i -> String.format("%s-p%02d", prefix, i % projects);
        IntFunction<String> repo = i -> String.format("%s/repositories/app-%04d", project.apply(i), i % projects + (i / projects % perProject) * projects);
        List<Case> cases = List.of(
                new Case("projects, first page", i -> "/api/v2.0/projects?page=1&page_size=10"),
                new Case("projects, page 2 by name", i -> "/api/v2.0/projects?name=" + prefix + "&page=2&page_size=10"),
                new Case("repositories of a project, first page", i -> "/api/v2.0/projects/" + project.apply(i) + "/repositories?page=1&page_size=10"),
                new Case("repositories of a project, middle page", i -> "/api/v2.0/projects/" + project.apply(i) + "/repositories?page="
                        + Math.max(1, perProject / 20) + "&page_size=10"),
                new Case("repositories of a project, q name=~ sort -pull_count", i -> "/api/v2.0/projects/" + project.apply(i)
                        + "/repositories?q=name%3D~app-0&sort=-pull_count&page=1&page_size=10"),
                new Case("all repositories, middle page", i -> "/api/v2.0/repositories?page=" + (repositories / 20) + "&page_size=10"),
                new Case("artifacts, first page, with_tag+with_scan_overview+with_label", i -> "/api/v2.0/projects/" + repo.apply(i)
                        + "/artifacts?with_tag=true&with_scan_overview=true&with_label=true&page=1&page_size=10"),
                new Case("artifacts, middle page, with_tag+with_scan_overview", i -> "/api/v2.0/projects/" + repo.apply(i)
                        + "/artifacts?with_tag=true&with_scan_overview=true&page=" + Math.max(1, artifactsPerRepo / 20) + "&page_size=10"),
                new Case("artifacts, 100 a page, with_tag+with_scan_overview+with_sbom_overview", i -> "/api/v2.0/projects/" + repo.apply(i)
                        + "/artifacts?with_tag=true&with_scan_overview=true&with_sbom_overview=true&page=1&page_size=100"),
                new Case("artifacts, q tags=* sort -size", i -> "/api/v2.0/projects/" + repo.apply(i)
                        + "/artifacts?q=tags%3D*&sort=-size&with_scan_overview=true&page=2&page_size=10"),
                new Case("artifacts, q tags=~release", i -> "/api/v2.0/projects/" + repo.apply(i)
                        + "/artifacts?q=tags%3D~release&with_scan_overview=true&page=1&page_size=10"),
                new Case("artifacts of a project, middle page", i -> "/api/v2.0/projects/" + project.apply(i)
                        + "/artifacts?with_tag=true&page=" + Math.max(1, repositories / projects * artifactsPerRepo / 20) + "&page_size=10"),
                new Case("scan-all metrics", i -> "/api/v2.0/scans/all/metrics"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.printf(Locale.ROOT, "%-66s %8s %8s %8s %7s  %s%n", "listing", "p50 ms", "p99 ms", "max ms", "rps", "X-Total-Count");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (Case c : cases) {
            for (int i = 0; i < warmup; i++) get(http, url + c.path().apply(i), auth);
            long[] nanos = new long[requests];
            String[] total = new String[1];
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int client = t;
                done.add(pool.submit(() -> {
                    for (int i = client; i < requests; i += clients) {
                        long s = System.nanoTime();
                        HttpResponse<byte[]> r = get(http, url + c.path().apply(i), auth);
                        nanos[i] = System.nanoTime() - s;
                        total[0] = r.headers().firstValue("X-Total-Count").orElse("-");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "%-66s %8.1f %8.1f %8.1f %7.0f  %s%n", c.name(), ms(nanos, 0.50), ms(nanos, 0.99),
                    nanos[nanos.length - 1] / 1e6, requests / seconds, total[0]);
        }
        pool.shutdown();
    }

    static HttpResponse<byte[]> get(HttpClient http, String url, String auth) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            return r;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }

    static double ms(long[] sorted, double q) { return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6; }

    static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }
}

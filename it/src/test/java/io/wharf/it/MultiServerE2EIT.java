package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Wharf servers behind HAProxy ({@code WHARF_SERVERS=2 bin/wharf up}) on PostgreSQL: a session
 * signed in on one server works on the other, a tag moved by a push is served new by both, and
 * while clients pull through HAProxy one server is killed with SIGKILL: no pull fails once
 * retried, HAProxy takes the server out and, after {@code bin/wharf up} starts it again, back in,
 * and jobs that were running on it end instead of hanging. Runs where the build was given a
 * database (WHARF_IT_PG_PASSWORD) and uses its own one, WHARF_IT_PG_SERVERS_DB (default
 * wharf_it_servers, owned by the same user), so that it never meets PostgresStackE2EIT's data.
 */
@EnabledIfEnvironmentVariable(named = "WHARF_IT_PG_PASSWORD", matches = ".+")
class MultiServerE2EIT {
    private static final String MANIFEST_TYPES = String.join(",",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json");

    /** Ports of this stack, all derived from the main stack's HTTP port so that CI and parallel runs never collide. */
    private static final int BASE = URI.create(Stack.url()).getPort();
    private static final int HTTP = BASE + 540;
    private static final int HTTPS = BASE + 560;
    private static final int SERVERS_HTTP = BASE + 620;
    private static final int SERVERS_HTTPS = BASE + 640;

    @Test
    void twoServersBehindHaproxySurviveAKilledServer(@TempDir Path dir) throws Exception {
        Path home = Stack.home().resolveSibling("wharf-home-servers");
        Map<String, String> env = new HashMap<>();
        env.put("WHARF_HOME", home.toString());
        env.put("WHARF_HTTP_PORT", String.valueOf(HTTP));
        env.put("WHARF_HTTPS_PORT", String.valueOf(HTTPS));
        env.put("WHARF_SERVERS_HTTP_PORT", String.valueOf(SERVERS_HTTP));
        env.put("WHARF_SERVERS_HTTPS_PORT", String.valueOf(SERVERS_HTTPS));
        env.put("WHARF_REGISTRY_PORT", String.valueOf(BASE + 580));
        env.put("WHARF_REDIS_PORT", String.valueOf(BASE + 600));
        env.put("WHARF_SERVERS", "2");
        env.put("WHARF_EXTRA_SERVERS", "");
        env.put("WHARF_DB_TYPE", "postgresql");
        env.put("JOBSERVICE_SAMPLE_JOBS", "true");
        // A job whose server died is queued again once its lease lapses; short here to keep the test short.
        env.put("JOBSERVICE_LEASE_SECONDS", "6");
        env.put("VULNDB_SOURCES", "none");
        // A loaded machine (CI running other stacks) starts Liberty slowly; the default 300 s per server is tight there.
        env.put("WHARF_START_TIMEOUT", "600");
        env.put("WHARF_DB_HOST", System.getenv().getOrDefault("WHARF_IT_PG_HOST", "127.0.0.1"));
        env.put("WHARF_DB_PORT", System.getenv().getOrDefault("WHARF_IT_PG_PORT", "5432"));
        env.put("WHARF_DB_NAME", System.getenv().getOrDefault("WHARF_IT_PG_SERVERS_DB", "wharf_it_servers"));
        env.put("WHARF_DB_USER", System.getenv().getOrDefault("WHARF_IT_PG_USER", "wharf_it"));
        env.put("WHARF_DB_PASSWORD", System.getenv("WHARF_IT_PG_PASSWORD"));
        String wharf = Stack.root().resolve("bin/wharf").toString();
        String url = "http://127.0.0.1:" + HTTP;
        String first = "http://127.0.0.1:" + SERVERS_HTTP;
        String second = "http://127.0.0.1:" + (SERVERS_HTTP + 1);
        try {
            Cmd.Result up = Cmd.runWithEnv(Duration.ofMinutes(25), env, wharf, "up");
            assertTrue(up.ok(), up::toString);
            // A check that timed out while a server was still warming up shows as "UP 1/2" until the next one passes.
            Eventually.await("HAProxy to see both servers healthy", Duration.ofSeconds(60), () -> haproxyStates(home),
                    Map.of("wharf", "UP", "wharf1", "UP")::equals);
            Cmd.Result status = Cmd.runWithEnv(env, wharf, "status");
            assertTrue(status.output().matches("(?s).*wharf1 +UP +127\\.0\\.0\\.1:" + (SERVERS_HTTP + 1) + " health 200.*"), status::toString);
            assertEquals("UP", Http.get(url + "/health").json().getString("status"));

            WharfApi api = new WharfApi(url, Stack.adminPassword());
            String user = api.createUser(WharfApi.unique("ms"));
            String project = api.createProject(WharfApi.unique("ms"), false);
            api.addMember(project, user, 2);
            String creds = user + ":" + WharfApi.PASSWORD;

            // A portal session signed in on one server is honoured by the other.
            Http.Response login = Http.send("POST", first + "/c/login", "principal=" + user + "&password=" + WharfApi.PASSWORD,
                    "Content-Type", "application/x-www-form-urlencoded");
            assertEquals(200, login.status(), login.toString());
            String cookie = String.join("; ", Http.all(login, "Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
            Http.Response current = Http.get(second + "/api/v2.0/users/current", "Cookie", cookie);
            assertEquals(200, current.status(), current.toString());
            assertEquals(user, current.json().getString("username"));

            // Pushes through HAProxy (upload Location headers stay on HAProxy's address) and a tag
            // moved by a push is served new by both servers within a second.
            Path one = Images.build(dir.resolve("one"));
            Path two = Images.build(dir.resolve("two"));
            String ref = "docker://127.0.0.1:" + HTTP + "/" + project + "/app:v1";
            Cmd.Result push = Images.copy("oci:" + one + ":v1", ref, null, creds, dir.resolve("d1"));
            assertTrue(push.ok(), push::toString);
            String token = token(url, user, project);
            for (String server : List.of(first, second)) {
                Eventually.await("the first push on " + server, Duration.ofSeconds(30),
                        () -> manifestDigest(server, project, token), d -> readDigest(dir.resolve("d1")).equals(d));
            }
            Cmd.Result move = Images.copy("oci:" + two + ":v1", ref, null, creds, dir.resolve("d2"));
            assertTrue(move.ok(), move::toString);
            String moved = readDigest(dir.resolve("d2"));
            for (String server : List.of(first, second)) {
                Eventually.await("the moved tag on " + server, Duration.ofSeconds(1), () -> manifestDigest(server, project, token), moved::equals);
            }

            // Jobs and a scan submitted right before the kill: none may be lost or left running.
            String secret = "Harbor-Secret " + Files.readString(home.resolve("secret/internal.secret")).strip();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Http.Response r = Http.postJson((i % 2 == 0 ? first : second) + "/api/v1/jobs",
                        "{\"job\":{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":4000},\"metadata\":{\"kind\":\"Generic\"}}}", secret);
                assertEquals(202, r.status(), r.toString());
                jobs.add(r.json().getJsonObject("job").getString("id"));
            }
            String artifact = url + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1";
            assertEquals(202, Http.send("POST", artifact + "/scan", null, "Authorization", api.adminAuth()).status());

            // The pull storm: 4 clients through HAProxy for 30 s; the second server is killed 5 s in.
            String blob = layerDigest(first, project, token);
            AtomicInteger pulls = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(pool.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    while (System.nanoTime() < end) {
                        String failure = pullOnce(client, url, project, user, blob);
                        if (failure != null) failures.add(failure);
                        pulls.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(5_000);
            long pid = Long.parseLong(Files.readString(home.resolve("liberty/output/.pid/wharf1.pid")).strip());
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL to wharf1");
            Eventually.await("HAProxy to take wharf1 out", Duration.ofSeconds(10), () -> haproxyStates(home).get("wharf1"),
                    s -> s.startsWith("DOWN"));
            for (Future<?> c : clients) c.get();
            pool.shutdown();
            assertTrue(failures.isEmpty(), failures.size() + " of " + pulls.get() + " pulls failed after a retry: "
                    + failures.subList(0, Math.min(5, failures.size())));
            assertTrue(pulls.get() > 20, "the storm pulled: " + pulls.get());

            // bin/wharf up starts the killed server again beside the running one; HAProxy takes it back.
            Cmd.Result again = Cmd.runWithEnv(Duration.ofMinutes(12), env, wharf, "up");
            assertTrue(again.ok(), again::toString);
            assertTrue(again.output().contains("all 2 servers run again"), again::toString);
            Eventually.await("HAProxy to take wharf1 back", Duration.ofSeconds(10), () -> haproxyStates(home).get("wharf1"), "UP"::equals);
            assertEquals(200, Http.get(second + "/health").status());

            for (String id : jobs) {
                Eventually.await("job " + id + " to end", Duration.ofSeconds(90),
                        () -> Http.get(url + "/api/v1/jobs/" + id, "Authorization", secret).json().getJsonObject("job").getString("status"),
                        s -> Set.of("Success", "Error").contains(s));
            }
            JsonObject scan = Eventually.await("the scan to end", Duration.ofSeconds(90), () -> {
                Http.Response r = Http.get(artifact + "?with_scan_overview=true", "Authorization", api.adminAuth());
                return r.json().containsKey("scan_overview") ? r.json().getJsonObject("scan_overview").getJsonObject(ScanE2EIT.MIME) : null;
            }, o -> o != null && Set.of("Error", "Success").contains(o.getString("scan_status")));
            assertFalse(scan.getString("scan_status").isEmpty());
        } finally {
            Cmd.Result down = Cmd.runWithEnv(env, wharf, "down");
            assertTrue(down.output().contains("stopped HAProxy"), down::toString);
        }
    }

    /**
     * One pull as a client does it: a token, the manifest by tag, a layer. A connection error or a
     * 502/503/504 is retried once; what still fails is returned.
     */
    private static String pullOnce(HttpClient client, String url, String project, String user, String blob) {
        String last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                HttpResponse<String> t = client.send(HttpRequest.newBuilder(URI.create(url + "/service/token?service=wharf-registry&scope=repository:"
                        + project + "/app:pull")).header("Authorization", Http.basic(user, WharfApi.PASSWORD)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (retryable(t.statusCode())) { last = "token " + t.statusCode(); continue; }
                if (t.statusCode() != 200) return "token " + t.statusCode() + " " + t.body();
                String bearer = "Bearer " + Json.createReader(new StringReader(t.body())).readObject().getString("token");
                HttpResponse<byte[]> m = client.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + project + "/app/manifests/v1"))
                        .header("Authorization", bearer).header("Accept", MANIFEST_TYPES).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (retryable(m.statusCode())) { last = "manifest " + m.statusCode(); continue; }
                if (m.statusCode() != 200) return "manifest " + m.statusCode();
                HttpResponse<byte[]> b = client.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + project + "/app/blobs/" + blob))
                        .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (retryable(b.statusCode())) { last = "blob " + b.statusCode(); continue; }
                return b.statusCode() == 200 && b.body().length > 0 ? null : "blob " + b.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "after a retry: " + last;
    }

    private static boolean retryable(int status) { return status == 502 || status == 503 || status == 504; }

    private static String token(String url, String user, String project) {
        Http.Response t = Http.get(url + "/service/token?service=wharf-registry&scope=repository:" + project + "/app:pull",
                "Authorization", Http.basic(user, WharfApi.PASSWORD));
        assertEquals(200, t.status(), t.toString());
        return "Bearer " + t.json().getString("token");
    }

    private static String manifestDigest(String server, String project, String token) {
        Http.Response r = Http.send("HEAD", server + "/v2/" + project + "/app/manifests/v1", null, "Authorization", token, "Accept", MANIFEST_TYPES);
        return r.status() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : "status " + r.status();
    }

    private static String layerDigest(String server, String project, String token) {
        Http.Response r = Http.get(server + "/v2/" + project + "/app/manifests/v1", "Authorization", token, "Accept", MANIFEST_TYPES);
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("layers").getJsonObject(0).getString("digest");
    }

    private static String readDigest(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each Wharf server's state as HAProxy's checks see it ("UP", "DOWN", "DOWN 1/2"), from its stats socket. */
    static Map<String, String> haproxyStates(Path home) {
        String csv = haproxyCommand(home.resolve("run/haproxy.sock"), "show stat");
        Map<String, String> states = new HashMap<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length > 17 && f[0].equals("wharf_http") && f[1].matches("wharf\\d*")) states.put(f[1], f[17]);
        }
        return states;
    }

    private static String haproxyCommand(Path socket, String command) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                out.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException("HAProxy's stats socket " + socket + ": " + e, e);
        }
    }
}

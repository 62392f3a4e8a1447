package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's manifest cache as clients see it: pulls answered by Wharf itself must be the
 * registry's answers, byte for byte and header for header, and must never outlive a push, a
 * delete, a change heard from another server, or a pull policy. Images pushed with skopeo; the
 * bare registry of the stack is the reference; hits are read from Wharf's own {@code /metrics}.
 */
class ManifestCacheE2EIT {
    private static final Duration EVENTS = Duration.ofSeconds(60);
    private static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String ALL = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_V2);
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());

    private static String project;
    private static String admin;

    @BeforeAll
    static void arrange() {
        project = API.createProject(WharfApi.unique("cache"), false);
        admin = "admin:" + Stack.adminPassword();
    }

    @Test
    void aTagMovedByAPushIsServedNewAtOnce(@TempDir Path dir) throws Exception {
        String repo = project + "/moving";
        String first = push(dir.resolve("a"), repo, "v1", null);
        String token = token(repo, "pull");
        assertEquals(first, get(repo, "v1", token).header("Docker-Content-Digest").orElseThrow());
        long hits = hits();
        assertEquals(first, get(repo, "v1", token).header("Docker-Content-Digest").orElseThrow());
        assertTrue(hits() > hits, "the second read of the tag is answered from the cache");

        String second = push(dir.resolve("b"), repo, "v1", null);
        assertFalse(first.equals(second));
        long pushed = System.nanoTime();
        Http.Response moved = get(repo, "v1", token);
        assertTrue(System.nanoTime() - pushed < Duration.ofSeconds(1).toNanos());
        assertEquals(second, moved.header("Docker-Content-Digest").orElseThrow(), "the tag is served moved right after the push");
        assertEquals(second, sha256(moved.bytes()));
        Cmd.Result inspected = Cmd.run("skopeo", "inspect", "--tls-verify=false", "--creds", admin,
                "docker://" + Stack.host() + "/" + repo + ":v1");
        assertTrue(inspected.ok() && inspected.output().contains("\"Digest\": \"" + second + "\""), inspected::toString);
    }

    /**
     * A second server pushed: this one hears it only through Redis. The tag is moved in the bare
     * registry behind Wharf's back, and the change is announced on Redis as that server would.
     */
    @Test
    void aChangeAnnouncedByAnotherServerIsHonouredWithinOneSecond(@TempDir Path dir) throws Exception {
        String repo = project + "/elsewhere";
        String first = push(dir.resolve("a"), repo, "v1", null);
        String other = push(dir.resolve("b"), repo, "v2", null);
        String token = token(repo, "pull");
        get(repo, "v1", token);
        long hits = hits();
        assertEquals(first, get(repo, "v1", token).header("Docker-Content-Digest").orElseThrow());
        assertTrue(hits() > hits, "served from the cache before the change");

        announce(repo);
        long misses = misses();
        assertEquals(first, get(repo, "v1", token).header("Docker-Content-Digest").orElseThrow());
        assertTrue(misses() > misses, "after another server's announcement the registry is asked again");

        // The tag moves in the registry itself; the other server announces it.
        Http.Response manifest = Http.get(Stack.registryDirectUrl() + "/v2/" + repo + "/manifests/v2",
                "Authorization", Http.bearer(token), "Accept", ALL);
        String pushToken = token(repo, "pull,push");
        Http.Response put = Http.sendBytes("PUT", Stack.registryDirectUrl() + "/v2/" + repo + "/manifests/v1", manifest.bytes(),
                "Authorization", Http.bearer(pushToken), "Content-Type", manifest.header("Content-Type").orElseThrow());
        assertEquals(201, put.status(), put::toString);
        announce(repo);
        long announced = System.nanoTime();
        Eventually.await("the moved tag", Duration.ofSeconds(1),
                () -> get(repo, "v1", token).header("Docker-Content-Digest").orElse(""), other::equals);
        assertTrue(System.nanoTime() - announced < Duration.ofSeconds(1).toNanos());
    }

    @Test
    void aDeletedManifestIsGoneAtOnce(@TempDir Path dir) throws Exception {
        String repo = project + "/deleted";
        String digest = push(dir.resolve("a"), repo, "v1", null);
        String kept = push(dir.resolve("b"), repo, "v2", null);
        String token = token(repo, "pull,delete");
        for (int i = 0; i < 2; i++) {
            assertEquals(200, get(repo, "v1", token).status());
            assertEquals(200, get(repo, digest, token).status());
            assertEquals(200, get(repo, kept, token).status());
        }
        Http.Response deleted = Http.send("DELETE", Stack.url() + "/v2/" + repo + "/manifests/" + digest, null,
                "Authorization", Http.bearer(token));
        assertEquals(202, deleted.status(), deleted::toString);
        assertEquals(404, get(repo, digest, token).status());
        assertEquals(404, get(repo, "v1", token).status());
        assertEquals(404, head(repo, digest, token).status());

        // Deleted through Harbor's API: gone as soon as the API answers.
        assertEquals(200, get(repo, kept, token).status());
        Http.Response apiDelete = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/deleted/artifacts/"
                + kept, null, "Authorization", API.adminAuth());
        assertEquals(200, apiDelete.status(), apiDelete::toString);
        assertEquals(404, get(repo, kept, token).status());
        assertEquals(404, get(repo, "v2", token).status());
    }

    @Test
    void thePullPolicyAppliesToCachedManifests(@TempDir Path dir) throws Exception {
        Path data = Stack.root().resolve("scanner/src/test/resources/vulndata").toAbsolutePath().normalize();
        Cmd.Result imported = Stack.wharf("vulndb", "import", data.resolve("osv").toString(),
                data.resolve("nvd/2021/CVE-2021-23337.json").toString());
        assertTrue(imported.ok(), imported::toString);
        String policed = API.createProject(WharfApi.unique("cachepolicy"), false);
        String repo = policed + "/web";
        // lodash 4.17.19: GHSA-35jh-r3h4-6jhm (CVE-2021-23337, High, fixed in 4.17.21).
        String digest = push(dir, repo, "v1", Map.of("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.19\"}\n"));
        String token = token(repo, "pull");
        String artifact = Stack.url() + "/api/v2.0/projects/" + policed + "/repositories/web/artifacts/v1";
        assertEquals(202, Http.send("POST", artifact + "/scan", null, "Authorization", API.adminAuth()).status());
        Eventually.await("the scan", Duration.ofSeconds(240), () -> Http.get(artifact + "?with_scan_overview=true", "Authorization", API.adminAuth()).json(),
                a -> a.containsKey("scan_overview") && "Success".equals(a.getJsonObject("scan_overview")
                        .getJsonObject("application/vnd.security.vulnerability.report; version=1.1").getString("scan_status")));
        for (int i = 0; i < 2; i++) {
            assertEquals(200, get(repo, "v1", token).status());
            assertEquals(200, get(repo, digest, token).status());
        }

        assertEquals(200, Http.putJson(Stack.url() + "/api/v2.0/projects/" + policed,
                "{\"metadata\":{\"prevent_vul\":\"true\",\"severity\":\"high\"}}", API.adminAuth()).status());
        // Every server reads a project's policy afresh at most scan.policy.cache.seconds (5) after
        // a change, cached manifest or not.
        Http.Response byTag = Eventually.await("the policy to apply", Duration.ofSeconds(10), () -> get(repo, "v1", token),
                r -> r.status() != 200);
        assertEquals(412, byTag.status(), byTag::toString);
        assertEquals("PROJECTPOLICYVIOLATION", byTag.errorCode());
        assertEquals(412, get(repo, digest, token).status());
        Cmd.Result pull = Images.copy("docker://" + Stack.host() + "/" + repo + ":v1", "oci:" + dir.resolve("out") + ":v1", admin, null, null);
        assertFalse(pull.ok(), pull::toString);
        assertTrue(pull.output().contains("cannot be pulled due to configured policy"), pull::toString);
    }

    @Test
    void pullCountsStayExactWhenTheCacheAnswers(@TempDir Path dir) throws Exception {
        String repo = project + "/counted";
        String digest = push(dir, repo, "v1", null);
        String token = token(repo, "pull");
        long hits = hits();
        for (int i = 0; i < 5; i++) assertEquals(200, get(repo, "v1", token).status());
        for (int i = 0; i < 2; i++) assertEquals(200, get(repo, digest, token).status());
        for (int i = 0; i < 3; i++) assertEquals(200, head(repo, "v1", token).status());
        assertTrue(hits() - hits >= 5, "most reads were answered from the cache");
        JsonObject record = Eventually.await("seven pulls", EVENTS, () -> repository("counted"), r -> r.getInt("pull_count") >= 7);
        Thread.sleep(2000);
        assertEquals(7, repository("counted").getInt("pull_count"), "each GET is one pull, HEADs are none: " + record);
        List<String> log = pullLog();
        assertEquals(5, log.stream().filter(e -> e.endsWith(repo + ":v1")).count(), log::toString);
        assertEquals(2, log.stream().filter(e -> e.endsWith(repo + "@" + digest)).count(), log::toString);
    }

    /**
     * Each stored manifest type, read by tag and by digest with GET and HEAD under each Accept
     * combination, twice through Wharf (the second answer is the cached one when it may be) and
     * once from the bare registry: same status, headers that matter and body.
     */
    @Test
    void acceptNegotiationMatchesTheBareRegistry(@TempDir Path dir) throws Exception {
        String repo = project + "/negotiated";
        String oci = push(dir.resolve("oci"), repo, "oci", null);
        String ociOther = push(dir.resolve("oci2"), repo, "oci2", null);
        String docker = push(dir.resolve("docker"), repo, "docker", null, "v2s2");
        String token = token(repo, "pull,push");
        Http.Response ociBody = Http.get(Stack.url() + "/v2/" + repo + "/manifests/" + oci, "Authorization", Http.bearer(token), "Accept", ALL);
        Http.Response ociOtherBody = Http.get(Stack.url() + "/v2/" + repo + "/manifests/" + ociOther, "Authorization", Http.bearer(token), "Accept", ALL);
        Http.Response dockerBody = Http.get(Stack.url() + "/v2/" + repo + "/manifests/" + docker, "Authorization", Http.bearer(token), "Accept", ALL);
        String index = putList(repo, "index", OCI_INDEX, token, List.of(ociBody, ociOtherBody));
        String list = putList(repo, "list", DOCKER_LIST, token, List.of(dockerBody));

        List<String> accepts = new ArrayList<>(List.of("", OCI_MANIFEST, OCI_INDEX, DOCKER_V2, DOCKER_LIST, ALL,
                OCI_MANIFEST + ", " + OCI_INDEX, DOCKER_V2 + ", " + DOCKER_LIST, "*/*", "application/json",
                OCI_MANIFEST + ";q=0.5, " + DOCKER_V2 + ";q=0.9"));
        int compared = 0;
        for (String reference : List.of("oci", oci, "docker", docker, "index", index, "list", list)) {
            for (String accept : accepts) {
                for (String method : List.of("GET", "HEAD")) {
                    Http.Response bare = read(Stack.registryDirectUrl(), method, repo, reference, accept, token);
                    for (int i = 0; i < 2; i++) {
                        Http.Response wharf = read(Stack.url(), method, repo, reference, accept, token);
                        String what = method + " " + reference + " Accept: " + accept + " (read " + (i + 1) + ")";
                        assertSame(bare, wharf, what);
                        compared++;
                    }
                }
            }
        }
        assertEquals(8 * accepts.size() * 2 * 2, compared);
    }

    private static void assertSame(Http.Response bare, Http.Response wharf, String what) {
        assertEquals(bare.status(), wharf.status(), what + ": " + wharf);
        String type = bare.header("Content-Type").orElse("");
        // The same media type either way: Liberty writes a parameter without the space after ';'.
        assertEquals(type.replace("; ", ";"), wharf.header("Content-Type").orElse("").replace("; ", ";"), what + ": Content-Type");
        for (String header : List.of("Docker-Content-Digest", "Etag", "Content-Length")) {
            if (type.endsWith("prettyjws")) continue;
            assertEquals(bare.header(header), wharf.header(header), what + ": " + header);
        }
        if (bare.status() == 200 && !type.endsWith("prettyjws")) {
            assertArrayEquals(bare.bytes(), wharf.bytes(), what + ": body");
        } else if (bare.status() >= 400 && bare.bytes().length > 0) {
            assertEquals(bare.errorCode(), wharf.errorCode(), what + ": error");
        }
    }

    private static Http.Response read(String base, String method, String repo, String reference, String accept, String token) {
        List<String> headers = new ArrayList<>(List.of("Authorization", Http.bearer(token)));
        if (!accept.isEmpty()) headers.addAll(List.of("Accept", accept));
        return Http.send(method, base + "/v2/" + repo + "/manifests/" + reference, null, headers.toArray(String[]::new));
    }

    /** PUTs an OCI index or Docker manifest list of these manifests under {@code tag}; returns its digest. */
    private static String putList(String repo, String tag, String mediaType, String token, List<Http.Response> manifests) {
        StringBuilder body = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"").append(mediaType).append("\",\"manifests\":[");
        String[] arches = {"amd64", "arm64"};
        for (int i = 0; i < manifests.size(); i++) {
            Http.Response m = manifests.get(i);
            if (i > 0) body.append(',');
            body.append("{\"mediaType\":\"").append(m.header("Content-Type").orElseThrow()).append("\",\"digest\":\"")
                    .append(m.header("Docker-Content-Digest").orElseThrow()).append("\",\"size\":").append(m.bytes().length)
                    .append(",\"platform\":{\"architecture\":\"").append(arches[i]).append("\",\"os\":\"linux\"}}");
        }
        body.append("]}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        Http.Response put = Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/" + tag, bytes,
                "Authorization", Http.bearer(token), "Content-Type", mediaType);
        assertEquals(201, put.status(), put::toString);
        return sha256(bytes);
    }

    private static Http.Response get(String repo, String reference, String token) {
        return Http.get(Stack.url() + "/v2/" + repo + "/manifests/" + reference, "Authorization", Http.bearer(token), "Accept", ALL);
    }

    private static Http.Response head(String repo, String reference, String token) {
        return Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + reference, null, "Authorization", Http.bearer(token),
                "Accept", ALL);
    }

    private static String token(String repo, String actions) {
        return API.token("admin", Stack.adminPassword(), "repository:" + repo + ":" + actions);
    }

    private static String push(Path dir, String repo, String tag, Map<String, String> files) throws Exception {
        return push(dir, repo, tag, files, null);
    }

    /** Pushes a fresh image with skopeo (as a Docker schema 2 manifest when {@code format} is v2s2); returns its digest. */
    private static String push(Path dir, String repo, String tag, Map<String, String> files, String format) throws Exception {
        Files.createDirectories(dir);
        Path layout = Images.buildWith(dir, files == null ? Map.of() : files);
        Path digest = dir.resolve("digest");
        List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", admin,
                "--digestfile", digest.toString()));
        if (format != null) cmd.addAll(List.of("--format", format));
        cmd.addAll(List.of("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repo + ":" + tag));
        Cmd.Result copied = Cmd.run(cmd);
        assertTrue(copied.ok(), copied::toString);
        return Files.readString(digest).strip();
    }

    /** Announces a change of the repository on Redis, as another Wharf server does after a push. */
    private static void announce(String repo) {
        Cmd.Result published = Cmd.run("redis-cli", "-p", System.getenv().getOrDefault("WHARF_REDIS_PORT", "18379"),
                "PUBLISH", "wharf:manifests:changed", "another-server\n" + repo);
        assertTrue(published.ok() && !published.output().strip().equals("0"), "Wharf listens on Redis: " + published);
    }

    private static JsonObject repository(String name) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + name, "Authorization", API.adminAuth());
        return r.status() == 200 ? r.json() : null;
    }

    private static List<String> pullLog() {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/logs?page_size=100&operation=pull",
                "Authorization", API.adminAuth());
        assertEquals(200, r.status(), r.toString());
        return r.jsonArray().getValuesAs(JsonObject.class).stream().map(e -> e.getString("resource")).toList();
    }

    private static long hits() { return cacheCount("hit"); }

    private static long misses() { return cacheCount("miss"); }

    /** The gateway's manifest cache counter from Wharf's Prometheus exposition. */
    private static long cacheCount(String result) {
        try {
            String password = Files.readString(Stack.home().resolve("secret/metrics.password")).strip();
            Cmd.Result scraped = Cmd.run("curl", "-sfk", "--user", "metrics:" + password,
                    "https://127.0.0.1:" + System.getenv().getOrDefault("WHARF_HTTPS_PORT", "18443") + "/metrics");
            assertTrue(scraped.ok(), scraped::toString);
            Matcher m = Pattern.compile("(?m)^wharf_manifest_cache_requests_total\\{[^}]*result=\"" + result + "\"[^}]*\\} ([0-9.eE+]+)")
                    .matcher(scraped.output());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a CI script does right after {@code skopeo copy} or {@code podman push} returns: the API
 * must already know the artifact, its tag, a moved tag, a delete. The registry's event for the same
 * push must add nothing (one audit entry, one scan), and a push that bypasses the gateway, or whose
 * recording a killed server lost, must still be recorded.
 */
class ReadYourWritesE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Project roles as Harbor numbers them. */
    private static final int DEVELOPER = 2;
    private static final int MAINTAINER = 4;
    /** Distribution 2.8 answers 404 for an OCI manifest to a client that does not accept OCI. */
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";

    private static String dev;

    @BeforeAll
    static void users() {
        dev = API.createUser(WharfApi.unique("ryw"));
    }

    private static String creds() { return dev + ":" + WharfApi.PASSWORD; }

    private static String devAuth() { return Http.basic(dev, WharfApi.PASSWORD); }

    private static String project(int role) {
        String project = API.createProject(WharfApi.unique("ryw"), false);
        API.addMember(project, dev, role);
        return project;
    }

    private static String artifactUrl(String project, String repository, String reference) {
        return Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + repository + "/artifacts/" + reference;
    }

    private static String ref(String project, String repoAndTag) {
        return "docker://" + Stack.host() + "/" + project + "/" + repoAndTag;
    }

    /** Pushes with skopeo through the gateway and answers the digest. */
    private static String push(Path layout, String project, String repoAndTag, Path dir) throws IOException {
        Path digestFile = Files.createTempFile(dir, "digest", "");
        Cmd.Result r = Images.copy("oci:" + layout + ":v1", ref(project, repoAndTag), null, creds(), digestFile);
        assertTrue(r.ok(), r::toString);
        return Files.readString(digestFile).strip();
    }

    /** Pushes with podman (its own storage under {@code dir}) through the gateway and answers the digest. */
    private static String podmanPush(Path layout, String project, String repoAndTag, Path dir) throws IOException {
        List<String> podman = List.of("podman", "--storage-driver", "vfs", "--root", dir.resolve("storage").toString(),
                "--runroot", dir.resolve("run").toString());
        Cmd.Result pulled = Cmd.run(concat(podman, "pull", "-q", "oci:" + layout + ":v1"));
        assertTrue(pulled.ok(), pulled::toString);
        String[] lines = pulled.output().strip().split("\n");
        String image = lines[lines.length - 1].strip();
        Path digestFile = Files.createTempFile(dir, "digest", "");
        Cmd.Result pushed = Cmd.run(concat(podman, "push", "-q", "--tls-verify=false", "--creds", creds(),
                "--digestfile", digestFile.toString(), image, ref(project, repoAndTag)));
        assertTrue(pushed.ok(), pushed::toString);
        return Files.readString(digestFile).strip();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static List<String> tagNames(JsonObject artifact) {
        if (!artifact.containsKey("tags") || artifact.isNull("tags")) return List.of();
        return artifact.getJsonArray("tags").getValuesAs(JsonObject.class).stream().map(t -> t.getString("name")).toList();
    }

    @Test
    void aCiScriptFindsEveryPushTheMomentThePushReturns(@TempDir Path dir) throws Exception {
        String project = project(DEVELOPER);
        List<String> failures = new ArrayList<>();
        int pushes = 50;
        for (int i = 0; i < pushes; i++) {
            Path work = Files.createDirectories(dir.resolve("p" + i));
            Path layout = Images.build(work);
            String tag = "1." + i;
            boolean byPodman = i % 5 == 4;
            String digest = byPodman ? podmanPush(layout, project, "app:" + tag, work) : push(layout, project, "app:" + tag, work);
            String tool = byPodman ? "podman" : "skopeo";

            Http.Response artifact = Http.get(artifactUrl(project, "app", tag), "Authorization", devAuth());
            if (artifact.status() != 200) {
                failures.add(tool + " push " + i + ": GET artifact " + artifact);
            } else if (!digest.equals(artifact.json().getString("digest")) || !tagNames(artifact.json()).contains(tag)) {
                failures.add(tool + " push " + i + ": artifact " + artifact.body() + " is not " + digest + " tagged " + tag);
            }
            Http.Response tags = Http.get(artifactUrl(project, "app", digest) + "/tags", "Authorization", devAuth());
            if (tags.status() != 200 || tags.jsonArray().getValuesAs(JsonObject.class).stream().noneMatch(t -> tag.equals(t.getString("name")))) {
                failures.add(tool + " push " + i + ": tags " + tags);
            }
            Http.Response scan = Http.send("POST", artifactUrl(project, "app", tag) + "/scan", null, "Authorization", devAuth());
            if (scan.status() != 202) failures.add(tool + " push " + i + ": scan " + scan);
        }
        assertEquals(List.of(), failures, "API calls right after a push that failed");
        JsonObject repo = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app", "Authorization", devAuth()).json();
        assertEquals(pushes, repo.getInt("artifact_count"));
    }

    @Test
    void eachPushIsAuditedAndScannedOnceWhicheverPathRecordsIt(@TempDir Path dir) throws Exception {
        String project = project(DEVELOPER);
        Http.Response autoScan = Http.putJson(Stack.url() + "/api/v2.0/projects/" + project,
                "{\"metadata\":{\"auto_scan\":\"true\"}}", API.adminAuth());
        assertEquals(200, autoScan.status(), autoScan::toString);
        Map<String, String> digests = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Path work = Files.createDirectories(dir.resolve("g" + i));
            digests.put("g" + i, push(Images.build(work), project, "app:g" + i, work));
        }
        // Straight to the registry, which trusts Wharf's token: only its event tells Wharf.
        String token = API.token("admin", Stack.adminPassword(), "repository:" + project + "/app:push,pull");
        for (int i = 0; i < 2; i++) {
            Path work = Files.createDirectories(dir.resolve("d" + i));
            Path layout = Images.build(work);
            Path digestFile = work.resolve("digest");
            Cmd.Result direct = Cmd.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-registry-token", token,
                    "--digestfile", digestFile.toString(), "oci:" + layout + ":v1",
                    "docker://" + Stack.registryDirectUrl().replace("http://", "") + "/" + project + "/app:d" + i);
            assertTrue(direct.ok(), direct::toString);
            digests.put("d" + i, Files.readString(digestFile).strip());
        }

        Map<String, String> reports = new HashMap<>();
        for (var pushed : digests.entrySet()) {
            String tag = pushed.getKey();
            JsonObject overview = Eventually.await("the scan on push of " + tag, SETTLE, () -> finishedScan(project, tag), o -> o != null);
            reports.put(tag, overview.getString("report_id"));
            assertEquals(pushed.getValue(), Http.get(artifactUrl(project, "app", tag), "Authorization", devAuth()).json().getString("digest"));
        }
        // The registry's events for the gateway's pushes have long arrived by now; give stragglers a moment.
        Thread.sleep(3000);
        List<String> pushLog = auditLog(project, "push");
        for (String tag : digests.keySet()) {
            String resource = project + "/app:" + tag;
            assertEquals(1, pushLog.stream().filter(resource::equals).count(), "audit entries for " + resource + ": " + pushLog);
            assertEquals(reports.get(tag), finishedScan(project, tag).getString("report_id"), "a second scan replaced the first for " + tag);
        }
        assertEquals(digests.size(), pushLog.size(), pushLog::toString);
    }

    /** The scan overview once its scan has ended, or null. */
    private static JsonObject finishedScan(String project, String tag) {
        Http.Response r = Http.get(artifactUrl(project, "app", tag) + "?with_scan_overview=true", "Authorization", API.adminAuth());
        if (r.status() != 200 || !r.json().containsKey("scan_overview")) return null;
        JsonObject overview = r.json().getJsonObject("scan_overview").getJsonObject(ScanE2EIT.MIME);
        if (overview == null) return null;
        String status = overview.getString("scan_status", "");
        return List.of("Success", "Error").contains(status) ? overview : null;
    }

    private static List<String> auditLog(String project, String operation) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/logs?page_size=100&operation=" + operation,
                "Authorization", API.adminAuth());
        assertEquals(200, r.status(), r::toString);
        return r.jsonArray().getValuesAs(JsonObject.class).stream().map(e -> e.getString("resource")).toList();
    }

    @Test
    void aTagMovedTwentyTimesReadsBackTheNewestDigestEachTime(@TempDir Path dir) throws Exception {
        String project = project(DEVELOPER);
        Path one = Images.build(Files.createDirectories(dir.resolve("one")));
        Path two = Images.build(Files.createDirectories(dir.resolve("two")));
        List<String> failures = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < 20; i++) {
            String digest = push(i % 2 == 0 ? one : two, project, "app:moving", dir);
            if (digest.equals(previous)) failures.add("push " + i + " did not change the digest");
            Http.Response r = Http.get(artifactUrl(project, "app", "moving"), "Authorization", devAuth());
            if (r.status() != 200 || !digest.equals(r.json().getString("digest"))) failures.add("push " + i + ": " + r);
            if (previous != null) {
                Http.Response old = Http.get(artifactUrl(project, "app", previous), "Authorization", devAuth());
                if (old.status() != 200 || tagNames(old.json()).contains("moving")) failures.add("push " + i + ": old artifact " + old);
            }
            previous = digest;
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aDeletedArtifactIsGoneForPullsAtOnce(@TempDir Path dir) throws Exception {
        String project = project(MAINTAINER);
        String digest = push(Images.build(Files.createDirectories(dir.resolve("one"))), project, "app:gone", dir);
        String pull = Http.bearer(API.token(dev, WharfApi.PASSWORD, "repository:" + project + "/app:pull"));
        String manifests = Stack.url() + "/v2/" + project + "/app/manifests/";
        assertEquals(200, Http.get(manifests + "gone", "Authorization", pull, "Accept", OCI).status());

        Http.Response deleted = Http.send("DELETE", artifactUrl(project, "app", "gone"), null, "Authorization", devAuth());
        assertEquals(200, deleted.status(), deleted::toString);
        Http.Response byTag = Http.get(manifests + "gone", "Authorization", pull, "Accept", OCI);
        assertEquals(404, byTag.status(), byTag::toString);
        Http.Response byDigest = Http.get(manifests + digest, "Authorization", pull, "Accept", OCI);
        assertEquals(404, byDigest.status(), byDigest::toString);
        assertTrue(!Images.inspect(ref(project, "app:gone"), creds()).ok(), "skopeo still reads the deleted tag");
        assertEquals(404, Http.get(artifactUrl(project, "app", digest), "Authorization", devAuth()).status());

        // The same through the gateway, as a client deleting by digest: gone from the API at once, audited once.
        String second = push(Images.build(Files.createDirectories(dir.resolve("two"))), project, "app:v2", dir);
        assertEquals(200, Http.get(manifests + "v2", "Authorization", pull, "Accept", OCI).status());
        String delete = Http.bearer(API.token(dev, WharfApi.PASSWORD, "repository:" + project + "/app:delete"));
        Http.Response relayed = Http.send("DELETE", manifests + second, null, "Authorization", delete);
        assertEquals(202, relayed.status(), relayed::toString);
        assertEquals(404, Http.get(artifactUrl(project, "app", second), "Authorization", devAuth()).status());
        assertEquals(404, Http.get(manifests + "v2", "Authorization", pull, "Accept", OCI).status());
        Thread.sleep(2000);
        List<String> deletes = auditLog(project, "delete");
        assertEquals(1, deletes.stream().filter((project + "/app@" + second)::equals).count(), deletes::toString);
        assertEquals(1, deletes.stream().filter((project + "/app@" + digest)::equals).count(), deletes::toString);
    }

    /**
     * With recording slowed down (a pause before a push is recorded, by a setting only this test
     * uses), first the gateway and the registry's event record the same push at the same moment,
     * into a repository neither has created yet: one records it, once. Then Liberty is killed
     * after the registry stored a manifest and before Wharf recorded it (the registry's event
     * waits too, and is lost with the registry's restart): the restart's reconciliation records
     * it, once.
     */
    @Test
    void racingRecordersRecordOnceAndAKilledServerLeavesThePushToTheReconciler(@TempDir Path dir) throws Exception {
        String project = project(DEVELOPER);
        String racing = project(DEVELOPER);
        Path layout = Images.build(Files.createDirectories(dir.resolve("one")));
        Path raced = Images.build(Files.createDirectories(dir.resolve("two")));
        try {
            Stack.killLiberty();
            Cmd.Result slow = Cmd.runWithEnv(Map.of("WHARF_RECORD_PAUSE_MS", "8000"),
                    Stack.root().resolve("bin/wharf").toString(), "up");
            assertTrue(slow.ok(), slow::toString);

            String digest = push(raced, racing, "app:v1", dir);
            Http.Response recorded = Http.get(artifactUrl(racing, "app", "v1"), "Authorization", devAuth());
            assertEquals(200, recorded.status(), recorded::toString);
            assertEquals(digest, recorded.json().getString("digest"));
            Thread.sleep(3000);
            assertEquals(List.of(racing + "/app:v1"), auditLog(racing, "push"), "one push, one audit entry and one push event");

            Process push = new ProcessBuilder("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds(),
                    "oci:" + layout + ":v1", ref(project, "app:v1")).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("push.log").toFile()).start();
            String token = API.token("admin", Stack.adminPassword(), "repository:" + project + "/app:pull");
            String direct = Stack.registryDirectUrl() + "/v2/" + project + "/app/manifests/v1";
            Eventually.await("the registry to store the manifest", SETTLE,
                    () -> Http.get(direct, "Authorization", Http.bearer(token), "Accept", OCI).status(),
                    s -> s == 200);
            assertEquals(404, Http.get(artifactUrl(project, "app", "v1"), "Authorization", devAuth()).status(),
                    "recorded although the gateway was still waiting");
            Stack.killLiberty();
            push.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } finally {
            Cmd.Result up = Stack.wharf("up");
            assertTrue(up.ok(), up::toString);
        }
        JsonObject artifact = Eventually.await("reconciliation on start", SETTLE, () -> {
            Http.Response r = Http.get(artifactUrl(project, "app", "v1"), "Authorization", devAuth());
            return r.status() == 200 ? r.json() : null;
        }, a -> a != null);
        assertNotNull(artifact.getString("digest"));
        Http.Response again = Http.send("POST", Stack.url() + "/api/v2.0/system/reconcile", null, "Authorization", API.adminAuth());
        assertEquals(200, again.status(), again::toString);
        JsonObject repo = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app", "Authorization", devAuth()).json();
        assertEquals(1, repo.getInt("artifact_count"));
        assertEquals(List.of("v1"), tagNames(Http.get(artifactUrl(project, "app", "v1"), "Authorization", devAuth()).json()));
        assertTrue(auditLog(project, "push").size() <= 1, "the push was recorded more than once");
    }
}

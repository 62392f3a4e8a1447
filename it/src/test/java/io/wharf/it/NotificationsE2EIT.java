package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes and pulls with skopeo, then what the API says: repositories, artifacts, tags, pull
 * counts and the audit log, each exactly once.
 */
class NotificationsE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final Duration EVENTS = Duration.ofSeconds(30);
    private static String dev;
    private static String project;
    private static Path imageOne;
    private static Path imageTwo;

    @BeforeAll
    static void arrange(@TempDir Path dir) throws Exception {
        dev = API.createUser(WharfApi.unique("ntf"));
        project = API.createProject(WharfApi.unique("ntf"), false);
        API.addMember(project, dev, 2);
        imageOne = Images.build(Files.createDirectories(dir.resolve("one")));
        imageTwo = Images.build(Files.createDirectories(dir.resolve("two")));
    }

    private static String creds() { return dev + ":" + WharfApi.PASSWORD; }

    private static String ref(String repoAndTag) { return "docker://" + Stack.host() + "/" + project + "/" + repoAndTag; }

    private static Http.Response api(String path) {
        return Http.get(Stack.url() + "/api/v2.0" + path, "Authorization", Http.basic(dev, WharfApi.PASSWORD));
    }

    private static JsonObject repository(String name) {
        Http.Response r = api("/projects/" + project + "/repositories/" + name.replace("/", "%252F"));
        return r.status() == 200 ? r.json() : null;
    }

    private static List<String> log(String operation) {
        Http.Response r = api("/projects/" + project + "/logs?page_size=100&operation=" + operation);
        assertEquals(200, r.status(), r.toString());
        return r.jsonArray().getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("username") + " " + e.getString("operation") + " " + e.getString("resource")).toList();
    }

    @Test
    void pushRecordsRepositoryArtifactTagAndOneAuditEntry(@TempDir Path dir) throws Exception {
        Path digestFile = dir.resolve("digest");
        assertTrue(Images.copy("oci:" + imageOne + ":v1", ref("app:v1"), null, creds(), digestFile).ok());
        String digest = Files.readString(digestFile).strip();

        JsonObject repo = Eventually.await("the repository record", EVENTS, () -> repository("app"), r -> r != null);
        assertEquals(project + "/app", repo.getString("name"));
        assertEquals(1, repo.getInt("artifact_count"));
        assertEquals(0, repo.getInt("pull_count"));

        JsonArray artifacts = api("/projects/" + project + "/repositories/app/artifacts?with_tag=true").jsonArray();
        assertEquals(1, artifacts.size());
        JsonObject artifact = artifacts.getJsonObject(0);
        assertEquals(digest, artifact.getString("digest"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", artifact.getString("manifest_media_type"));
        assertEquals("application/vnd.oci.image.config.v1+json", artifact.getString("media_type"));
        assertTrue(artifact.getJsonNumber("size").longValue() > 0);
        assertEquals(1, artifact.getJsonArray("layers").size());
        assertEquals("v1", artifact.getJsonArray("tags").getJsonObject(0).getString("name"));
        assertEquals(List.of(dev + " push " + project + "/app:v1"),
                log("push").stream().filter(e -> e.contains("/app:")).toList());

        // Looked up by tag or by digest.
        assertEquals(digest, api("/projects/" + project + "/repositories/app/artifacts/v1").json().getString("digest"));
        assertEquals("v1", api("/projects/" + project + "/repositories/app/artifacts/" + digest).json()
                .getJsonArray("tags").getJsonObject(0).getString("name"));
    }

    @Test
    void eachPullCountsOnceAndBlobReadsDoNot(@TempDir Path dir) throws Exception {
        Path digestFile = dir.resolve("digest");
        assertTrue(Images.copy("oci:" + imageOne + ":v1", ref("pulled:v1"), null, creds(), digestFile).ok());
        String digest = Files.readString(digestFile).strip();
        Eventually.await("the repository record", EVENTS, () -> repository("pulled"), r -> r != null);
        for (int i = 0; i < 3; i++) {
            assertTrue(Images.copy(ref("pulled:v1"), "oci:" + dir.resolve("out" + i) + ":v1", creds(), null, null).ok());
        }
        assertTrue(Images.copy(ref("pulled@" + digest), "oci:" + dir.resolve("by-digest") + ":v1", creds(), null, null).ok());
        // A tag that does not exist is no pull.
        assertTrue(!Images.copy(ref("pulled:missing"), "oci:" + dir.resolve("missing") + ":v1", creds(), null, null).ok());
        JsonObject repo = Eventually.await("four pulls", EVENTS, () -> repository("pulled"), r -> r.getInt("pull_count") >= 4);
        // Give stray events time to arrive, then check nothing was counted twice.
        Thread.sleep(2000);
        assertEquals(4, repository("pulled").getInt("pull_count"));
        assertEquals(3, log("pull").stream().filter(e -> e.equals(dev + " pull " + project + "/pulled:v1")).count());
        assertEquals(1, log("pull").stream().filter(e -> e.equals(dev + " pull " + project + "/pulled@" + digest)).count());
        JsonObject artifact = api("/projects/" + project + "/repositories/pulled/artifacts/v1").json();
        assertTrue(artifact.containsKey("pull_time"), artifact::toString);
        assertTrue(repo.getInt("artifact_count") == 1);
    }

    @Test
    void pushingATagAgainMovesIt(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertTrue(Images.copy("oci:" + imageOne + ":v1", ref("moving:latest"), null, creds(), first).ok());
        Eventually.await("the first push", EVENTS, () -> repository("moving"), r -> r != null);
        assertTrue(Images.copy("oci:" + imageTwo + ":v1", ref("moving:latest"), null, creds(), second).ok());
        String newDigest = Files.readString(second).strip();
        JsonObject artifact = Eventually.await("the tag to move", EVENTS,
                () -> api("/projects/" + project + "/repositories/moving/artifacts/latest").json(),
                a -> a.getString("digest").equals(newDigest));
        assertEquals("latest", artifact.getJsonArray("tags").getJsonObject(0).getString("name"));
        JsonObject old = api("/projects/" + project + "/repositories/moving/artifacts/" + Files.readString(first).strip()).json();
        assertEquals(0, old.getJsonArray("tags").size());
        assertEquals(2, repository("moving").getInt("artifact_count"));
    }

    @Test
    void deleteThroughTheApiRemovesArtifactAndEmptyRepository() throws Exception {
        assertTrue(Images.copy("oci:" + imageOne + ":v1", ref("team/tools:v1"), null, "admin:" + Stack.adminPassword(), null).ok());
        Eventually.await("the nested repository", EVENTS, () -> repository("team/tools"), r -> r != null);
        String reposBefore = api("/projects/" + project + "/repositories?page_size=100").body();
        assertTrue(reposBefore.contains("\"" + project + "/team/tools\""));

        // A developer may not delete; the project's admin (here the system admin) may.
        Http.Response denied = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project
                + "/repositories/team%252Ftools/artifacts/v1", null, "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(403, denied.status());
        Http.Response deleted = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project
                + "/repositories/team%252Ftools/artifacts/v1", null, "Authorization", API.adminAuth());
        assertEquals(200, deleted.status(), deleted.toString());

        assertEquals(404, api("/projects/" + project + "/repositories/team%252Ftools").status());
        assertFalse(api("/projects/" + project + "/repositories?page_size=100").body().contains("/team/tools\""));
        assertFalse(Images.inspect(ref("team/tools:v1"), "admin:" + Stack.adminPassword()).ok(), "gone from the registry too");
        // The registry's own delete event must not log the delete a second time.
        Thread.sleep(2000);
        List<String> deletes = log("delete").stream().filter(e -> e.contains("/team/tools@")).collect(Collectors.toList());
        assertEquals(1, deletes.size(), deletes::toString);
        assertTrue(deletes.get(0).startsWith("admin delete "));
    }

    @Test
    void auditLogsNeedTheRightRole() {
        String outsider = API.createUser(WharfApi.unique("out"));
        assertEquals(403, Http.get(Stack.url() + "/api/v2.0/audit-logs", "Authorization", Http.basic(dev, WharfApi.PASSWORD)).status());
        assertEquals(200, Http.get(Stack.url() + "/api/v2.0/audit-logs", "Authorization", API.adminAuth()).status());
        assertEquals(404, Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/logs",
                "Authorization", Http.basic(outsider, WharfApi.PASSWORD)).status());
        Http.Response page = Http.get(Stack.url() + "/api/v2.0/audit-logs?page_size=1", "Authorization", API.adminAuth());
        assertEquals(1, page.jsonArray().size());
        assertTrue(Long.parseLong(page.header("X-Total-Count").orElseThrow()) >= 1);
    }
}

package io.wharf.it.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /service/notifications with envelopes shaped as Distribution sends them (its docs/notifications.md).
 * The manifest is pushed straight to the registry (a push through Wharf's gateway is recorded at once), and the
 * registry itself notifies the other test server, so here every event is one the test posts.
 */
@ExtendWith(ArquillianExtension.class)
class NotificationResourceIT {
    private static final String EVENTS_V1 = "application/vnd.docker.distribution.events.v1+json";
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() { return WharfDeployment.ear(); }

    private WharfApi api;
    private String project;
    private String repo;
    private String digest;

    @BeforeEach
    void pushAManifest() throws Exception {
        api = WharfDeployment.api();
        project = api.createProject(WharfApi.unique("ev"), false);
        repo = project + "/app";
        String token = api.token("admin", WharfDeployment.adminPassword(), "repository:" + repo + ":push,pull");
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        String registry = Stack.registryDirectUrl();
        Http.Response session = Http.send("POST", registry + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        String location = session.header("Location").map(l -> l.startsWith("/") ? registry + l : l).orElseThrow();
        assertEquals(201, Http.sendBytes("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + configDigest, config,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream").status());
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        Http.Response put = Http.sendBytes("PUT", registry + "/v2/" + repo + "/manifests/v1", manifest,
                "Authorization", Http.bearer(token), "Content-Type", OCI);
        assertEquals(201, put.status(), put.toString());
        digest = put.header("Docker-Content-Digest").orElseThrow();
    }

    private static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private String event(String id, String action, String mediaType, String tag, String actor, String method) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"2026-11-28T10:00:00.123456789Z\",\"action\":\"" + action + "\","
                + "\"target\":{\"mediaType\":\"" + mediaType + "\",\"size\":400,\"digest\":\"" + digest + "\",\"length\":400,"
                + "\"repository\":\"" + repo + "\",\"url\":\"http://127.0.0.1:5000/v2/" + repo + "/manifests/" + digest + "\""
                + (tag == null ? "" : ",\"tag\":\"" + tag + "\"") + "},"
                + "\"request\":{\"id\":\"" + UUID.randomUUID() + "\",\"addr\":\"127.0.0.1:40000\",\"host\":\"127.0.0.1:5000\","
                + "\"method\":\"" + method + "\",\"useragent\":\"skopeo/1.9.3\"},"
                + "\"actor\":{\"name\":\"" + actor + "\"},\"source\":{\"addr\":\"wharf:5000\",\"instanceID\":\"" + UUID.randomUUID() + "\"}}";
    }

    private static Http.Response post(String envelope, String auth, String mediaType) {
        return Http.send("POST", WharfDeployment.url() + "/service/notifications", envelope,
                "Content-Type", mediaType, "Authorization", auth);
    }

    private static Http.Response post(String... events) {
        return post("{\"events\":[" + String.join(",", events) + "]}", "Harbor-Secret " + Stack.internalSecret(), EVENTS_V1);
    }

    private JsonObject repository() {
        Http.Response r = Http.get(WharfDeployment.url() + "/api/v2.0/projects/" + project + "/repositories/app", "Authorization", api.adminAuth());
        return r.status() == 200 ? r.json() : null;
    }

    private long audit(String operation) {
        return Http.get(WharfDeployment.url() + "/api/v2.0/projects/" + project + "/logs?operation=" + operation,
                "Authorization", api.adminAuth()).jsonArray().size();
    }

    @Test
    void onlyTheInternalSecretMayPost() {
        String envelope = "{\"events\":[" + event("a" + UUID.randomUUID(), "push", OCI, "v1", "alice", "PUT") + "]}";
        assertEquals(401, post(envelope, null, EVENTS_V1).status());
        assertEquals(401, post(envelope, "Harbor-Secret wrong", EVENTS_V1).status());
        assertEquals(401, post(envelope, Http.basic("admin", WharfDeployment.adminPassword()), EVENTS_V1).status());
        assertEquals(null, repository(), "a refused envelope records nothing");
    }

    @Test
    void pushThenDuplicateThenIgnoredPullEventsThenDelete() {
        String push = event(UUID.randomUUID().toString(), "push", OCI, "v1", "alice", "PUT");
        Http.Response first = post(push);
        assertEquals(200, first.status(), first.toString());
        assertEquals(1, first.json().getInt("applied"));
        JsonObject repo = repository();
        assertEquals(1, repo.getInt("artifact_count"));
        JsonObject artifact = Http.get(WharfDeployment.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1",
                "Authorization", api.adminAuth()).json();
        assertEquals(digest, artifact.getString("digest"));
        assertEquals(OCI, artifact.getString("manifest_media_type"));

        Http.Response again = post(push);
        assertEquals(1, again.json().getInt("duplicates"));
        assertEquals(1, audit("push"));

        // Pulls are counted by the gateway; the registry's pull events must not count a second time.
        Http.Response pulls = post(event(UUID.randomUUID().toString(), "pull", OCI, "v1", "bob", "GET"),
                event(UUID.randomUUID().toString(), "pull", OCI, "v1", "bob", "HEAD"),
                event(UUID.randomUUID().toString(), "pull", "application/octet-stream", null, "bob", "GET"),
                event(UUID.randomUUID().toString(), "pull", OCI, "v1", "wharf-core", "GET"));
        assertEquals(200, pulls.status(), pulls.toString());
        assertEquals(0, pulls.json().getInt("applied"), pulls.toString());
        assertEquals(4, pulls.json().getInt("ignored"));
        try {
            Thread.sleep(1500); // three pull batches (every 500 ms): an ignored pull event never counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(0, repository().getInt("pull_count"));
        assertEquals(0, audit("pull"));

        Http.Response delete = post(event(UUID.randomUUID().toString(), "delete", OCI, null, "alice", "DELETE"));
        assertEquals(1, delete.json().getInt("applied"));
        assertEquals(null, repository(), "a repository with no artifacts left disappears");
        assertEquals(1, audit("delete"));
    }

    @Test
    void theV2MediaTypeIsAcceptedToo() {
        Http.Response r = post("{\"events\":[" + event(UUID.randomUUID().toString(), "push", OCI, "v1", "alice", "PUT") + "]}",
                "Harbor-Secret " + Stack.internalSecret(), "application/vnd.docker.distribution.events.v2+json");
        assertEquals(200, r.status());
        assertEquals(1, repository().getInt("artifact_count"));
    }

    @Test
    void malformedEnvelopesAndStrangersAreAnsweredWithoutError() {
        String secret = "Harbor-Secret " + Stack.internalSecret();
        assertEquals(200, post("not json at all", secret, EVENTS_V1).status());
        assertEquals(200, post("{\"events\":\"nope\"}", secret, EVENTS_V1).status());
        Http.Response mixed = post("{\"events\":[{\"id\":1},"
                + event(UUID.randomUUID().toString(), "push", OCI, "v1", "alice", "PUT").replace(repo, "noproject-" + UUID.randomUUID().toString().substring(0, 8) + "/x")
                + "]}", secret, EVENTS_V1);
        assertEquals(200, mixed.status());
        assertEquals(1, mixed.json().getInt("malformed"));
        assertEquals(1, mixed.json().getInt("ignored"));
        assertEquals(null, repository());
        assertTrue(mixed.body().startsWith("{"));
    }
}

package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.CosignSignatures;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.ReplicationRuns;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second Wharf stack as a replication peer ({@code bin/wharf up} in its own WHARF_HOME, on ports
 * derived from the main stack's): registered as a {@code wharf} endpoint with a robot account of
 * the peer's project (pinged, its info read), a push-based rule copies two tags and a cosign
 * signature into the peer through its token service and gateway (the peer records them as its
 * own pushes), and a pull-based rule (with the same robot, which the peer's listings show its project)
 * brings the peer's repositories back into a project of this Wharf; an event-based rule deletes at the peer a tag deleted here. Images are compared digest by
 * digest with skopeo. The peer is stopped even on failure.
 */
class ReplicationPeerE2EIT {
    private static final int BASE = URI.create(Stack.url()).getPort();
    private static final int HTTP = BASE + 700;
    private static final int HTTPS = BASE + 720;
    private static final String LOCAL = Stack.url() + "/api/v2.0";
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());

    @Test
    void anotherWharfIsPushedToAndPulledFrom(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("WHARF_HOME", Stack.home().resolveSibling("wharf-home-peer").toString());
        env.put("WHARF_HTTP_PORT", String.valueOf(HTTP));
        env.put("WHARF_HTTPS_PORT", String.valueOf(HTTPS));
        env.put("WHARF_REGISTRY_PORT", String.valueOf(BASE + 740));
        env.put("WHARF_REDIS_PORT", String.valueOf(BASE + 760));
        env.put("WHARF_SERVERS", "1");
        env.put("WHARF_EXTRA_SERVERS", "");
        env.put("WHARF_DB_TYPE", "derby");
        env.put("VULNDB_SOURCES", "none");
        env.put("JOBSERVICE_SAMPLE_JOBS", "false");
        // Two stacks on one machine: the peer keeps a small heap, and a loaded machine starts it slowly.
        env.put("WHARF_HEAP", "512m");
        env.put("WHARF_START_TIMEOUT", "600");
        String wharf = Stack.root().resolve("bin/wharf").toString();
        String peer = "http://127.0.0.1:" + HTTP;
        String peerHost = "127.0.0.1:" + HTTP;
        try {
            Cmd.Result up = Cmd.runWithEnv(Duration.ofMinutes(15), env, wharf, "up");
            assertTrue(up.ok(), up::toString);
            WharfApi peerApi = new WharfApi(peer, Stack.adminPassword());
            String target = peerApi.createProject(WharfApi.unique("peer"), false);
            Http.Response robot = Http.postJson(peer + "/api/v2.0/robots", "{\"name\":\"replicator\",\"level\":\"project\",\"duration\":-1,"
                    + "\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + target + "\",\"access\":[{\"resource\":\"repository\","
                    + "\"action\":\"pull\"},{\"resource\":\"repository\",\"action\":\"push\"},{\"resource\":\"repository\",\"action\":\"delete\"}]}]}",
                    peerApi.adminAuth());
            assertEquals(201, robot.status(), robot.toString());
            String robotName = robot.json().getString("name");
            String robotSecret = robot.json().getString("secret");
            String robotCreds = robotName + ":" + robotSecret;

            // The peer as a registry endpoint: pinged (a wrong secret refused with the reason), saved, its info read.
            String credential = "\"credential\":{\"type\":\"basic\",\"access_key\":\"" + robotName
                    + "\",\"access_secret\":\"" + robotSecret + "\"}";
            // (Harbor's ping body has the credential's fields at the top level.)
            Http.Response ping = Http.postJson(LOCAL + "/registries/ping", "{\"type\":\"wharf\",\"url\":\"" + peer
                    + "\",\"credential_type\":\"basic\",\"access_key\":\"" + robotName + "\",\"access_secret\":\"" + robotSecret + "\"}",
                    API.adminAuth());
            assertEquals(200, ping.status(), ping.toString());
            Http.Response badPing = Http.postJson(LOCAL + "/registries/ping", "{\"type\":\"wharf\",\"url\":\"" + peer
                    + "\",\"credential_type\":\"basic\",\"access_key\":\"" + robotName + "\",\"access_secret\":\"not-the-secret\"}",
                    API.adminAuth());
            assertEquals(400, badPing.status(), badPing.toString());
            assertTrue(badPing.body().contains("refused the credentials"), badPing.toString());
            Http.Response created = Http.postJson(LOCAL + "/registries", "{\"name\":\"" + WharfApi.unique("peer") + "\",\"type\":\"wharf\","
                    + "\"url\":\"" + peer + "\"," + credential + "}", API.adminAuth());
            assertEquals(201, created.status(), created.toString());
            long endpoint = id(created);
            JsonObject info = Http.get(LOCAL + "/registries/" + endpoint + "/info", "Authorization", API.adminAuth()).json();
            assertEquals("wharf", info.getString("type"), info.toString());
            JsonObject shown = Http.get(LOCAL + "/registries/" + endpoint, "Authorization", API.adminAuth()).json();
            assertEquals("healthy", shown.getString("status"), shown.toString());

            // Push-based: two tags and the signature of one go to the peer's project, through its token service.
            String source = API.createProject(WharfApi.unique("src"), false);
            Map<String, String> pushed = new LinkedHashMap<>();
            pushed.put("app:v1", push(dir.resolve("one"), source + "/app:v1"));
            pushed.put("app:v2", push(dir.resolve("two"), source + "/app:v2"));
            String token = API.token("admin", Stack.adminPassword(), "repository:" + source + "/app:pull,push");
            assertEquals(201, CosignSignatures.push(source + "/app", token, pushed.get("app:v1")).status());
            Http.Response rule = Http.postJson(LOCAL + "/replication/policies", "{\"name\":\"" + WharfApi.unique("topeer")
                    + "\",\"dest_registry\":{\"id\":" + endpoint + "},\"dest_namespace\":\"" + target + "\",\"dest_namespace_replace_count\":1,"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"" + source + "/**\"}],\"override\":true}", API.adminAuth());
            assertEquals(201, rule.status(), rule.toString());
            JsonObject execution = run(id(rule));
            assertEquals("Succeed", execution.getString("status"), execution.toString());
            assertEquals(2, execution.getInt("succeed"), execution.toString());
            for (var e : pushed.entrySet()) {
                assertEquals(e.getValue(), digestAt("docker://" + peerHost + "/" + target + "/" + e.getKey(), robotCreds), e.getKey());
            }
            String signature = CosignSignatures.tagOf(pushed.get("app:v1"));
            assertTrue(Images.inspect("docker://" + peerHost + "/" + target + "/app:" + signature, robotCreds).ok(), "the signature came along");
            // The peer recorded what arrived as pushes into its project.
            for (String digest : pushed.values()) {
                Eventually.await("the peer's record of " + digest, Duration.ofSeconds(60),
                        () -> Http.get(peer + "/api/v2.0/projects/" + target + "/repositories/app/artifacts/" + digest, "Authorization",
                                peerApi.adminAuth()).status(), status -> status == 200);
            }

            // Pull-based: the peer's repositories (what was replicated there and one pushed there directly) come back.
            String direct = push(dir.resolve("three"), peerHost, target + "/tool:1.0", robotCreds);
            String back = API.createProject(WharfApi.unique("back"), false);
            // Read with the same robot of the peer: the peer's repository listing (Harbor's API) shows a robot the
            // projects it has grants in.
            Http.Response pull = Http.postJson(LOCAL + "/replication/policies", "{\"name\":\"" + WharfApi.unique("frompeer")
                    + "\",\"src_registry\":{\"id\":" + endpoint + "},\"dest_namespace\":\"" + back + "\",\"dest_namespace_replace_count\":1,"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"" + target + "/**\"}]}", API.adminAuth());
            assertEquals(201, pull.status(), pull.toString());
            JsonObject pulled = run(id(pull));
            assertEquals("Succeed", pulled.getString("status"), pulled.toString());
            assertEquals(3, pulled.getInt("succeed"), pulled.toString());
            String admin = "admin:" + Stack.adminPassword();
            for (var e : pushed.entrySet()) {
                assertEquals(e.getValue(), digestAt("docker://" + Stack.host() + "/" + back + "/" + e.getKey(), admin), e.getKey());
            }
            assertEquals(direct, digestAt("docker://" + Stack.host() + "/" + back + "/tool:1.0", admin));
            assertTrue(Images.inspect("docker://" + Stack.host() + "/" + back + "/app:" + signature, admin).ok(), "the signature came back");

            // An event-based rule with replicate_deletion: a tag deleted in Wharf is deleted at the peer, which can untag.
            Http.Response events = Http.postJson(LOCAL + "/replication/policies", "{\"name\":\"" + WharfApi.unique("peerevents")
                    + "\",\"dest_registry\":{\"id\":" + endpoint + "},\"dest_namespace\":\"" + target + "\",\"dest_namespace_replace_count\":1,"
                    + "\"trigger\":{\"type\":\"event_based\"},\"replicate_deletion\":true,"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"" + source + "/**\"}]}", API.adminAuth());
            assertEquals(201, events.status(), events.toString());
            assertEquals(200, Http.send("DELETE", LOCAL + "/projects/" + source + "/repositories/app/artifacts/v2/tags/v2", null,
                    "Authorization", API.adminAuth()).status());
            Eventually.await("the deleted tag gone at the peer", Duration.ofSeconds(60),
                    () -> digestAt("docker://" + peerHost + "/" + target + "/app:v2", robotCreds), d -> d.startsWith("missing"));
            assertEquals(pushed.get("app:v1"), digestAt("docker://" + peerHost + "/" + target + "/app:v1", robotCreds));
            // The peer untagged it: the artifact itself is still there under its digest, as in Harbor.
            assertEquals(pushed.get("app:v2"), digestAt("docker://" + peerHost + "/" + target + "/app@" + pushed.get("app:v2"), robotCreds));
        } finally {
            Cmd.Result down = Cmd.runWithEnv(Duration.ofMinutes(3), env, wharf, "down");
            assertTrue(down.ok(), down::toString);
        }
    }

    private static long id(Http.Response created) {
        return created.createdId();
    }

    /** Starts an execution and waits for it to end. */
    private static JsonObject run(long policy) {
        return ReplicationRuns.run(LOCAL, API.adminAuth(), policy, Duration.ofSeconds(180));
    }

    private static String push(Path dir, String repoAndTag) throws Exception {
        return push(dir, Stack.host(), repoAndTag, "admin:" + Stack.adminPassword());
    }

    private static String push(Path dir, String host, String repoAndTag, String creds) throws Exception {
        Path layout = Images.build(dir);
        Path digestFile = dir.resolve("digest");
        Cmd.Result r = Images.copy("oci:" + layout + ":v1", "docker://" + host + "/" + repoAndTag, null, creds, digestFile);
        assertTrue(r.ok(), r.toString());
        return Files.readString(digestFile).strip();
    }

    private static String digestAt(String ref, String creds) {
        Cmd.Result r = Cmd.run("skopeo", "inspect", "--tls-verify=false", "--creds", creds, "--format", "{{.Digest}}", ref);
        return r.ok() ? r.output().strip() : "missing: " + r.output();
    }
}

package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.CosignSignatures;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.ReplicationRuns;
import io.wharf.it.support.Images;
import io.wharf.it.support.OtherRegistry;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication against a second Debian docker-registry behind Basic auth, started here: a push-based
 * rule run by hand copies two tags and a cosign signature, compared digest by digest with skopeo;
 * an event-based rule copies what skopeo pushes into Wharf and deletes there what is deleted in Wharf
 * (a tag through the API, an artifact through the API and through the registry API); a scheduled rule
 * runs on its cron;
 * a pull-based rule brings an image from the registry into a Wharf project.
 */
class ReplicationE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String USER = "replicator";
    private static final String SECRET = "Repl1cate-" + System.nanoTime();
    private static final String BASE = Stack.url() + "/api/v2.0";

    private static String admin() { return "admin:" + Stack.adminPassword(); }

    @Test
    void aPushBasedRuleRunByHandCopiesTagsAndSignatureDigestForDigest(@TempDir Path dir) throws Exception {
        try (OtherRegistry dest = OtherRegistry.start(dir.resolve("dest"), OtherRegistry.portAfterStackRegistry(31), USER, SECRET)) {
            long endpoint = endpoint(dest);
            String project = API.createProject(WharfApi.unique("reppush"), false);
            String v1 = push(dir.resolve("one"), project + "/app:v1");
            String v2 = push(dir.resolve("two"), project + "/app:v2");
            String token = API.token("admin", Stack.adminPassword(), "repository:" + project + "/app:pull,push");
            assertEquals(201, CosignSignatures.push(project + "/app", token, v1).status());
            push(dir.resolve("other"), project + "/app:nightly");

            String name = WharfApi.unique("rule");
            Http.Response created = Http.postJson(BASE + "/replication/policies", "{\"name\":\"" + name + "\",\"dest_registry\":{\"id\":"
                    + endpoint + "},\"dest_namespace\":\"mirror\",\"dest_namespace_replace_count\":1,\"trigger\":{\"type\":\"manual\"},"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"" + project + "/**\"},{\"type\":\"tag\",\"value\":\"v*\"}],"
                    + "\"override\":true,\"enabled\":true}", API.adminAuth());
            assertEquals(201, created.status(), created.toString());
            long policy = id(created);
            JsonObject shown = Http.get(BASE + "/replication/policies/" + policy, "Authorization", API.adminAuth()).json();
            assertEquals(endpoint, shown.getJsonObject("dest_registry").getJsonNumber("id").longValue());
            assertEquals("Local", shown.getJsonObject("src_registry").getString("name"));

            JsonObject execution = run(policy);
            assertEquals("Succeed", execution.getString("status"), execution.toString());
            assertEquals(2, execution.getInt("total"));
            assertEquals(2, execution.getInt("succeed"));

            String creds = USER + ":" + SECRET;
            assertEquals(v1, digestAt("docker://" + dest.hostPort() + "/mirror/app:v1", creds));
            assertEquals(v2, digestAt("docker://" + dest.hostPort() + "/mirror/app:v2", creds));
            assertTrue(Images.inspect("docker://" + dest.hostPort() + "/mirror/app:" + CosignSignatures.tagOf(v1), creds).ok(),
                    "the signature came along");
            assertFalse(Images.inspect("docker://" + dest.hostPort() + "/mirror/app:nightly", creds).ok(), "the tag filter left nightly out");

            long executionId = execution.getJsonNumber("id").longValue();
            JsonArray tasks = Http.get(BASE + "/replication/executions/" + executionId + "/tasks", "Authorization", API.adminAuth()).jsonArray();
            assertEquals(2, tasks.size());
            JsonObject task = tasks.getJsonObject(0);
            assertEquals("Succeed", task.getString("status"));
            assertTrue(task.getString("dst_resource").startsWith("mirror/app:v"), task.toString());
            String log = Http.get(BASE + "/replication/executions/" + executionId + "/tasks/" + task.getJsonNumber("id") + "/log",
                    "Authorization", API.adminAuth()).body();
            assertTrue(log.contains("copying " + project + "/app:v"), log);

            // Run again: nothing new to send, every blob is already at the destination.
            JsonObject again = run(policy);
            assertEquals("Succeed", again.getString("status"));
            String secondLog = Http.get(BASE + "/replication/executions/" + again.getJsonNumber("id") + "/tasks/"
                    + Http.get(BASE + "/replication/executions/" + again.getJsonNumber("id") + "/tasks", "Authorization", API.adminAuth())
                    .jsonArray().getJsonObject(0).getJsonNumber("id") + "/log", "Authorization", API.adminAuth()).body();
            assertTrue(secondLog.contains("done: 0 bytes sent"), secondLog);

            // Only administrators.
            String user = API.createUser(WharfApi.unique("dev"));
            assertEquals(403, Http.get(BASE + "/replication/policies", "Authorization", Http.basic(user, WharfApi.PASSWORD)).status());
            assertEquals(401, Http.get(BASE + "/replication/executions").status());
            assertEquals(200, Http.send("DELETE", BASE + "/replication/policies/" + policy, null, "Authorization", API.adminAuth()).status());
        }
    }

    @Test
    void anEventBasedRuleFollowsPushes(@TempDir Path dir) throws Exception {
        try (OtherRegistry dest = OtherRegistry.start(dir.resolve("dest"), OtherRegistry.portAfterStackRegistry(32), USER, SECRET)) {
            long endpoint = endpoint(dest);
            String project = API.createProject(WharfApi.unique("repevent"), false);
            Http.Response created = Http.postJson(BASE + "/replication/policies", "{\"name\":\"" + WharfApi.unique("onpush")
                    + "\",\"dest_registry\":{\"id\":" + endpoint + "},\"trigger\":{\"type\":\"event_based\"},\"replicate_deletion\":true,"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"" + project + "/**\"}]}", API.adminAuth());
            assertEquals(201, created.status(), created.toString());
            long policy = id(created);

            String digest = push(dir.resolve("img"), project + "/web:1.0");
            String second = push(dir.resolve("img2"), project + "/web:2.0");
            String third = push(dir.resolve("img3"), project + "/web:3.0");
            String fourth = push(dir.resolve("img4"), project + "/web:4.0");
            String creds = USER + ":" + SECRET;
            String at = "docker://" + dest.hostPort() + "/" + project + "/web:";
            Eventually.await("the push replicated", Duration.ofSeconds(60), () -> digestAt(at + "1.0", creds), digest::equals);
            Eventually.await("the push replicated", Duration.ofSeconds(60), () -> digestAt(at + "2.0", creds), second::equals);
            Eventually.await("the push replicated", Duration.ofSeconds(60), () -> digestAt(at + "3.0", creds), third::equals);
            Eventually.await("the push replicated", Duration.ofSeconds(60), () -> digestAt(at + "4.0", creds), fourth::equals);
            JsonArray executions = Http.get(BASE + "/replication/executions?policy_id=" + policy, "Authorization", API.adminAuth()).jsonArray();
            assertEquals("event_based", executions.getJsonObject(0).getString("trigger"));

            // replicate_deletion: a tag deleted through the API is gone at the destination too (Distribution
            // cannot untag, so there the manifest that only this tag named is deleted) ...
            String repo = BASE + "/projects/" + project + "/repositories/web/artifacts/";
            assertEquals(200, Http.send("DELETE", repo + "2.0/tags/2.0", null, "Authorization", API.adminAuth()).status());
            Eventually.await("the deleted tag gone at the destination", Duration.ofSeconds(60),
                    () -> digestAt(at + "2.0", creds), d -> d.startsWith("missing"));
            // ... an artifact deleted through the API, by digest ...
            assertEquals(200, Http.send("DELETE", repo + third, null, "Authorization", API.adminAuth()).status());
            Eventually.await("the deleted artifact gone at the destination", Duration.ofSeconds(60),
                    () -> digestAt("docker://" + dest.hostPort() + "/" + project + "/web@" + third, creds), d -> d.startsWith("missing"));
            // ... and one deleted through the registry API of Wharf (skopeo delete: DELETE by digest).
            Cmd.Result removed = Cmd.run("skopeo", "delete", "--tls-verify=false", "--creds", admin(),
                    "docker://" + Stack.host() + "/" + project + "/web@" + fourth);
            assertTrue(removed.ok(), removed.toString());
            Eventually.await("the artifact deleted through the registry gone at the destination", Duration.ofSeconds(60),
                    () -> digestAt("docker://" + dest.hostPort() + "/" + project + "/web@" + fourth, creds), d -> d.startsWith("missing"));
            // What was not deleted stays.
            assertEquals(digest, digestAt(at + "1.0", creds));

            // Each delete was one event-based execution with a succeeded deletion task naming what went.
            JsonArray all = Http.get(BASE + "/replication/executions?policy_id=" + policy + "&page_size=50", "Authorization", API.adminAuth()).jsonArray();
            java.util.List<String> deleted = new java.util.ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                long id = all.getJsonObject(i).getJsonNumber("id").longValue();
                JsonArray tasks = Http.get(BASE + "/replication/executions/" + id + "/tasks", "Authorization", API.adminAuth()).jsonArray();
                for (int j = 0; j < tasks.size(); j++) {
                    JsonObject t = tasks.getJsonObject(j);
                    if (!t.getString("operation").equals("deletion")) continue;
                    assertEquals("Succeed", t.getString("status"), t.toString());
                    deleted.add(t.getString("dst_resource"));
                }
            }
            assertEquals(java.util.Set.of(project + "/web:2.0", project + "/web@" + third, project + "/web@" + fourth),
                    java.util.Set.copyOf(deleted), deleted.toString());
        }
    }

    @Test
    void aScheduledRuleRunsOnItsCron(@TempDir Path dir) throws Exception {
        try (OtherRegistry dest = OtherRegistry.start(dir.resolve("dest"), OtherRegistry.portAfterStackRegistry(34), USER, SECRET)) {
            long endpoint = endpoint(dest);
            String project = API.createProject(WharfApi.unique("repcron"), false);
            String digest = push(dir.resolve("img"), project + "/job:1");
            Http.Response created = Http.postJson(BASE + "/replication/policies", "{\"name\":\"" + WharfApi.unique("cron")
                    + "\",\"dest_registry\":{\"id\":" + endpoint + "},\"trigger\":{\"type\":\"scheduled\",\"trigger_settings\":"
                    + "{\"cron\":\"*/10 * * * * *\"}},\"filters\":[{\"type\":\"name\",\"value\":\"" + project + "/**\"}]}", API.adminAuth());
            assertEquals(201, created.status(), created.toString());
            long policy = id(created);
            try {
                JsonObject execution = Eventually.await("a scheduled execution ended", Duration.ofSeconds(90),
                        () -> Http.get(BASE + "/replication/executions?policy_id=" + policy, "Authorization", API.adminAuth()).jsonArray(),
                        list -> !list.isEmpty() && !list.getJsonObject(list.size() - 1).getString("status").equals("InProgress"))
                        .stream().map(JsonObject.class::cast).filter(e -> !e.getString("status").equals("InProgress")).findFirst().orElseThrow();
                assertEquals("scheduled", execution.getString("trigger"), execution.toString());
                assertEquals("Succeed", execution.getString("status"), execution.toString());
                assertEquals(digest, digestAt("docker://" + dest.hostPort() + "/" + project + "/job:1", USER + ":" + SECRET));
            } finally {
                // Disabled first: a running execution would refuse the delete.
                Http.putJson(BASE + "/replication/policies/" + policy, "{\"name\":\"" + Http.get(BASE + "/replication/policies/" + policy,
                        "Authorization", API.adminAuth()).json().getString("name") + "\",\"dest_registry\":{\"id\":" + endpoint
                        + "},\"trigger\":{\"type\":\"manual\"},\"enabled\":false}", API.adminAuth());
                Eventually.await("the rule deleted", Duration.ofSeconds(60),
                        () -> Http.send("DELETE", BASE + "/replication/policies/" + policy, null, "Authorization", API.adminAuth()).status(),
                        status -> status == 200);
            }
        }
    }

    @Test
    void aPullBasedRuleBringsAnImageIntoAProject(@TempDir Path dir) throws Exception {
        try (OtherRegistry source = OtherRegistry.start(dir.resolve("src"), OtherRegistry.portAfterStackRegistry(33), USER, SECRET)) {
            long endpoint = endpoint(source);
            Path layout = Images.build(dir.resolve("img"));
            Path digestFile = dir.resolve("digest");
            Cmd.Result copied = Images.copy("oci:" + layout + ":v1", "docker://" + source.hostPort() + "/upstream/tool:3.1", null,
                    USER + ":" + SECRET, digestFile);
            assertTrue(copied.ok(), copied.toString());
            String digest = Files.readString(digestFile).strip();
            String project = API.createProject(WharfApi.unique("reppull"), false);

            Http.Response created = Http.postJson(BASE + "/replication/policies", "{\"name\":\"" + WharfApi.unique("pull")
                    + "\",\"src_registry\":{\"id\":" + endpoint + "},\"dest_namespace\":\"" + project + "\",\"dest_namespace_replace_count\":1,"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"upstream/*\"}]}", API.adminAuth());
            assertEquals(201, created.status(), created.toString());
            JsonObject execution = run(id(created));
            assertEquals("Succeed", execution.getString("status"), execution.toString());

            assertEquals(digest, digestAt("docker://" + Stack.host() + "/" + project + "/tool:3.1", admin()));
            Eventually.await("the artifact recorded in the project", Duration.ofSeconds(30),
                    () -> Http.get(BASE + "/projects/" + project + "/repositories/tool/artifacts", "Authorization", API.adminAuth()),
                    r -> r.status() == 200 && r.body().contains(digest));
        }
    }

    /**
     * The POST answers at once, as Harbor's does: the execution is planned in the background. Copies
     * slowed by the rule's speed limit (about 3 s for each image's 48 KiB of random bytes) are still
     * running when the 201 has come back; the execution then ends Succeeded with every image copied.
     */
    @Test
    void startingAnExecutionAnswersBeforeItsTasksAreDone(@TempDir Path dir) throws Exception {
        try (OtherRegistry dest = OtherRegistry.start(dir.resolve("dest"), OtherRegistry.portAfterStackRegistry(35), USER, SECRET)) {
            long endpoint = endpoint(dest);
            String project = API.createProject(WharfApi.unique("repasync"), false);
            java.util.Map<String, String> digests = new java.util.TreeMap<>();
            for (String name : java.util.List.of("one", "two", "three")) {
                Path layout = Images.buildWith(dir.resolve(name), java.util.Map.of(), rootfs -> {
                    byte[] noise = new byte[48 * 1024];
                    new java.util.Random().nextBytes(noise);
                    try {
                        Files.write(rootfs.resolve("noise.bin"), noise);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Path digestFile = dir.resolve(name + ".digest");
                Cmd.Result r = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + project + "/" + name + ":v1", null, admin(), digestFile);
                assertTrue(r.ok(), r.toString());
                digests.put(name, Files.readString(digestFile).strip());
            }
            Http.Response created = Http.postJson(BASE + "/replication/policies", "{\"name\":\"" + WharfApi.unique("async")
                    + "\",\"dest_registry\":{\"id\":" + endpoint + "},\"speed\":16,"
                    + "\"filters\":[{\"type\":\"name\",\"value\":\"" + project + "/**\"}]}", API.adminAuth());
            assertEquals(201, created.status(), created.toString());
            long policy = id(created);

            Http.Response started = Http.postJson(BASE + "/replication/executions", "{\"policy_id\":" + policy + "}", API.adminAuth());
            assertEquals(201, started.status(), started.toString());
            long executionId = started.createdId();
            JsonObject early = Http.get(BASE + "/replication/executions/" + executionId, "Authorization", API.adminAuth()).json();
            assertEquals("InProgress", early.getString("status"), early.toString());
            assertTrue(early.getInt("succeed") < 3, "the 201 came before the copies were done: " + early);

            JsonObject execution = Eventually.await("execution " + executionId + " ended", Duration.ofSeconds(120),
                    () -> Http.get(BASE + "/replication/executions/" + executionId, "Authorization", API.adminAuth()).json(),
                    e -> !e.getString("status").equals("InProgress"));
            assertEquals("Succeed", execution.getString("status"), execution.toString());
            assertEquals(3, execution.getInt("total"));
            assertEquals(3, execution.getInt("succeed"));
            for (var d : digests.entrySet()) {
                assertEquals(d.getValue(), digestAt("docker://" + dest.hostPort() + "/" + project + "/" + d.getKey() + ":v1", USER + ":" + SECRET));
            }
        }
    }

    /**
     * A pull rule whose source does not answer: the POST still answers 201 at once (the source is
     * listed in the background, here by a listener that accepts connections and holds them without
     * a word), and once the source is gone the execution ends Failed with the reason.
     */
    @Test
    void anUnreachableSourceAnswers201AndTheExecutionEndsFailedWithTheReason() throws Exception {
        int port = OtherRegistry.portAfterStackRegistry(38);
        Http.Response registry = Http.postJson(BASE + "/registries", "{\"name\":\"" + WharfApi.unique("silent") + "\",\"type\":\"docker-registry\","
                + "\"url\":\"http://127.0.0.1:" + port + "\"}", API.adminAuth());
        assertEquals(201, registry.status(), registry.toString());
        String project = API.createProject(WharfApi.unique("repgone"), false);
        Http.Response created = Http.postJson(BASE + "/replication/policies", "{\"name\":\"" + WharfApi.unique("gone")
                + "\",\"src_registry\":{\"id\":" + id(registry) + "},\"dest_namespace\":\"" + project + "\"}", API.adminAuth());
        assertEquals(201, created.status(), created.toString());
        long policy = id(created);
        try (SilentListener silent = new SilentListener(port)) {
            Http.Response started = Http.postJson(BASE + "/replication/executions", "{\"policy_id\":" + policy + "}", API.adminAuth());
            assertEquals(201, started.status(), started.toString());
            long executionId = started.createdId();
            assertEquals("InProgress", Http.get(BASE + "/replication/executions/" + executionId, "Authorization", API.adminAuth())
                    .json().getString("status"), "the source has not answered yet");
            Eventually.await("the source asked for its catalog", Duration.ofSeconds(60), silent::held, n -> n > 0);
            // A second execution, stopped while its source is being listed, ends Stopped and stays so.
            Http.Response second = Http.postJson(BASE + "/replication/executions", "{\"policy_id\":" + policy + "}", API.adminAuth());
            assertEquals(201, second.status(), second.toString());
            long stoppedId = second.createdId();
            assertEquals(200, Http.putJson(BASE + "/replication/executions/" + stoppedId, "{}", API.adminAuth()).status());
            assertEquals("Stopped", Http.get(BASE + "/replication/executions/" + stoppedId, "Authorization", API.adminAuth())
                    .json().getString("status"));
            silent.close();
            JsonObject execution = Eventually.await("execution " + executionId + " ended", Duration.ofSeconds(120),
                    () -> Http.get(BASE + "/replication/executions/" + executionId, "Authorization", API.adminAuth()).json(),
                    e -> !e.getString("status").equals("InProgress"));
            assertEquals("Failed", execution.getString("status"), execution.toString());
            assertTrue(execution.getString("status_text").startsWith("cannot list the source registry: "), execution.toString());
            assertEquals(0, execution.getInt("total"), execution.toString());
            JsonObject stopped = Http.get(BASE + "/replication/executions/" + stoppedId, "Authorization", API.adminAuth()).json();
            assertEquals("Stopped", stopped.getString("status"), stopped.toString());
            assertEquals(0, stopped.getInt("total"), stopped.toString());
        }
    }

    /** Accepts connections and holds them without answering until closed; then connections are refused. */
    private static final class SilentListener implements AutoCloseable {
        private final java.net.ServerSocket server;
        private final java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        SilentListener(int port) throws java.io.IOException {
            server = new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try {
                    while (true) held.add(server.accept());
                } catch (java.io.IOException closed) {
                    // closed
                }
            }, "silent-source");
            t.setDaemon(true);
            t.start();
        }

        int held() { return held.size(); }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (java.net.Socket s : held) s.close();
        }
    }

    @Test
    void badRulesAreRefusedWithTheirReason() {
        String[] bodies = {
            "{\"name\":\"x\"}",
            "{\"name\":\"x\",\"dest_registry\":{\"id\":999999999}}",
            "{\"name\":\"x\",\"dest_registry\":{\"id\":1},\"src_registry\":{\"id\":1}}",
            "{\"name\":\"x\",\"dest_registry\":{\"id\":999999999},\"trigger\":{\"type\":\"sometimes\"}}",
        };
        for (String body : bodies) {
            Http.Response r = Http.postJson(BASE + "/replication/policies", body, API.adminAuth());
            assertEquals(400, r.status(), body + " -> " + r);
            assertEquals("BAD_REQUEST", r.errorCode(), r.toString());
        }
        assertEquals(404, Http.get(BASE + "/replication/policies/999999999", "Authorization", API.adminAuth()).status());
        assertEquals(404, Http.get(BASE + "/replication/executions/999999999", "Authorization", API.adminAuth()).status());
    }

    private static long endpoint(OtherRegistry r) {
        Http.Response created = Http.postJson(BASE + "/registries", "{\"name\":\"" + WharfApi.unique("peer") + "\",\"type\":\"docker-registry\","
                + "\"url\":\"" + r.url() + "\",\"credential\":{\"type\":\"basic\",\"access_key\":\"" + USER + "\",\"access_secret\":\""
                + SECRET + "\"}}", API.adminAuth());
        assertEquals(201, created.status(), created.toString());
        return id(created);
    }

    private static long id(Http.Response created) {
        return created.createdId();
    }

    /** Starts an execution and waits for it to end. */
    private static JsonObject run(long policy) {
        return ReplicationRuns.run(BASE, API.adminAuth(), policy, Duration.ofSeconds(120));
    }

    private static String push(Path dir, String repoAndTag) throws Exception {
        Path layout = Images.build(dir);
        Path digestFile = dir.resolve("digest");
        Cmd.Result r = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repoAndTag, null, admin(), digestFile);
        assertTrue(r.ok(), r.toString());
        return Files.readString(digestFile).strip();
    }

    private static String digestAt(String ref, String creds) {
        Cmd.Result r = Cmd.run("skopeo", "inspect", "--tls-verify=false", "--creds", creds, "--format", "{{.Digest}}", ref);
        return r.ok() ? r.output().strip() : "missing: " + r.output();
    }
}

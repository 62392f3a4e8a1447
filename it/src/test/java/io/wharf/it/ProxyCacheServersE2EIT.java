package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.OtherRegistry;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One upstream fetch per blob across the Wharf servers that share Redis and the registry. The
 * other server is played by the test: it claims the blob's fetch in the stack's Redis as a server
 * does ({@code wharf:proxy:fetch:<repository>@<digest>}) and, a moment later, stores the blob in the
 * shared registry through the registry's own API. A client pulling through this server meanwhile
 * waits for that copy: the upstream's access log shows the blob never asked for.
 */
class ProxyCacheServersE2EIT {
    @Test
    void aBlobAnotherServerIsFetchingIsWaitedForNotFetchedAgain(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String admin = "admin:" + Stack.adminPassword();
        try (OtherRegistry upstream = OtherRegistry.start(dir.resolve("upstream"), OtherRegistry.portAfterStackRegistry(143), null, null)) {
            Path layout = Images.build(dir.resolve("image"));
            assertTrue(Images.copy("oci:" + layout + ":v1", "docker://" + upstream.hostPort() + "/library/app:1.0", null, null, null).ok());
            String manifest = Images.inspect("docker://" + upstream.hostPort() + "/library/app:1.0", null).output().strip();
            JsonObject m = Json.createReader(new StringReader(manifest)).readObject();
            String config = m.getJsonObject("config").getString("digest");
            String layer = m.getJsonArray("layers").getJsonObject(0).getString("digest");

            Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/registries", "{\"name\":\"" + WharfApi.unique("up")
                    + "\",\"type\":\"docker-registry\",\"url\":\"" + upstream.url() + "\"}", api.adminAuth());
            assertEquals(201, created.status(), created.toString());
            String project = WharfApi.unique("servers");
            assertEquals(201, Http.postJson(Stack.url() + "/api/v2.0/projects", "{\"project_name\":\"" + project
                    + "\",\"registry_id\":" + created.createdId() + ",\"metadata\":{\"public\":\"false\"}}", api.adminAuth()).status());
            String repository = project + "/library/app";
            String claim = "wharf:proxy:fetch:" + repository + "@" + layer;

            // The other server claims the layer's fetch.
            Cmd.Result set = redis("SET", claim, "another-server", "EX", "120");
            assertTrue(set.output().contains("OK"), set::toString);
            try {
                CompletableFuture<Cmd.Result> pull = CompletableFuture.supplyAsync(() -> Images.copy(
                        "docker://" + Stack.host() + "/" + repository + ":1.0", "dir:" + dir.resolve("pulled"), admin, null, null));
                // This server fetches the manifest from the upstream and waits for the claimed layer
                // (skopeo reads the layers before the config).
                Eventually.await("the manifest fetched from the upstream", Duration.ofSeconds(60),
                        () -> upstreamReads(upstream, "manifests/1.0"), n -> n >= 1);
                Thread.sleep(3000);
                assertFalse(pull.isDone(), () -> "the pull did not wait for the claimed layer: " + pull.join());
                assertEquals(0, upstreamBlobReads(upstream, layer), "a claimed blob is not fetched by a second server");

                // The other server's copy arrives in the shared registry; its claim ends.
                storeInRegistry(api, repository, layer, Files.readAllBytes(layout.resolve("blobs/sha256/" + layer.substring(7))));
                redis("DEL", claim);
                Cmd.Result done = pull.get();
                assertTrue(done.ok(), done::toString);
                assertEquals(manifest, Files.readString(dir.resolve("pulled/manifest.json")).strip());
                assertTrue(Files.exists(dir.resolve("pulled").resolve(layer.substring(7))), "the client got the layer");
                assertEquals(0, upstreamBlobReads(upstream, layer), "the layer came from the other server's copy");
                assertEquals(1, upstreamBlobReads(upstream, config));
            } finally {
                redis("DEL", claim);
            }
        }
    }

    /** What the other server's store does: a monolithic upload straight to the shared registry. */
    private static void storeInRegistry(WharfApi api, String repository, String digest, byte[] bytes) {
        String scope = URLEncoder.encode("repository:" + repository + ":pull,push", StandardCharsets.UTF_8);
        Http.Response token = Http.get(Stack.url() + "/service/token?service=wharf-registry&scope=" + scope, "Authorization", api.adminAuth());
        assertEquals(200, token.status(), token.toString());
        String bearer = Http.bearer(token.json().getString("token"));
        String registry = Stack.registryDirectUrl();
        Http.Response started = Http.send("POST", registry + "/v2/" + repository + "/blobs/uploads/", "", "Authorization", bearer);
        assertEquals(202, started.status(), started.toString());
        String location = started.header("Location").orElseThrow();
        String target = (location.startsWith("http") ? location : registry + location)
                + (location.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8);
        Http.Response put = Http.sendBytes("PUT", target, bytes, "Authorization", bearer, "Content-Type", "application/octet-stream");
        assertEquals(201, put.status(), put.toString());
    }

    private static Cmd.Result redis(String... command) {
        String[] cmd = new String[command.length + 3];
        cmd[0] = "redis-cli";
        cmd[1] = "-p";
        cmd[2] = System.getenv().getOrDefault("WHARF_REDIS_PORT", "18379");
        System.arraycopy(command, 0, cmd, 3, command.length);
        return Cmd.run(cmd);
    }

    /** Successful blob GETs in the upstream's access log (Distribution logs every request it serves). */
    private static long upstreamBlobReads(OtherRegistry upstream, String digest) {
        return upstreamReads(upstream, "blobs/" + digest);
    }

    /** Successful GETs of {@code library/app/<path>} in the upstream's access log. */
    private static long upstreamReads(OtherRegistry upstream, String path) {
        String wanted = "\"GET /v2/library/app/" + path + " ";
        try {
            return Files.readAllLines(upstream.dir().resolve("registry.log")).stream()
                    .filter(l -> l.contains(wanted) && l.contains("\" 200 ")).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}

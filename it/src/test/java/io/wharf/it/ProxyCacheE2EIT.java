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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy cache projects against a real upstream on loopback: a second Debian docker-registry, open
 * and behind Basic auth, seeded with skopeo. Clients (skopeo, podman) pull through Wharf; the
 * upstream's access log tells how often Wharf asked it for each blob and manifest. The stack re-checks a cached
 * tag upstream after {@code WHARF_PROXY_MANIFEST_RECHECK_SECONDS} (set short in it/pom.xml).
 */
class ProxyCacheE2EIT {
    private static final String SECRET = "Pr0xy-upstream-" + System.nanoTime();

    @Test
    void aProxyProjectPullsOnceServesFromItsCacheWhenTheUpstreamIsDownAndRefusesPushes(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String admin = "admin:" + Stack.adminPassword();
        try (OtherRegistry upstream = OtherRegistry.start(dir.resolve("upstream"), OtherRegistry.portAfterStackRegistry(140), null, null)) {
            Path layout = Images.build(dir.resolve("image"));
            Cmd.Result seeded = Images.copy("oci:" + layout + ":v1", "docker://" + upstream.hostPort() + "/library/app:1.0", null, null, null);
            assertTrue(seeded.ok(), seeded::toString);
            String upstreamManifest = Images.inspect("docker://" + upstream.hostPort() + "/library/app:1.0", null).output().strip();

            long registryId = endpoint(api, upstream.url(), null);
            String user = api.createUser(WharfApi.unique("dev"));
            String project = WharfApi.unique("hub");
            // Only a system administrator creates a proxy cache project, and only of an existing endpoint.
            assertEquals(403, Http.postJson(Stack.url() + "/api/v2.0/projects", projectBody(project, registryId, true),
                    Http.basic(user, WharfApi.PASSWORD)).status());
            Http.Response unknown = Http.postJson(Stack.url() + "/api/v2.0/projects", projectBody(project, 999_999_999, true), api.adminAuth());
            assertEquals(400, unknown.status(), unknown.toString());
            assertEquals(404, Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", api.adminAuth()).status(),
                    "a refused proxy project leaves no project behind");
            assertEquals(201, Http.postJson(Stack.url() + "/api/v2.0/projects", projectBody(project, registryId, true), api.adminAuth()).status());
            JsonObject shown = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", api.adminAuth()).json();
            assertEquals(registryId, shown.getJsonNumber("registry_id").longValue());

            // First pull: the manifest and every blob come from the upstream, once each.
            String proxied = "docker://" + Stack.host() + "/" + project + "/library/app:1.0";
            Cmd.Result first = Images.copy(proxied, "dir:" + dir.resolve("first"), admin, null, null);
            assertTrue(first.ok(), first::toString);
            assertEquals(upstreamManifest, Files.readString(dir.resolve("first/manifest.json")).strip());
            String digest = sha256(Files.readString(dir.resolve("first/manifest.json")));
            List<String> blobs = blobsOf(upstreamManifest);
            for (String blob : blobs) {
                assertEquals(1, upstreamBlobReads(upstream, "library/app", blob), blob + " read from the upstream once");
            }

            // The cached artifact is a Wharf artifact of the project, as a push would have made it.
            JsonObject artifact = Eventually.await("the cached artifact in the project", Duration.ofSeconds(30),
                    () -> Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/library%252Fapp/artifacts/1.0",
                            "Authorization", api.adminAuth()),
                    r -> r.status() == 200).json();
            assertEquals(digest, artifact.getString("digest"));

            // The project is public: anonymous pulls work as in any public project; podman pulls too.
            Cmd.Result anonymous = Images.copy(proxied, "dir:" + dir.resolve("anonymous"), null, null, null);
            assertTrue(anonymous.ok(), anonymous::toString);
            Path storage = dir.resolve("podman");
            Cmd.Result podman = Cmd.run("podman", "--storage-driver", "vfs", "--root", storage.resolve("root").toString(),
                    "--runroot", storage.resolve("run").toString(), "pull", "--tls-verify=false", "--creds", admin,
                    Stack.host() + "/" + project + "/library/app:1.0");
            assertTrue(podman.ok(), podman::toString);
            for (String blob : blobs) assertEquals(1, upstreamBlobReads(upstream, "library/app", blob), "later pulls are served by Wharf");

            // The upstream stopped: the cached image is still served, past the re-check interval too.
            upstream.stop();
            Thread.sleep(Duration.ofSeconds(recheckSeconds() + 1).toMillis());
            Cmd.Result offline = Images.copy(proxied, "dir:" + dir.resolve("offline"), admin, null, null);
            assertTrue(offline.ok(), offline::toString);
            assertEquals(upstreamManifest, Files.readString(dir.resolve("offline/manifest.json")).strip());
            // What was never cached is unavailable, with the registry's error.
            Cmd.Result never = Images.copy("docker://" + Stack.host() + "/" + project + "/library/other:1", "dir:" + dir.resolve("never"),
                    admin, null, null);
            assertFalse(never.ok(), never::toString);

            // Push is refused, as Harbor refuses it.
            Cmd.Result push = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + project + "/library/mine:1", null, admin, null);
            assertFalse(push.ok(), push::toString);
            assertTrue(push.output().contains("can not push artifact to a proxy project"), push::toString);
        }
    }

    @Test
    void aMovedTagIsFetchedAgainAndConcurrentFirstPullsReadEachBlobOnce(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String admin = "admin:" + Stack.adminPassword();
        try (OtherRegistry upstream = OtherRegistry.start(dir.resolve("upstream"), OtherRegistry.portAfterStackRegistry(141), "puller", SECRET)) {
            String upstreamCreds = "puller:" + SECRET;
            Path one = Images.buildWith(dir.resolve("one"), java.util.Map.of("big.bin", "x".repeat(3 * 1024 * 1024)));
            assertTrue(Images.copy("oci:" + one + ":v1", "docker://" + upstream.hostPort() + "/team/moving:latest", null, upstreamCreds, null).ok());
            String manifestOne = Images.inspect("docker://" + upstream.hostPort() + "/team/moving:latest", upstreamCreds).output().strip();

            long registryId = endpoint(api, upstream.url(), SECRET);
            String project = WharfApi.unique("mirror");
            assertEquals(201, Http.postJson(Stack.url() + "/api/v2.0/projects", projectBody(project, registryId, false), api.adminAuth()).status());
            String proxied = "docker://" + Stack.host() + "/" + project + "/team/moving:latest";

            // Two clients pull the same image for the first time at once: the upstream is asked for each blob once.
            CompletableFuture<Cmd.Result> a = CompletableFuture.supplyAsync(() -> Images.copy(proxied, "dir:" + dir.resolve("a"), admin, null, null));
            CompletableFuture<Cmd.Result> b = CompletableFuture.supplyAsync(() -> Images.copy(proxied, "dir:" + dir.resolve("b"), admin, null, null));
            assertTrue(a.get().ok(), a.get()::toString);
            assertTrue(b.get().ok(), b.get()::toString);
            assertEquals(manifestOne, Files.readString(dir.resolve("a/manifest.json")).strip());
            assertEquals(manifestOne, Files.readString(dir.resolve("b/manifest.json")).strip());
            for (String blob : blobsOf(manifestOne)) {
                assertEquals(1, upstreamBlobReads(upstream, "team/moving", blob), blob + " read from the upstream once for two clients");
                assertTrue(Files.exists(dir.resolve("b").resolve(blob.substring("sha256:".length()))), "the second client got " + blob);
            }

            // The tag moves upstream: within the re-check interval Wharf serves its copy, after it the new image.
            Path two = Images.build(dir.resolve("two"));
            assertTrue(Images.copy("oci:" + two + ":v1", "docker://" + upstream.hostPort() + "/team/moving:latest", null, upstreamCreds, null).ok());
            String manifestTwo = Images.inspect("docker://" + upstream.hostPort() + "/team/moving:latest", upstreamCreds).output().strip();
            assertFalse(manifestOne.equals(manifestTwo));
            String moved = Eventually.await("the moved tag served through the proxy", Duration.ofSeconds(recheckSeconds() + 20),
                    () -> Images.inspect(proxied, admin).output().strip(), out -> out.equals(manifestTwo));
            assertEquals(manifestTwo, moved);
            Cmd.Result pulled = Images.copy(proxied, "dir:" + dir.resolve("two-pulled"), admin, null, null);
            assertTrue(pulled.ok(), pulled::toString);
            assertEquals(manifestTwo, Files.readString(dir.resolve("two-pulled/manifest.json")).strip());
            String digestTwo = sha256(Files.readString(dir.resolve("two-pulled/manifest.json")));
            JsonObject artifact = Eventually.await("the new image recorded under the tag", Duration.ofSeconds(30),
                    () -> Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/team%252Fmoving/artifacts/latest",
                            "Authorization", api.adminAuth()),
                    r -> r.status() == 200 && r.json().getString("digest").equals(digestTwo)).json();
            assertEquals(digestTwo, artifact.getString("digest"));
            // The private project: no anonymous pull.
            assertFalse(Images.inspect(proxied, null).ok());
        }
    }

    @Test
    void anIndexPulledOnceServesEachPlatformsManifestWithTheUpstreamDown(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String admin = "admin:" + Stack.adminPassword();
        try (OtherRegistry upstream = OtherRegistry.start(dir.resolve("upstream"), OtherRegistry.portAfterStackRegistry(142), null, null)) {
            // A two-platform index in the upstream, its platforms pushed by skopeo.
            List<String> children = new ArrayList<>();
            List<String> raws = new ArrayList<>();
            StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[");
            String[] arches = {"amd64", "arm64"};
            for (String arch : arches) {
                Path layout = Images.build(dir.resolve(arch));
                Path digestFile = dir.resolve(arch + ".digest");
                assertTrue(Images.copy("oci:" + layout + ":v1", "docker://" + upstream.hostPort() + "/multi/app:" + arch, null, null, digestFile).ok());
                String child = Files.readString(digestFile).strip();
                Http.Response got = Http.get(upstream.url() + "/v2/multi/app/manifests/" + child, "Accept", "application/vnd.oci.image.manifest.v1+json");
                assertEquals(200, got.status(), got.toString());
                String raw = got.body();
                assertEquals(child, sha256(raw), "the platform's manifest read back whole");
                children.add(child);
                raws.add(raw);
                if (!arch.equals(arches[0])) index.append(',');
                index.append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"").append(child)
                        .append("\",\"size\":").append(got.bytes().length)
                        .append(",\"platform\":{\"architecture\":\"").append(arch).append("\",\"os\":\"linux\"}}");
            }
            index.append("]}");
            Http.Response put = Http.sendBytes("PUT", upstream.url() + "/v2/multi/app/manifests/latest",
                    index.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "Content-Type", "application/vnd.oci.image.index.v1+json");
            assertEquals(201, put.status(), put.toString());

            long registryId = endpoint(api, upstream.url(), null);
            String project = WharfApi.unique("multi");
            assertEquals(201, Http.postJson(Stack.url() + "/api/v2.0/projects", projectBody(project, registryId, false), api.adminAuth()).status());
            String proxied = "docker://" + Stack.host() + "/" + project + "/multi/app";

            List<Long> before = new ArrayList<>();
            for (String child : children) before.add(upstreamManifestReads(upstream, "multi/app", child));
            // Only the index is asked for (as a client reads it before choosing its platform) ...
            Cmd.Result read = Images.inspect(proxied + ":latest", admin);
            assertTrue(read.ok(), read::toString);
            assertEquals(index.toString(), read.output().strip());
            // ... and Wharf fetches the platforms' manifests with it, once each.
            for (int i = 0; i < children.size(); i++) {
                String child = children.get(i);
                long expected = before.get(i) + 1;
                Eventually.await("the upstream asked for " + child, Duration.ofSeconds(30),
                        () -> upstreamManifestReads(upstream, "multi/app", child), n -> n == expected);
            }

            // With the upstream down, each platform's manifest is still served, byte for byte.
            upstream.stop();
            for (int i = 0; i < children.size(); i++) {
                String child = children.get(i);
                String raw = raws.get(i).strip();
                String served = Eventually.await("the platform " + child + " served from the cache", Duration.ofSeconds(15),
                        () -> Images.inspect(proxied + "@" + child, admin).output().strip(), raw::equals);
                assertEquals(raw, served);
            }
        }
    }

    /** Successful manifest GETs by digest in the upstream's access log. */
    private static long upstreamManifestReads(OtherRegistry upstream, String repository, String digest) {
        String wanted = "\"GET /v2/" + repository + "/manifests/" + digest + " ";
        try {
            return Files.readAllLines(upstream.dir().resolve("registry.log")).stream()
                    .filter(l -> l.contains(wanted) && l.contains("\" 200 ")).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static long recheckSeconds() {
        return Long.parseLong(System.getProperty("wharf.proxy.recheck.seconds", "5"));
    }

    private static long endpoint(WharfApi api, String url, String secret) {
        String credential = secret == null ? "" : ",\"credential\":{\"type\":\"basic\",\"access_key\":\"puller\",\"access_secret\":\"" + secret + "\"}";
        Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/registries", "{\"name\":\"" + WharfApi.unique("up")
                + "\",\"type\":\"docker-registry\",\"url\":\"" + url + "\"" + credential + "}", api.adminAuth());
        assertEquals(201, created.status(), created.toString());
        String location = created.header("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static String projectBody(String name, long registryId, boolean isPublic) {
        return "{\"project_name\":\"" + name + "\",\"registry_id\":" + registryId + ",\"metadata\":{\"public\":\"" + isPublic + "\"}}";
    }

    private static List<String> blobsOf(String manifest) {
        JsonObject m = Json.createReader(new StringReader(manifest)).readObject();
        List<String> out = new ArrayList<>();
        out.add(m.getJsonObject("config").getString("digest"));
        JsonArray layers = m.getJsonArray("layers");
        for (int i = 0; i < layers.size(); i++) out.add(layers.getJsonObject(i).getString("digest"));
        return out;
    }

    /** Successful blob GETs in the upstream's access log (Distribution logs every request it serves). */
    private static long upstreamBlobReads(OtherRegistry upstream, String repository, String digest) throws Exception {
        String wanted = "\"GET /v2/" + repository + "/blobs/" + digest + " ";
        return Files.readAllLines(upstream.dir().resolve("registry.log")).stream()
                .filter(l -> l.contains(wanted) && l.contains("\" 200 ")).count();
    }

    private static String sha256(String manifest) throws Exception {
        return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

package io.wharf.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies between two real Debian docker-registry processes on loopback: an upload cut in the
 * middle by the network resumes where the destination says it stands; a multi-platform index and
 * its cosign signature arrive whole, digest for digest; what the destination has is not sent again,
 * and another repository of the destination gets its blobs by a mount. A replicated tag delete at
 * a registry that cannot untag deletes the manifest only when no other tag names it.
 */
class ArtifactCopierTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static CloseableHttpClient client;

    @BeforeAll
    static void client() { client = HttpClients.createDefault(); }

    @AfterAll
    static void close() throws Exception { client.close(); }

    @Test
    void anUploadCutByTheNetworkResumesWhereTheDestinationStands(@TempDir Path dir) throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry (Debian package) is needed");
        try (LocalRegistry src = LocalRegistry.start(dir.resolve("src")); LocalRegistry dst = LocalRegistry.start(dir.resolve("dst"));
             CuttingProxy proxy = new CuttingProxy(dst.url(), 3, 300 * 1024)) {
            byte[] layer = random(3 * 1024 * 1024 + 512 * 1024, 1);
            String digest = pushImage(src.url(), "hpc/app", "v1", layer, "amd64");
            List<String> log = new ArrayList<>();
            ArtifactCopier copier = new ArtifactCopier(side(src.url()), side(proxy.url()), new BlobPlaces(), 0, 1024 * 1024,
                    log::add, () -> false, (r, d) -> List.of());

            ArtifactCopier.Outcome o;
            try {
                o = copier.copy("hpc/app", "v1", "mirror/app", "v1", true);
            } catch (java.io.IOException e) {
                throw new AssertionError(e.getMessage() + "\n" + String.join("\n", log) + "\n" + proxy.seen, e);
            }

            assertEquals(1, o.resumes(), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.contains("the destination has 1048576 of " + layer.length)), String.join("\n", log));
            // (the config blob is the first PATCH, the layer's first chunk the second, its second chunk is cut)
            // The second chunk was sent twice: cut, then again from where the destination stood; the first chunk once.
            assertEquals(2, proxy.seen.stream().filter(s -> s.equals("PATCH 1048576-2097151")).count(), proxy.seen.toString());
            assertEquals(1, proxy.seen.stream().filter(s -> s.equals("PATCH 0-1048575")).count(), proxy.seen.toString());
            assertEquals(digest, headDigest(dst.url(), "mirror/app", "v1"));
            assertEquals(Digests.sha256(layer), Digests.sha256(get(dst.url() + "/v2/mirror/app/blobs/" + Digests.sha256(layer)).body()));
        }
    }

    @Test
    void anIndexWithItsSignatureArrivesWholeAndNothingIsSentTwice(@TempDir Path dir) throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry (Debian package) is needed");
        try (LocalRegistry src = LocalRegistry.start(dir.resolve("src")); LocalRegistry dst = LocalRegistry.start(dir.resolve("dst"))) {
            String amd = pushImage(src.url(), "hpc/multi", null, random(200_000, 2), "amd64");
            String arm = pushImage(src.url(), "hpc/multi", null, random(200_000, 3), "arm64");
            String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                    + child(src.url(), "hpc/multi", amd, "amd64") + "," + child(src.url(), "hpc/multi", arm, "arm64") + "]}";
            String indexDigest = putManifest(src.url(), "hpc/multi", "v2", index, OCI_INDEX);
            String signatureTag = indexDigest.replace(':', '-') + ".sig";
            String signature = pushImage(src.url(), "hpc/multi", signatureTag, "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8), "amd64");

            List<String> log = new ArrayList<>();
            BlobPlaces places = new BlobPlaces();
            ArtifactCopier first = new ArtifactCopier(side(src.url()), side(dst.url()), places, 0, 1024 * 1024, log::add, () -> false, (r, d) -> List.of());
            ArtifactCopier.Outcome o = first.copy("hpc/multi", "v2", "hpc/multi", "v2", true);

            assertTrue(o.copied());
            assertEquals(indexDigest, headDigest(dst.url(), "hpc/multi", "v2"));
            assertEquals(amd, headDigest(dst.url(), "hpc/multi", amd));
            assertEquals(arm, headDigest(dst.url(), "hpc/multi", arm));
            assertEquals(signature, headDigest(dst.url(), "hpc/multi", signatureTag), String.join("\n", log));
            assertTrue(o.bytesSent() > 400_000, o.toString());

            ArtifactCopier again = new ArtifactCopier(side(src.url()), side(dst.url()), places, 0, 1024 * 1024, log::add, () -> false, (r, d) -> List.of());
            ArtifactCopier.Outcome second = again.copy("hpc/multi", "v2", "hpc/multi", "v2", true);
            assertEquals(0, second.bytesSent(), second.toString());
            assertEquals(6, second.blobsSkipped(), second.toString());

            ArtifactCopier elsewhere = new ArtifactCopier(side(src.url()), side(dst.url()), places, 0, 1024 * 1024, log::add, () -> false, (r, d) -> List.of());
            ArtifactCopier.Outcome third = elsewhere.copy("hpc/multi", "v2", "other/multi", "v2", true);
            assertEquals(0, third.bytesSent(), third.toString());
            assertEquals(6, third.blobsMounted(), third.toString());
            assertEquals(indexDigest, headDigest(dst.url(), "other/multi", "v2"));
        }
    }

    @Test
    void withoutOverrideADifferentTagAtTheDestinationStays(@TempDir Path dir) throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry (Debian package) is needed");
        try (LocalRegistry src = LocalRegistry.start(dir.resolve("src")); LocalRegistry dst = LocalRegistry.start(dir.resolve("dst"))) {
            pushImage(src.url(), "hpc/app", "v1", random(1000, 4), "amd64");
            String theirs = pushImage(dst.url(), "hpc/app", "v1", random(1000, 5), "amd64");
            ArtifactCopier c = new ArtifactCopier(side(src.url()), side(dst.url()), new BlobPlaces(), 0, 1024 * 1024, l -> { }, () -> false, (r, d) -> List.of());
            assertFalse(c.copy("hpc/app", "v1", "hpc/app", "v1", false).copied());
            assertEquals(theirs, headDigest(dst.url(), "hpc/app", "v1"));
        }
    }

    @Test
    void aTagDeletedAtARegistryThatCannotUntagTakesItsManifestOnlyWhenNoOtherTagNamesIt(@TempDir Path dir) throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry (Debian package) is needed");
        try (LocalRegistry dst = LocalRegistry.start(dir.resolve("dst"))) {
            String alone = pushImage(dst.url(), "hpc/del", "alone", random(10_000, 4), "amd64");
            String shared = pushImage(dst.url(), "hpc/del", "one", random(10_000, 5), "amd64");
            putManifest(dst.url(), "hpc/del", "two", new String(get(dst.url() + "/v2/hpc/del/manifests/" + shared, OCI_MANIFEST).body(),
                    StandardCharsets.UTF_8), OCI_MANIFEST);
            RegistrySide side = side(dst.url());

            // Distribution 2.8 answers DIGEST_INVALID to a DELETE by tag: the manifest only this tag names goes instead.
            assertEquals(RegistrySide.TagDelete.MANIFEST_DELETED, side.deleteTag("hpc/del", "alone"));
            assertEquals("HTTP 404", headDigest(dst.url(), "hpc/del", alone));
            // A manifest another tag names stays, with both tags, and the delete says why.
            java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> side.deleteTag("hpc/del", "one"));
            assertTrue(refused.getMessage().contains("hpc/del:two"), refused.getMessage());
            assertEquals(shared, headDigest(dst.url(), "hpc/del", "one"));
            assertEquals(shared, headDigest(dst.url(), "hpc/del", "two"));
            // A tag that is not there is reported as such.
            assertEquals(RegistrySide.TagDelete.ABSENT, side.deleteTag("hpc/del", "never"));
        }
    }

    private static RegistrySide side(String url) { return new RegistrySide(client, url, RegistrySide.challenged(null, null)); }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Pushes a one-layer image with the plain Distribution API; answers its manifest digest. */
    private static String pushImage(String registry, String repo, String tag, byte[] layer, String arch) throws Exception {
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digests.sha256(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        pushBlob(registry, repo, config);
        pushBlob(registry, repo, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digests.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + Digests.sha256(layer)
                + "\",\"size\":" + layer.length + "}]}";
        String digest = Digests.sha256(manifest.getBytes(StandardCharsets.UTF_8));
        return putManifest(registry, repo, tag == null ? digest : tag, manifest, OCI_MANIFEST);
    }

    private static void pushBlob(String registry, String repo, byte[] blob) throws Exception {
        HttpResponse<Void> start = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(202, start.statusCode());
        String location = URI.create(registry + "/").resolve(start.headers().firstValue("Location").orElseThrow()).toString();
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(location + (location.contains("?") ? "&" : "?")
                + "digest=" + Digests.sha256(blob))).PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
    }

    private static String putManifest(String registry, String repo, String ref, String body, String type) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + repo + "/manifests/" + ref))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static String child(String registry, String repo, String digest, String arch) throws Exception {
        int size = get(registry + "/v2/" + repo + "/manifests/" + digest, OCI_MANIFEST).body().length;
        return "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}";
    }

    private static String headDigest(String registry, String repo, String ref) throws Exception {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + repo + "/manifests/" + ref))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", RegistrySide.ACCEPT).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse("none") : "HTTP " + r.statusCode();
    }

    private static HttpResponse<byte[]> get(String url, String... accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (accept.length > 0) b.header("Accept", accept[0]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OCI 1.1 through the gateway with an image pushed by skopeo: artifacts that name it as their
 * subject (a signature, an SBOM) are listed by the referrers API, filtered by artifact type, and
 * gone once deleted; a cross-repository mount reads only from a repository the caller may pull.
 */
class OciReferrersE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private static final String SBOM = "application/vnd.cyclonedx+json";
    private static String dev;
    private static String project;
    private static String hidden;

    @BeforeAll
    static void arrange() {
        dev = API.createUser(WharfApi.unique("refs"));
        project = API.createProject(WharfApi.unique("refs"), false);
        hidden = API.createProject(WharfApi.unique("refshidden"), false);
        API.addMember(project, dev, 2);
    }

    private static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void artifactsThatNameAnImageAsSubjectAreListedFilteredAndGoneWhenDeleted() throws Exception {
        String repo = project + "/app";
        Path work = Files.createTempDirectory("refs");
        Path layout = Images.build(work);
        Path digestFile = work.resolve("digest");
        var copied = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repo + ":v1", null,
                dev + ":" + WharfApi.PASSWORD, digestFile);
        assertTrue(copied.ok(), copied::toString);
        String image = Files.readString(digestFile).strip();
        String token = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":push,pull");

        Http.Response empty = referrers(repo, image, token, "");
        assertEquals(200, empty.status(), empty.toString());
        assertEquals("application/vnd.oci.image.index.v1+json", empty.header("Content-Type").orElseThrow());
        assertEquals(0, empty.json().getJsonArray("manifests").size());

        Http.Response signed = pushArtifact(repo, token, image, SIGNATURE, "signature");
        assertEquals(201, signed.status(), signed.toString());
        assertEquals(image, signed.header("OCI-Subject").orElseThrow());
        String signature = signed.header("Docker-Content-Digest").orElseThrow();
        String sbom = pushArtifact(repo, token, image, SBOM, "sbom").header("Docker-Content-Digest").orElseThrow();

        JsonArray all = referrers(repo, image, token, "").json().getJsonArray("manifests");
        assertEquals(2, all.size(), all::toString);
        JsonObject sig = all.stream().map(JsonObject.class::cast).filter(d -> d.getString("digest").equals(signature)).findFirst().orElseThrow();
        assertEquals(SIGNATURE, sig.getString("artifactType"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", sig.getString("mediaType"));
        assertEquals("signature", sig.getJsonObject("annotations").getString("org.example.kind"));
        assertEquals(manifestSize(repo, signature, token), sig.getJsonNumber("size").longValue());

        Http.Response filtered = referrers(repo, image, token,
                "?artifactType=" + java.net.URLEncoder.encode(SBOM, StandardCharsets.UTF_8));
        assertEquals("artifactType", filtered.header("OCI-Filters-Applied").orElseThrow());
        JsonArray sboms = filtered.json().getJsonArray("manifests");
        assertEquals(1, sboms.size());
        assertEquals(sbom, sboms.getJsonObject(0).getString("digest"));

        Http.Response firstPage = referrers(repo, image, token, "?n=1");
        assertEquals(1, firstPage.json().getJsonArray("manifests").size());
        String next = firstPage.header("Link").orElseThrow();
        Http.Response secondPage = Http.get(Stack.url() + next.substring(1, next.indexOf('>')), "Authorization", Http.bearer(token));
        assertEquals(1, secondPage.json().getJsonArray("manifests").size());
        assertFalse(secondPage.header("Link").isPresent());

        // Read like a manifest: a user who may not pull the repository is refused.
        String outsider = API.createUser(WharfApi.unique("refsout"));
        Http.Response refused = referrers(repo, image, API.token(outsider, WharfApi.PASSWORD, "repository:" + repo + ":pull"), "");
        assertEquals(401, refused.status(), refused.toString());

        String admin = API.token("admin", Stack.adminPassword(), "repository:" + repo + ":delete,pull");
        assertEquals(202, Http.send("DELETE", Stack.url() + "/v2/" + repo + "/manifests/" + signature, null,
                "Authorization", Http.bearer(admin)).status());
        JsonArray left = referrers(repo, image, token, "").json().getJsonArray("manifests");
        assertEquals(1, left.size());
        assertEquals(sbom, left.getJsonObject(0).getString("digest"));
    }

    /**
     * A cosign signature in cosign's tag form (a simple-signing payload signed with an ECDSA key,
     * the signature in the layer's annotation, as cosign writes it) and an SBOM in the OCI 1.1
     * form are the image's accessories in Harbor's API, and go when the image is deleted.
     */
    @Test
    void signaturesAndSbomsAreAccessoriesDeletedWithTheirImage() throws Exception {
        String name = "signed";
        String repo = project + "/" + name;
        Path work = Files.createTempDirectory("acc");
        Path digestFile = work.resolve("digest");
        var copied = Images.copy("oci:" + Images.build(work) + ":v1", "docker://" + Stack.host() + "/" + repo + ":v1", null,
                dev + ":" + WharfApi.PASSWORD, digestFile);
        assertTrue(copied.ok(), copied::toString);
        String image = Files.readString(digestFile).strip();
        String token = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":push,pull");

        byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + Stack.host() + "/" + repo + "\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + image + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}").getBytes(StandardCharsets.UTF_8);
        var keys = java.security.KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.generateKeyPair().getPrivate());
        signer.update(payload);
        String signatureValue = java.util.Base64.getEncoder().encodeToString(signer.sign());
        byte[] config = "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(repo, token, config, sha256(config)).status());
        assertEquals(201, upload(repo, token, payload, sha256(payload)).status());
        String cosign = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
                + "\"digest\":\"" + sha256(payload) + "\",\"size\":" + payload.length
                + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signatureValue + "\"}}]}";
        String sigTag = "sha256-" + image.substring("sha256:".length()) + ".sig";
        Http.Response signed = Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/" + sigTag,
                cosign.getBytes(StandardCharsets.UTF_8), "Authorization", Http.bearer(token),
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(201, signed.status(), signed.toString());
        String signature = signed.header("Docker-Content-Digest").orElseThrow();
        String sbom = pushArtifact(repo, token, image, SBOM, "sbom").header("Docker-Content-Digest").orElseThrow();

        Http.Response listed = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + name + "/artifacts/"
                + image + "/accessories", "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(200, listed.status(), listed.toString());
        JsonArray accessories = listed.jsonArray();
        assertEquals(2, accessories.size(), accessories::toString);
        java.util.Map<String, String> types = new java.util.HashMap<>();
        for (JsonObject a : accessories.getValuesAs(JsonObject.class)) {
            types.put(a.getString("digest"), a.getString("type"));
            assertEquals(image, a.getString("subject_artifact_digest"));
        }
        assertEquals(java.util.Map.of(signature, "signature.cosign", sbom, "subject.accessory"), types);

        Http.Response listing = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + name + "/artifacts",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(200, listing.status(), listing.toString());
        assertEquals(List.of(image), listing.jsonArray().getValuesAs(JsonObject.class).stream().map(a -> a.getString("digest")).toList(),
                "accessories are listed under their subject, not as artifacts");
        assertEquals("1", listing.header("X-Total-Count").orElseThrow());

        Http.Response deleted = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + name
                + "/artifacts/" + image, null, "Authorization", API.adminAuth());
        assertEquals(200, deleted.status(), deleted.toString());
        for (String gone : List.of(image, signature, sbom)) {
            assertEquals(404, Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + gone, null,
                    "Authorization", Http.bearer(token)).status(), gone + " must be gone with its subject");
        }
    }

    @Test
    void aMountReadsOnlyFromARepositoryTheCallerMayPull() throws Exception {
        byte[] blob = new byte[200_000];
        new Random(19).nextBytes(blob);
        String digest = sha256(blob);
        String secret = hidden + "/src";
        String adminToken = API.token("admin", Stack.adminPassword(), "repository:" + secret + ":push,pull");
        assertEquals(201, upload(secret, adminToken, blob, digest).status());

        // The challenge for a mount names the source's pull scope; the token service leaves it
        // out for a user who may not pull there, and the mount becomes an ordinary upload.
        String target = project + "/dst";
        String mount = Stack.url() + "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + secret;
        Http.Response challenge = Http.send("POST", mount, null);
        assertEquals(401, challenge.status());
        String asked = challenge.header("WWW-Authenticate").orElseThrow();
        assertTrue(asked.contains("repository:" + secret + ":pull"), asked);
        String devToken = API.token(dev, WharfApi.PASSWORD, "repository:" + target + ":pull,push", "repository:" + secret + ":pull");
        Http.Response refused = Http.send("POST", mount, null, "Authorization", Http.bearer(devToken));
        assertEquals(202, refused.status(), refused.toString());
        assertTrue(refused.header("Location").orElseThrow().startsWith(Stack.url() + "/v2/" + target + "/blobs/uploads/"));
        assertEquals(404, Http.send("HEAD", Stack.url() + "/v2/" + target + "/blobs/" + digest, null,
                "Authorization", Http.bearer(devToken)).status(), "the hidden blob must not have been mounted");

        // Between two repositories the caller may pull and push, the mount is one request, no byte.
        String source = project + "/src";
        String sourceToken = API.token(dev, WharfApi.PASSWORD, "repository:" + source + ":push,pull");
        assertEquals(201, upload(source, sourceToken, blob, digest).status());
        String allowed = Stack.url() + "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source;
        String both = API.token(dev, WharfApi.PASSWORD, "repository:" + target + ":pull,push", "repository:" + source + ":pull");
        Http.Response mounted = Http.send("POST", allowed, null, "Authorization", Http.bearer(both));
        assertEquals(201, mounted.status(), mounted.toString());
        assertEquals(Stack.url() + "/v2/" + target + "/blobs/" + digest, mounted.header("Location").orElseThrow());
        assertEquals(String.valueOf(blob.length), Http.send("HEAD", Stack.url() + "/v2/" + target + "/blobs/" + digest, null,
                "Authorization", Http.bearer(both)).header("Content-Length").orElseThrow());
    }

    @Test
    void chunksOutOfOrderAreRefusedAndTheUploadSurvives() throws Exception {
        String repo = project + "/chunks";
        String token = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":push,pull");
        byte[] blob = new byte[100_000];
        new Random(23).nextBytes(blob);
        String digest = sha256(blob);
        Http.Response start = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        String first = start.header("Location").orElseThrow();
        Http.Response early = Http.sendBytes("PATCH", first, java.util.Arrays.copyOfRange(blob, 50_000, 100_000),
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream", "Content-Range", "50000-99999");
        assertEquals(416, early.status(), early.toString());
        Http.Response one = Http.sendBytes("PATCH", first, java.util.Arrays.copyOfRange(blob, 0, 50_000),
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream", "Content-Range", "0-49999");
        assertEquals(202, one.status(), one.toString());
        Http.Response again = Http.sendBytes("PATCH", first, java.util.Arrays.copyOfRange(blob, 0, 50_000),
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream", "Content-Range", "0-49999");
        assertEquals(416, again.status(), again.toString());
        assertEquals("0-49999", again.header("Range").orElseThrow());
        // The status of the upload, asked at its first Location, is the upload's present state.
        Http.Response status = Http.get(first, "Authorization", Http.bearer(token));
        assertEquals(204, status.status(), status.toString());
        assertEquals("0-49999", status.header("Range").orElseThrow());
        Http.Response two = Http.sendBytes("PATCH", status.header("Location").orElseThrow(), java.util.Arrays.copyOfRange(blob, 50_000, 100_000),
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream", "Content-Range", "50000-99999");
        assertEquals(202, two.status(), two.toString());
        String end = two.header("Location").orElseThrow();
        assertEquals(201, Http.send("PUT", end + (end.contains("?") ? "&" : "?") + "digest=" + digest, null,
                "Authorization", Http.bearer(token)).status());
        assertEquals(100_000, Http.get(Stack.url() + "/v2/" + repo + "/blobs/" + digest, "Authorization", Http.bearer(token)).bytes().length);
    }

    private static Http.Response referrers(String repo, String digest, String token, String query) {
        return Http.get(Stack.url() + "/v2/" + repo + "/referrers/" + digest + query, "Authorization", Http.bearer(token));
    }

    /** An OCI 1.1 artifact manifest (empty config, one layer) whose subject is {@code subject}. */
    private static Http.Response pushArtifact(String repo, String token, String subject, String artifactType, String kind) throws Exception {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(repo, token, empty, sha256(empty)).status());
        byte[] payload = ("{\"kind\":\"" + kind + "\",\"subject\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(repo, token, payload, sha256(payload)).status());
        long subjectSize = manifestSize(repo, subject, token);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"" + artifactType + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + sha256(empty) + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/json\",\"digest\":\"" + sha256(payload) + "\",\"size\":" + payload.length + "}],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "},"
                + "\"annotations\":{\"org.example.kind\":\"" + kind + "\"}}";
        byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
        return Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/" + sha256(body), body,
                "Authorization", Http.bearer(token), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
    }

    private static long manifestSize(String repo, String digest, String token) {
        Http.Response head = Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + digest, null, "Authorization", Http.bearer(token),
                "Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json");
        assertEquals(200, head.status(), head.toString());
        return Long.parseLong(head.header("Content-Length").orElseThrow());
    }

    private static Http.Response upload(String repo, String token, byte[] blob, String digest) {
        Http.Response session = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        assertEquals(202, session.status(), session.toString());
        String location = session.header("Location").orElseThrow();
        return Http.sendBytes("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, blob,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream");
    }
}

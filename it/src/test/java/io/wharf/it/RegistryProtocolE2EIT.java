package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution protocol through the gateway, request by request: uploads in chunks, mounts,
 * ranges, redirects, the catalog, and tokens that must be refused.
 */
class RegistryProtocolE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static String dev;
    private static String project;
    private static String other;

    @BeforeAll
    static void arrange() {
        dev = API.createUser(WharfApi.unique("proto"));
        project = API.createProject(WharfApi.unique("proto"), false);
        other = API.createProject(WharfApi.unique("hidden"), false);
        API.addMember(project, dev, 2);
    }

    private static String devToken(String... scopes) { return API.token(dev, WharfApi.PASSWORD, scopes); }

    private static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void chunkedUploadThenRangeReadThenCrossRepositoryMount() throws Exception {
        String repo = project + "/chunked";
        String token = devToken("repository:" + repo + ":push,pull");
        byte[] blob = new byte[300_000];
        new Random(7).nextBytes(blob);
        String digest = sha256(blob);

        Http.Response start = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        assertEquals(202, start.status(), start.toString());
        String location = start.header("Location").orElseThrow();
        assertTrue(location.startsWith(Stack.url() + "/v2/" + repo + "/blobs/uploads/"), "Location must point at Wharf: " + location);
        assertTrue(start.header("Docker-Upload-UUID").isPresent());

        int half = blob.length / 2;
        Http.Response first = Http.sendBytes("PATCH", location, Arrays.copyOfRange(blob, 0, half), "Authorization", Http.bearer(token),
                "Content-Type", "application/octet-stream", "Content-Range", "0-" + (half - 1));
        assertEquals(202, first.status(), first.toString());
        assertEquals("0-" + (half - 1), first.header("Range").orElseThrow());
        Http.Response second = Http.sendBytes("PATCH", first.header("Location").orElseThrow(), Arrays.copyOfRange(blob, half, blob.length),
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream",
                "Content-Range", half + "-" + (blob.length - 1));
        assertEquals(202, second.status(), second.toString());
        String finish = second.header("Location").orElseThrow();
        Http.Response done = Http.send("PUT", finish + (finish.contains("?") ? "&" : "?") + "digest=" + digest, null,
                "Authorization", Http.bearer(token));
        assertEquals(201, done.status(), done.toString());
        assertEquals(digest, done.header("Docker-Content-Digest").orElseThrow());

        Http.Response head = Http.send("HEAD", Stack.url() + "/v2/" + repo + "/blobs/" + digest, null, "Authorization", Http.bearer(token));
        assertEquals(200, head.status());
        assertEquals(String.valueOf(blob.length), head.header("Content-Length").orElseThrow());
        assertEquals(digest, head.header("Docker-Content-Digest").orElseThrow());

        Http.Response range = Http.get(Stack.url() + "/v2/" + repo + "/blobs/" + digest, "Authorization", Http.bearer(token),
                "Range", "bytes=100-199");
        assertEquals(206, range.status(), range.toString());
        assertArrayEquals(Arrays.copyOfRange(blob, 100, 200), range.bytes());
        assertTrue(range.header("Content-Range").orElseThrow().startsWith("bytes 100-199/"));

        Http.Response whole = Http.get(Stack.url() + "/v2/" + repo + "/blobs/" + digest, "Authorization", Http.bearer(token));
        assertEquals(200, whole.status());
        assertArrayEquals(blob, whole.bytes());

        String target = project + "/mounted";
        String mountToken = devToken("repository:" + target + ":push,pull", "repository:" + repo + ":pull");
        Http.Response mount = Http.send("POST", Stack.url() + "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + repo,
                null, "Authorization", Http.bearer(mountToken));
        assertEquals(201, mount.status(), mount.toString());
        assertEquals(Stack.url() + "/v2/" + target + "/blobs/" + digest, mount.header("Location").orElseThrow());
    }

    /**
     * Bodies larger than the gateway's 256 KiB relay writes, ending in a partial one: a PATCH
     * without a length (relayed chunked) and a monolithic PUT with its length arrive whole.
     */
    @Test
    void largeBodiesArriveWholeWithOrWithoutALength() throws Exception {
        String repo = project + "/large";
        String token = devToken("repository:" + repo + ":push,pull");
        byte[] blob = new byte[3 * 256 * 1024 + 12_345];
        new Random(11).nextBytes(blob);
        String digest = sha256(blob);

        Http.Response start = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        assertEquals(202, start.status(), start.toString());
        Http.Response patch = Http.sendChunked("PATCH", start.header("Location").orElseThrow(), blob,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream");
        assertEquals(202, patch.status(), patch.toString());
        assertEquals("0-" + (blob.length - 1), patch.header("Range").orElseThrow());
        String finish = patch.header("Location").orElseThrow();
        Http.Response done = Http.send("PUT", finish + (finish.contains("?") ? "&" : "?") + "digest=" + digest, null,
                "Authorization", Http.bearer(token));
        assertEquals(201, done.status(), done.toString());
        assertArrayEquals(blob, Http.get(Stack.url() + "/v2/" + repo + "/blobs/" + digest, "Authorization", Http.bearer(token)).bytes());

        byte[] other = blob.clone();
        other[other.length - 1] ^= 1;
        String otherDigest = sha256(other);
        assertEquals(201, monolithicUpload(repo, token, other, otherDigest).status());
        assertArrayEquals(other, Http.get(Stack.url() + "/v2/" + repo + "/blobs/" + otherDigest, "Authorization", Http.bearer(token)).bytes());
    }

    @Test
    void monolithicUploadAndManifestByTagAndDigest() throws Exception {
        String repo = project + "/mono";
        String token = devToken("repository:" + repo + ":push,pull");
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        Http.Response put = monolithicUpload(repo, token, config, configDigest);
        assertEquals(201, put.status(), put.toString());

        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[]}";
        Http.Response pushed = Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/v1", manifest.getBytes(StandardCharsets.UTF_8),
                "Authorization", Http.bearer(token), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(201, pushed.status(), pushed.toString());
        String digest = pushed.header("Docker-Content-Digest").orElseThrow();
        assertEquals(sha256(manifest.getBytes(StandardCharsets.UTF_8)), digest);

        Http.Response byTag = Http.get(Stack.url() + "/v2/" + repo + "/manifests/v1", "Authorization", Http.bearer(token),
                "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, byTag.status());
        assertEquals(manifest, byTag.body());
        assertEquals("application/vnd.oci.image.manifest.v1+json", byTag.header("Content-Type").orElseThrow());
        Http.Response head = Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + digest, null,
                "Authorization", Http.bearer(token), "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, head.status());
        assertEquals(String.valueOf(manifest.length()), head.header("Content-Length").orElseThrow());

        Http.Response tags = Http.get(Stack.url() + "/v2/" + repo + "/tags/list", "Authorization", Http.bearer(token));
        assertEquals(List.of("v1"), tags.json().getJsonArray("tags").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());

        // Delete needs the delete action, which a developer does not have.
        String deleteToken = devToken("repository:" + repo + ":delete");
        Http.Response delete = Http.send("DELETE", Stack.url() + "/v2/" + repo + "/manifests/" + digest, null, "Authorization", Http.bearer(deleteToken));
        assertEquals(401, delete.status(), delete.toString());
        assertTrue(delete.header("WWW-Authenticate").orElseThrow().contains("insufficient_scope"));
        String adminToken = API.token("admin", Stack.adminPassword(), "repository:" + repo + ":delete,pull");
        assertEquals(202, Http.send("DELETE", Stack.url() + "/v2/" + repo + "/manifests/" + digest, null,
                "Authorization", Http.bearer(adminToken)).status());
        assertEquals(404, Http.get(Stack.url() + "/v2/" + repo + "/manifests/" + digest, "Authorization", Http.bearer(adminToken)).status());
    }

    @Test
    void catalogShowsOnlyWhatTheCallerMayPull() throws Exception {
        monolithicPush(project + "/seen");
        String adminToken = API.token("admin", Stack.adminPassword(), "repository:" + other + "/unseen:push,pull");
        pushEmptyImage(other + "/unseen", adminToken);

        List<String> devView = catalog(devToken("registry:catalog:*"));
        assertTrue(devView.contains(project + "/seen"), devView::toString);
        assertFalse(devView.contains(other + "/unseen"), devView::toString);
        List<String> adminView = catalog(API.token("admin", Stack.adminPassword(), "registry:catalog:*"));
        assertTrue(adminView.contains(other + "/unseen"));
        assertFalse(catalog(API.token(null, null, "registry:catalog:*")).contains(project + "/seen"));

        String adminCatalog = API.token("admin", Stack.adminPassword(), "registry:catalog:*");
        Http.Response paged = Http.get(Stack.url() + "/v2/_catalog?n=1", "Authorization", Http.bearer(adminCatalog));
        assertEquals(1, paged.json().getJsonArray("repositories").size());
        assertTrue(paged.header("Link").orElseThrow().contains("rel=\"next\""));
    }

    @Test
    void tokensThatWharfDidNotIssueAreRefused() throws Exception {
        String repo = project + "/guarded";
        String scope = "repository:" + repo + ":pull";
        JwtClaims claims = claims("admin", "wharf-registry", 300, repo);

        // Signed by a key of the attacker's own.
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = sign(claims, generator.generateKeyPair().getPrivate(), true);
        assertRefused(forged);
        // No signature at all.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8));
        assertRefused(header + "." + payload + ".");
        // Wharf's key, but for another audience, or expired.
        PrivateKey wharfKey = wharfKey();
        assertRefused(sign(claims("admin", "another-registry", 300, repo), wharfKey, true));
        assertRefused(sign(claims("admin", "wharf-registry", -600, repo), wharfKey, true));
        // The genuine article passes, which shows the refusals above are about the token.
        assertEquals(200, Http.get(Stack.url() + "/v2/", "Authorization", Http.bearer(sign(claims, wharfKey, true))).status());
        assertTrue(API.token("admin", Stack.adminPassword(), scope).length() > 100);
    }

    @Test
    void registryFindsWharfsKeyByItsLibtrustKeyIdAlone() throws Exception {
        String repo = project + "/kid";
        // Straight to the registry, with only the kid header (no x5c): the registry must look the
        // key up in its rootcertbundle by the id Wharf computes.
        String token = sign(claims("admin", "wharf-registry", 300, repo), wharfKey(), false);
        Http.Response r = Http.get(Stack.registryDirectUrl() + "/v2/" + repo + "/tags/list", "Authorization", Http.bearer(token));
        assertEquals(404, r.status(), "authorized, and the repository does not exist: " + r);
        Http.Response unauthorized = Http.get(Stack.registryDirectUrl() + "/v2/" + repo + "/tags/list");
        assertEquals(401, unauthorized.status());
    }

    @Test
    void tagListIsPagedWithNAndLast() throws Exception {
        String repo = project + "/paged";
        String token = devToken("repository:" + repo + ":push,pull");
        for (String tag : List.of("c", "a", "b")) pushEmptyImage(repo, token, tag);
        Http.Response first = Http.get(Stack.url() + "/v2/" + repo + "/tags/list?n=2", "Authorization", Http.bearer(token));
        assertEquals(200, first.status(), first.toString());
        assertEquals("[\"a\",\"b\"]", first.json().getJsonArray("tags").toString());
        assertEquals("</v2/" + repo + "/tags/list?n=2&last=b>; rel=\"next\"", first.header("Link").orElseThrow());
        Http.Response second = Http.get(Stack.url() + "/v2/" + repo + "/tags/list?n=2&last=b", "Authorization", Http.bearer(token));
        assertEquals("[\"c\"]", second.json().getJsonArray("tags").toString());
        assertTrue(second.header("Link").isEmpty());
        Http.Response unknown = Http.get(Stack.url() + "/v2/" + project + "/never-pushed/tags/list", "Authorization",
                Http.bearer(devToken("repository:" + project + "/never-pushed:pull")));
        assertEquals(404, unknown.status());
        assertEquals("NAME_UNKNOWN", unknown.errorCode());
    }

    @Test
    void malformedDigestsAndTagsAre400() {
        String token = devToken("repository:" + project + "/app:pull");
        Http.Response blob = Http.get(Stack.url() + "/v2/" + project + "/app/blobs/sha256:tooshort", "Authorization", Http.bearer(token));
        assertEquals(400, blob.status());
        assertEquals("DIGEST_INVALID", blob.errorCode());
        // Read under a name that cannot be a tag, a manifest is simply not there (404, as the OCI
        // spec's conformance suite and Distribution answer); pushed under one, it is refused (400).
        Http.Response tag = Http.get(Stack.url() + "/v2/" + project + "/app/manifests/.bad", "Authorization", Http.bearer(token));
        assertEquals(404, tag.status());
        assertEquals("MANIFEST_UNKNOWN", tag.errorCode());
        Http.Response push = Http.send("PUT", Stack.url() + "/v2/" + project + "/app/manifests/.bad", "{}", "Authorization",
                Http.bearer(devToken("repository:" + project + "/app:push,pull")), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(400, push.status());
        assertEquals("TAG_INVALID", push.errorCode());
    }

    @Test
    void badNamesAreRefusedBeforeTheRegistry() {
        String token = devToken("repository:" + project + "/ok:pull");
        for (String bad : List.of(project + "/UPPER", project + "/a..b", "single", project + "/-dash")) {
            Http.Response r = Http.get(Stack.url() + "/v2/" + bad + "/tags/list", "Authorization", Http.bearer(token));
            assertEquals(400, r.status(), bad + ": " + r);
            assertEquals("NAME_INVALID", r.errorCode());
        }
    }

    @Test
    void challengeNamesTheTokenServiceAndScope() {
        Http.Response base = Http.get(Stack.url() + "/v2/");
        assertEquals(401, base.status());
        assertEquals("Bearer realm=\"" + Stack.url() + "/service/token\",service=\"wharf-registry\"",
                base.header("WWW-Authenticate").orElseThrow());
        assertEquals("registry/2.0", base.header("Docker-Distribution-API-Version").orElseThrow());
        assertEquals("UNAUTHORIZED", base.errorCode());

        Http.Response repo = Http.get(Stack.url() + "/v2/" + project + "/app/manifests/v1");
        assertTrue(repo.header("WWW-Authenticate").orElseThrow().contains("scope=\"repository:" + project + "/app:pull\""));

        String pullOnly = devToken("repository:" + project + "/app:pull");
        Http.Response push = Http.send("POST", Stack.url() + "/v2/" + project + "/app/blobs/uploads/", null, "Authorization", Http.bearer(pullOnly));
        assertEquals(401, push.status());
        assertEquals("DENIED", push.errorCode());
        assertTrue(push.header("WWW-Authenticate").orElseThrow().contains("error=\"insufficient_scope\""));
    }

    private static void assertRefused(String token) {
        Http.Response r = Http.get(Stack.url() + "/v2/", "Authorization", Http.bearer(token));
        assertEquals(401, r.status(), r.toString());
        assertEquals("UNAUTHORIZED", r.errorCode());
    }

    private static JwtClaims claims(String subject, String audience, long ttl, String repo) {
        JwtClaims c = new JwtClaims();
        long now = System.currentTimeMillis() / 1000;
        c.setIssuer("wharf-token-issuer");
        c.setSubject(subject);
        c.setAudience(audience);
        c.setIssuedAtToNow();
        c.setNotBefore(org.jose4j.jwt.NumericDate.fromSeconds(ttl < 0 ? now + ttl - 60 : now));
        c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + ttl));
        c.setGeneratedJwtId();
        c.setClaim("access", List.of(java.util.Map.of("type", "repository", "name", repo, "actions", List.of("pull", "push"))));
        return c;
    }

    private static String sign(JwtClaims claims, PrivateKey key, boolean withX5c) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Stack.home().resolve("secret/token.crt")));
        jws.setKeyIdHeaderValue(libtrustKid(cert.getPublicKey().getEncoded()));
        if (withX5c) jws.setCertificateChainHeaderValue(cert);
        return jws.getCompactSerialization();
    }

    private static String libtrustKid(byte[] spki) throws Exception {
        byte[] digest = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spki), 30);
        String b32 = new org.apache.commons.codec.binary.Base32().encodeAsString(digest);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b32.length(); i += 4) out.append(i == 0 ? "" : ":").append(b32, i, i + 4);
        return out.toString();
    }

    private static PrivateKey wharfKey() throws Exception {
        String pem = Files.readString(Stack.home().resolve("secret/token.key"));
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static List<String> catalog(String token) {
        Http.Response r = Http.get(Stack.url() + "/v2/_catalog", "Authorization", Http.bearer(token));
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("repositories").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static void monolithicPush(String repo) throws Exception {
        pushEmptyImage(repo, devToken("repository:" + repo + ":push,pull"));
    }

    private static void pushEmptyImage(String repo, String token) throws Exception {
        pushEmptyImage(repo, token, "latest");
    }

    private static void pushEmptyImage(String repo, String token, String tag) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"repo\":\"" + repo + "\"}").getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        assertEquals(201, monolithicUpload(repo, token, config, configDigest).status());
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[]}";
        Http.Response r = Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/" + tag, manifest.getBytes(StandardCharsets.UTF_8),
                "Authorization", Http.bearer(token), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(201, r.status(), r.toString());
    }

    /** The spec's monolithic upload: open a session, then one PUT with the whole blob and its digest. */
    private static Http.Response monolithicUpload(String repo, String token, byte[] blob, String digest) {
        Http.Response session = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        assertEquals(202, session.status(), session.toString());
        String location = session.header("Location").orElseThrow();
        return Http.sendBytes("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, blob,
                "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream");
    }
}

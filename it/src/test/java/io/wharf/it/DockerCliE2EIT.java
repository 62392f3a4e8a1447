package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.CosignSignatures;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Docker CLI against Wharf: a Docker daemon of the test's own (vfs storage, its own socket
 * and folders under target/, no network setup) logs in, pushes an image and pulls it back; a
 * cosign signature and an SBOM are attached to it, listed by the referrers API and filtered by
 * type; deleting the image takes them along. Skipped only when no Docker daemon can start here.
 */
class DockerCliE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String SBOM = "application/vnd.cyclonedx+json";
    private static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private static Path dir;
    private static Process dockerd;

    @BeforeAll
    static void startDockerd() throws Exception {
        String binary = System.getProperty("it.dockerd", "/usr/sbin/dockerd");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(binary)), "no dockerd at " + binary + " (Debian package docker.io)");
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dir = Files.createTempDirectory(target, "dk");
        dockerd = new ProcessBuilder(binary, "--storage-driver", "vfs", "--iptables=false", "--ip6tables=false", "--bridge=none",
                "--host", "unix://" + dir.resolve("docker.sock"), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString(),
                "--insecure-registry", Stack.host())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        for (int i = 0; i < 60 && dockerd.isAlive(); i++) {
            if (docker("version").ok()) return;
            Thread.sleep(1000);
        }
        String log = Files.readString(dir.resolve("dockerd.log"));
        stopDockerd();
        Assumptions.abort("dockerd did not start here: " + log.substring(Math.max(0, log.length() - 2000)));
    }

    @AfterAll
    static void stopDockerd() throws InterruptedException {
        if (dockerd == null) return;
        dockerd.destroy();
        if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
            dockerd.destroyForcibly();
            dockerd.waitFor(10, TimeUnit.SECONDS);
        }
        dockerd = null;
    }

    private static Cmd.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "--config", dir.resolve("client").toString(),
                "--host", "unix://" + dir.resolve("docker.sock")));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    @Test
    void dockerPushesAndPullsAndTheImagesAccessoriesGoWithIt() throws Exception {
        String project = API.createProject(WharfApi.unique("docker"), false);
        String dev = API.createUser(WharfApi.unique("dockerdev"));
        API.addMember(project, dev, 2);
        String repo = project + "/app";
        String ref = Stack.host() + "/" + repo + ":v1";

        Path archive = dir.resolve("image.tar");
        var made = Images.copy("oci:" + Images.build(Files.createTempDirectory(dir, "img")) + ":v1",
                "docker-archive:" + archive + ":" + ref, null, null, null);
        assertTrue(made.ok(), made::toString);
        var loaded = docker("load", "--input", archive.toString());
        assertTrue(loaded.ok(), loaded::toString);

        Path password = dir.resolve("password");
        Files.writeString(password, WharfApi.PASSWORD);
        var login = Cmd.run("sh", "-c", "docker --config '" + dir.resolve("client") + "' --host 'unix://" + dir.resolve("docker.sock")
                + "' login --username '" + dev + "' --password-stdin '" + Stack.host() + "' < '" + password + "'");
        assertTrue(login.ok(), login::toString);
        assertTrue(login.output().contains("Login Succeeded"), login::toString);

        var pushed = docker("push", ref);
        assertTrue(pushed.ok(), pushed::toString);
        String image = pushed.output().lines().filter(l -> l.contains("digest: sha256:")).findFirst()
                .map(l -> l.substring(l.indexOf("sha256:"), l.indexOf("sha256:") + 71)).orElseThrow(() -> new AssertionError(pushed));

        assertTrue(docker("rmi", ref).ok());
        var pulled = docker("pull", ref);
        assertTrue(pulled.ok(), pulled::toString);
        assertTrue(pulled.output().contains(image), pulled::toString);
        var inspected = docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", ref);
        assertEquals(Stack.host() + "/" + repo + "@" + image, inspected.output().strip());

        String token = API.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":push,pull");
        Http.Response signed = CosignSignatures.push(repo, token, image);
        assertEquals(201, signed.status(), signed.toString());
        String signature = signed.header("Docker-Content-Digest").orElseThrow();
        Http.Response sbomPush = pushSbom(repo, token, image);
        assertEquals(201, sbomPush.status(), sbomPush.toString());
        assertEquals(image, sbomPush.header("OCI-Subject").orElseThrow());
        String sbom = sbomPush.header("Docker-Content-Digest").orElseThrow();

        JsonArray all = referrers(repo, image, token, "").json().getJsonArray("manifests");
        assertEquals(List.of(sbom), all.getValuesAs(JsonObject.class).stream().map(d -> d.getString("digest")).toList(),
                "the referrers API lists the OCI 1.1 SBOM (the tag-form signature is an accessory, not a referrer)");
        Http.Response onlySignatures = referrers(repo, image, token, "?artifactType=" + URLEncoder.encode(SIGNATURE, StandardCharsets.UTF_8));
        assertEquals("artifactType", onlySignatures.header("OCI-Filters-Applied").orElseThrow());
        assertEquals(0, onlySignatures.json().getJsonArray("manifests").size());
        Http.Response onlySboms = referrers(repo, image, token, "?artifactType=" + URLEncoder.encode(SBOM, StandardCharsets.UTF_8));
        assertEquals(SBOM, onlySboms.json().getJsonArray("manifests").getJsonObject(0).getString("artifactType"));

        Http.Response accessories = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + image
                + "/accessories", "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(200, accessories.status(), accessories.toString());
        assertEquals(java.util.Set.of(signature, sbom), accessories.jsonArray().getValuesAs(JsonObject.class).stream()
                .map(a -> a.getString("digest")).collect(java.util.stream.Collectors.toSet()));

        Http.Response deleted = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + image,
                null, "Authorization", API.adminAuth());
        assertEquals(200, deleted.status(), deleted.toString());
        for (String gone : List.of(image, signature, sbom)) {
            assertEquals(404, Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + gone, null,
                    "Authorization", Http.bearer(token)).status(), gone + " must be gone with its subject");
        }
        assertTrue(docker("rmi", ref).ok());
        assertFalse(docker("pull", ref).ok(), "the deleted image cannot be pulled");
    }

    /**
     * Robot accounts with the Docker CLI (issue 20): a project robot logs in and pushes; it is
     * refused a push without the permission, a push or pull in another project, and at once when
     * disabled (its stored login too), given a new secret or deleted.
     */
    @Test
    void robotAccountsLogInPushAndPullWithTheDockerCliOnlyWhereTheyMay() throws Exception {
        String project = API.createProject(WharfApi.unique("dockerbot"), false);
        String other = API.createProject(WharfApi.unique("dockerother"), false);
        Path layout = Images.build(Files.createTempDirectory(dir, "robot-img"));
        assertTrue(Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + other + "/secret:v1", null,
                "admin:" + Stack.adminPassword(), null).ok());
        String mine = Stack.host() + "/" + project + "/app:v1";
        String theirs = Stack.host() + "/" + other + "/secret:v1";
        String intrusion = Stack.host() + "/" + other + "/intruder:v1";
        String byReader = Stack.host() + "/" + project + "/by-reader:v1";
        Path archive = dir.resolve("robot-image.tar");
        assertTrue(Images.copy("oci:" + layout + ":v1", "docker-archive:" + archive + ":" + mine, null, null, null).ok());
        var loaded = docker("load", "--input", archive.toString());
        assertTrue(loaded.ok(), loaded::toString);
        for (String tag : List.of(intrusion, byReader)) assertTrue(docker("tag", mine, tag).ok());

        JsonObject ci = projectRobot(project, "ci", "push", "pull");
        JsonObject reader = projectRobot(project, "reader", "pull");
        String ciUrl = Stack.url() + "/api/v2.0/robots/" + ci.getJsonNumber("id").longValue();

        assertTrue(login(ci.getString("name"), ci.getString("secret")).ok());
        var pushed = docker("push", mine);
        assertTrue(pushed.ok(), pushed::toString);
        assertTrue(Images.inspect("docker://" + mine, "admin:" + Stack.adminPassword()).ok(), "the robot's push arrived");
        var intruded = docker("push", intrusion);
        assertFalse(intruded.ok(), "a push into another project: " + intruded);
        assertFalse(Images.inspect("docker://" + intrusion, "admin:" + Stack.adminPassword()).ok(), "nothing arrived there");
        var peeked = docker("pull", theirs);
        assertFalse(peeked.ok(), "a pull from another project: " + peeked);

        assertTrue(login(reader.getString("name"), reader.getString("secret")).ok());
        var readerPush = docker("push", byReader);
        assertFalse(readerPush.ok(), "a robot without push: " + readerPush);
        assertTrue(docker("rmi", mine).ok());
        var readerPull = docker("pull", mine);
        assertTrue(readerPull.ok(), "a robot with pull: " + readerPull);

        // Disabled: the login docker stored is refused at once, and so is a new login.
        assertTrue(login(ci.getString("name"), ci.getString("secret")).ok());
        assertEquals(200, Http.putJson(ciUrl, "{\"disable\":true}", API.adminAuth()).status());
        assertTrue(docker("rmi", mine).ok());
        assertFalse(docker("pull", mine).ok(), "a disabled robot's stored login");
        assertFalse(login(ci.getString("name"), ci.getString("secret")).ok(), "a disabled robot logs in");
        assertEquals(200, Http.putJson(ciUrl, "{\"disable\":false}", API.adminAuth()).status());
        assertTrue(login(ci.getString("name"), ci.getString("secret")).ok(), "enabled again");

        // A new secret: the old one is refused, stored or typed; the new one pushes.
        Http.Response refreshed = Http.send("PATCH", ciUrl, "{\"secret\":\"\"}", "Content-Type", "application/json", "Authorization", API.adminAuth());
        assertEquals(200, refreshed.status(), refreshed.toString());
        String fresh = refreshed.json().getString("secret");
        assertFalse(docker("pull", mine).ok(), "the old secret docker stored");
        assertFalse(login(ci.getString("name"), ci.getString("secret")).ok(), "the old secret");
        assertTrue(login(ci.getString("name"), fresh).ok(), "the new secret");
        assertTrue(docker("pull", mine).ok());
        assertTrue(docker("push", mine).ok());

        // Deleted: refused at once.
        assertEquals(200, Http.send("DELETE", ciUrl, null, "Authorization", API.adminAuth()).status());
        assertTrue(docker("rmi", mine).ok());
        assertFalse(docker("pull", mine).ok(), "a deleted robot's stored login");
        assertFalse(login(ci.getString("name"), fresh).ok(), "a deleted robot logs in");
        for (String tag : List.of(intrusion, byReader)) docker("rmi", tag);
    }

    /**
     * Workload identity with the Docker CLI: a pipeline logs in as user {@code oidc} with the OIDC
     * token its CI gave it (minted here, the issuer's JWKS served by a JDK HTTP server) and pushes
     * as the robot its claims are bound to; a token from another branch is refused.
     */
    @Test
    void aPipelineLogsInWithItsOidcTokenAndPushesAsItsBoundRobot() throws Exception {
        String project = API.createProject(WharfApi.unique("dockeroidc"), false);
        org.jose4j.jwk.RsaJsonWebKey key = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("ci-1");
        byte[] jwks = new org.jose4j.jwk.JsonWebKeySet(key).toJson().getBytes(StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer issuerServer = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", Integer.getInteger("it.jwks.port", 0)), 0);
        issuerServer.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuerServer.start();
        try {
            String base = "http://127.0.0.1:" + issuerServer.getAddress().getPort();
            String iss = base + "/" + WharfApi.unique("ci");
            JsonObject bot = projectRobot(project, "pipeline", "push", "pull");
            Http.Response issuer = Http.postJson(Stack.url() + "/api/v2.0/trusted-issuers", "{\"issuer\":\"" + iss
                    + "\",\"jwks_url\":\"" + base + "/jwks\",\"audience\":\"wharf\"}", API.adminAuth());
            assertEquals(201, issuer.status(), issuer.toString());
            long issuerId = issuer.json().getJsonNumber("id").longValue();
            Http.Response bound = Http.postJson(Stack.url() + "/api/v2.0/trusted-issuers/" + issuerId + "/bindings",
                    "{\"robot_id\":" + bot.getJsonNumber("id") + ",\"conditions\":{\"sub\":\"repo:acme/shop:ref:refs/heads/main\"}}", API.adminAuth());
            assertEquals(201, bound.status(), bound.toString());

            String ref = Stack.host() + "/" + project + "/from-pipeline:v1";
            Path archive = dir.resolve("oidc-image.tar");
            assertTrue(Images.copy("oci:" + Images.build(Files.createTempDirectory(dir, "oidc-img")) + ":v1",
                    "docker-archive:" + archive + ":" + ref, null, null, null).ok());
            assertTrue(docker("load", "--input", archive.toString()).ok());

            assertFalse(login("oidc", pipelineToken(key, iss, "repo:acme/shop:ref:refs/heads/feature")).ok(),
                    "a branch no binding names");
            var login = login("oidc", pipelineToken(key, iss, "repo:acme/shop:ref:refs/heads/main"));
            assertTrue(login.ok(), login::toString);
            var pushed = docker("push", ref);
            assertTrue(pushed.ok(), pushed::toString);
            assertTrue(Images.inspect("docker://" + ref, "admin:" + Stack.adminPassword()).ok(), "the pipeline's push arrived");
            io.wharf.it.support.Eventually.await("the push audited as " + bot.getString("name"), java.time.Duration.ofSeconds(20),
                    () -> Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/logs?operation=push", "Authorization", API.adminAuth()),
                    logs -> logs.status() == 200 && logs.jsonArray().stream().anyMatch(e -> e.asJsonObject().getString("username").equals(bot.getString("name"))));
            docker("rmi", ref);
            assertEquals(200, Http.send("DELETE", Stack.url() + "/api/v2.0/trusted-issuers/" + issuerId, null, "Authorization", API.adminAuth()).status());
        } finally {
            issuerServer.stop(0);
        }
    }

    /** The OIDC token a CI system gives a job: RS256, five minutes, for audience wharf. */
    private static String pipelineToken(org.jose4j.jwk.RsaJsonWebKey key, String iss, String sub) throws Exception {
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer(iss);
        claims.setAudience("wharf");
        claims.setSubject(sub);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static JsonObject projectRobot(String project, String name, String... actions) {
        String access = java.util.Arrays.stream(actions).map(a -> "{\"resource\":\"repository\",\"action\":\"" + a + "\"}")
                .collect(java.util.stream.Collectors.joining(","));
        Http.Response r = Http.postJson(Stack.url() + "/api/v2.0/robots", "{\"name\":\"" + name + "\",\"level\":\"project\",\"duration\":-1,"
                + "\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + project + "\",\"access\":[" + access + "]}]}", API.adminAuth());
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    /** docker login with the secret on stdin, as a pipeline does (robot names hold a '$': quoted). */
    private static Cmd.Result login(String user, String secret) throws Exception {
        Path password = dir.resolve("robot-secret");
        Files.writeString(password, secret);
        try {
            return Cmd.run("sh", "-c", "docker --config '" + dir.resolve("client") + "' --host 'unix://" + dir.resolve("docker.sock")
                    + "' login --username '" + user + "' --password-stdin '" + Stack.host() + "' < '" + password + "'");
        } finally {
            Files.deleteIfExists(password);
        }
    }

    private static Http.Response referrers(String repo, String digest, String token, String query) {
        return Http.get(Stack.url() + "/v2/" + repo + "/referrers/" + digest + query, "Authorization", Http.bearer(token));
    }

    /** A CycloneDX SBOM as an OCI 1.1 artifact whose subject is the image, as oras attaches one. */
    private static Http.Response pushSbom(String repo, String token, String subject) throws Exception {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        upload(repo, token, empty);
        byte[] bom = ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        upload(repo, token, bom);
        Http.Response head = Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + subject, null,
                "Authorization", Http.bearer(token), "Accept", "application/vnd.docker.distribution.manifest.v2+json");
        String subjectType = head.header("Content-Type").orElseThrow();
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"" + SBOM + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + CosignSignatures.sha256(empty) + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + SBOM + "\",\"digest\":\"" + CosignSignatures.sha256(bom) + "\",\"size\":" + bom.length + "}],"
                + "\"subject\":{\"mediaType\":\"" + subjectType + "\",\"digest\":\"" + subject + "\",\"size\":"
                + head.header("Content-Length").orElseThrow() + "}}";
        byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
        return Http.sendBytes("PUT", Stack.url() + "/v2/" + repo + "/manifests/" + CosignSignatures.sha256(body), body,
                "Authorization", Http.bearer(token), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
    }

    private static void upload(String repo, String token, byte[] blob) throws Exception {
        Http.Response session = Http.send("POST", Stack.url() + "/v2/" + repo + "/blobs/uploads/", null, "Authorization", Http.bearer(token));
        assertEquals(202, session.status(), session.toString());
        String location = session.header("Location").orElseThrow();
        assertEquals(201, Http.sendBytes("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + CosignSignatures.sha256(blob),
                blob, "Authorization", Http.bearer(token), "Content-Type", "application/octet-stream").status());
    }

}

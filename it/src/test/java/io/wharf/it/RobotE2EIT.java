package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Robot accounts and workload identity as a CI pipeline uses them, with skopeo and podman against
 * the stack: a project robot pushes and pulls, is refused beyond its permissions and its project,
 * and is refused at once when disabled, given a new secret or deleted; a pipeline's OIDC token from
 * a test issuer (JWKS served here, tokens minted here) is exchanged for a registry token that
 * skopeo pushes with, and the issuer's key rotation and the attacks the issue lists are checked.
 */
class RobotE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String SUB = "repo:acme/shop:ref:refs/heads/main";
    private static String projectA;
    private static String projectB;
    private static Path image;
    private static HttpServer issuerServer;
    private static final AtomicReference<String> JWKS = new AtomicReference<>();
    private static String issuerUrl;

    @BeforeAll
    static void arrange(@TempDir Path dir) throws Exception {
        projectA = API.createProject(WharfApi.unique("robota"), false);
        projectB = API.createProject(WharfApi.unique("robotb"), false);
        image = Images.build(dir);
        assertTrue(Images.copy("oci:" + image + ":v1", ref(projectB + "/secret-app:v1"), null, admin(), null).ok());
        // The test issuer: its JWKS on a port of the system's choosing, so parallel runs never collide.
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("it.jwks.port", 0)), 0);
        issuerServer.createContext("/jwks", exchange -> {
            byte[] body = JWKS.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuerServer.start();
        issuerUrl = "http://127.0.0.1:" + issuerServer.getAddress().getPort();
    }

    @AfterAll
    static void stopIssuer() {
        if (issuerServer != null) issuerServer.stop(0);
    }

    private static String ref(String repository) { return "docker://" + Stack.host() + "/" + repository; }

    private static String admin() { return "admin:" + Stack.adminPassword(); }

    /** Creates a project robot with these repository actions; returns {id, name, secret}. */
    private static JsonObject robot(String project, String name, String... actions) {
        StringBuilder access = new StringBuilder();
        for (String a : actions) {
            if (access.length() > 0) access.append(',');
            access.append("{\"resource\":\"repository\",\"action\":\"").append(a).append("\"}");
        }
        Http.Response r = Http.postJson(Stack.url() + "/api/v2.0/robots", "{\"name\":\"" + name + "\",\"level\":\"project\","
                + "\"duration\":-1,\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + project + "\",\"access\":[" + access + "]}]}",
                API.adminAuth());
        assertEquals(201, r.status(), r.toString());
        assertEquals("robot$" + project + "+" + name, r.json().getString("name"));
        return r.json();
    }

    private static String creds(JsonObject robot) { return robot.getString("name") + ":" + robot.getString("secret"); }

    private static String creds(JsonObject robot, String secret) { return robot.getString("name") + ":" + secret; }

    @Test
    void projectRobotPushesPullsAndStaysInItsProject(@TempDir Path dir) throws Exception {
        JsonObject ci = robot(projectA, "ci", "push", "pull");
        Path pushed = dir.resolve("pushed.digest");
        Cmd.Result push = Images.copy("oci:" + image + ":v1", ref(projectA + "/app:v1"), null, creds(ci), pushed);
        assertTrue(push.ok(), push::toString);
        Cmd.Result pull = Images.copy(ref(projectA + "/app:v1"), "oci:" + dir.resolve("back") + ":v1", creds(ci), null, null);
        assertTrue(pull.ok(), pull::toString);

        // Harbor's listings show a robot the projects it has grants in (a peer Wharf's replication lists them this way).
        String robotAuth = Http.basic(ci.getString("name"), ci.getString("secret"));
        Http.Response repos = Http.get(Stack.url() + "/api/v2.0/repositories?page_size=100", "Authorization", robotAuth);
        assertEquals(200, repos.status(), repos::toString);
        assertTrue(repos.jsonArray().stream().anyMatch(r -> r.asJsonObject().getString("name").equals(projectA + "/app")), repos::toString);
        assertFalse(repos.body().contains(projectB + "/"), repos::toString);
        Http.Response listed = Http.get(Stack.url() + "/api/v2.0/projects?page_size=100", "Authorization", robotAuth);
        assertEquals(200, listed.status(), listed::toString);
        assertTrue(listed.jsonArray().stream().anyMatch(p -> p.asJsonObject().getString("name").equals(projectA)), listed::toString);
        assertFalse(listed.jsonArray().stream().anyMatch(p -> p.asJsonObject().getString("name").equals(projectB)), listed::toString);

        // Another project's private image: refused, and a push there leaves nothing.
        assertFalse(Images.inspect(ref(projectB + "/secret-app:v1"), creds(ci)).ok());
        assertFalse(Images.copy("oci:" + image + ":v1", ref(projectB + "/intruder:v1"), null, creds(ci), null).ok());
        assertFalse(Images.inspect(ref(projectB + "/intruder:v1"), admin()).ok());

        // The token service grants only the intersection of what is asked and what the robot has.
        Http.Response token = Http.get(Stack.url() + "/service/token?service=wharf-registry&scope="
                + URLEncoder.encode("repository:" + projectA + "/app:pull,push,delete", StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode("repository:" + projectB + "/secret-app:pull", StandardCharsets.UTF_8),
                "Authorization", Http.basic(ci.getString("name"), ci.getString("secret")));
        assertEquals(200, token.status(), token.toString());
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.json().getString("token").split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"actions\":[\"pull\",\"push\"]"), claims);
        assertFalse(claims.contains("secret-app"), claims);
        assertFalse(claims.contains("delete"), claims);

        // The audit log names the robot.
        Http.Response logs = Http.get(Stack.url() + "/api/v2.0/audit-logs?page_size=100", "Authorization", API.adminAuth());
        assertTrue(logs.body().contains(ci.getString("name")), logs::toString);
        // ... as the one who pushed, not only as the account the admin created.
        Eventually.await("a push entry by " + ci.getString("name"), java.time.Duration.ofSeconds(20),
                () -> Http.get(Stack.url() + "/api/v2.0/projects/" + projectA + "/logs?operation=push&page_size=100", "Authorization", API.adminAuth()),
                pushes -> pushes.status() == 200 && pushes.jsonArray().stream().map(v -> v.asJsonObject())
                        .anyMatch(e -> e.getString("username").equals(ci.getString("name")) && e.getString("resource").startsWith(projectA + "/app")));

        // No user can take a robot's name.
        Http.Response lookalike = Http.postJson(Stack.url() + "/api/v2.0/users", "{\"username\":\"" + ci.getString("name").replace("\"", "")
                + "\",\"email\":\"lookalike@example.com\",\"realname\":\"x\",\"password\":\"" + WharfApi.PASSWORD + "\"}", API.adminAuth());
        assertEquals(400, lookalike.status(), lookalike.toString());

        // A robot manages no robots and no members, even in its own project.
        Http.Response makeRobot = Http.postJson(Stack.url() + "/api/v2.0/robots", "{\"name\":\"child\",\"level\":\"project\",\"duration\":-1,"
                + "\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + projectA + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}",
                Http.basic(ci.getString("name"), ci.getString("secret")));
        assertTrue(makeRobot.status() == 403 || makeRobot.status() == 404, makeRobot::toString);
        Http.Response addMember = Http.postJson(Stack.url() + "/api/v2.0/projects/" + projectA + "/members",
                "{\"role_id\":1,\"member_user\":{\"username\":\"admin\"}}", Http.basic(ci.getString("name"), ci.getString("secret")));
        assertTrue(addMember.status() == 403 || addMember.status() == 404, addMember::toString);
    }

    @Test
    void aProjectAdminManagesHisProjectsRobotsAndNoOthers() {
        String owner = API.createUser(WharfApi.unique("robotadm"));
        String dev = API.createUser(WharfApi.unique("robotdev"));
        API.addMember(projectA, owner, 1);
        API.addMember(projectA, dev, 2);
        String ownerAuth = Http.basic(owner, WharfApi.PASSWORD);
        String devAuth = Http.basic(dev, WharfApi.PASSWORD);
        String robots = Stack.url() + "/api/v2.0/robots";

        Http.Response made = Http.postJson(robots, projectRobotBody(projectA, "byowner"), ownerAuth);
        assertEquals(201, made.status(), made.toString());
        long id = made.json().getJsonNumber("id").longValue();
        String url = robots + "/" + id;
        String q = "?q=" + URLEncoder.encode("Level=project,ProjectID=" + projectId(projectA), StandardCharsets.UTF_8);
        Http.Response listed = Http.get(robots + q, "Authorization", ownerAuth);
        assertEquals(200, listed.status(), listed.toString());
        assertTrue(listed.body().contains("robot$" + projectA + "+byowner"), listed::toString);
        assertEquals(200, Http.get(url, "Authorization", ownerAuth).status());
        assertEquals(200, Http.putJson(url, "{\"description\":\"by the owner\",\"disable\":true}", ownerAuth).status());
        assertTrue(Http.get(url, "Authorization", ownerAuth).json().getBoolean("disable"));
        Http.Response refreshed = Http.send("PATCH", url, "{\"secret\":\"\"}", "Content-Type", "application/json", "Authorization", ownerAuth);
        assertEquals(200, refreshed.status(), refreshed.toString());

        // A developer of the same project manages no robots.
        assertEquals(403, Http.postJson(robots, projectRobotBody(projectA, "bydev"), devAuth).status());
        assertEquals(403, Http.get(robots + q, "Authorization", devAuth).status());
        assertEquals(403, Http.get(url, "Authorization", devAuth).status());
        assertEquals(403, Http.send("DELETE", url, null, "Authorization", devAuth).status());

        // Another project's robots and the system robots are out of the project admin's reach.
        JsonObject other = robot(projectB, "notyours", "pull");
        String otherUrl = robots + "/" + other.getJsonNumber("id").longValue();
        assertEquals(403, Http.postJson(robots, projectRobotBody(projectB, "intruder"), ownerAuth).status());
        assertEquals(403, Http.get(robots + "?q=" + URLEncoder.encode("Level=project,ProjectID=" + projectId(projectB), StandardCharsets.UTF_8),
                "Authorization", ownerAuth).status());
        assertEquals(403, Http.get(otherUrl, "Authorization", ownerAuth).status());
        assertEquals(403, Http.putJson(otherUrl, "{\"disable\":true}", ownerAuth).status());
        assertEquals(403, Http.send("PATCH", otherUrl, "{\"secret\":\"\"}", "Content-Type", "application/json", "Authorization", ownerAuth).status());
        assertEquals(403, Http.send("DELETE", otherUrl, null, "Authorization", ownerAuth).status());
        // A project robot whose permissions name another project is refused too.
        Http.Response smuggled = Http.postJson(robots, "{\"name\":\"smuggler\",\"level\":\"project\",\"duration\":-1,\"permissions\":["
                + "{\"kind\":\"project\",\"namespace\":\"" + projectA + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]},"
                + "{\"kind\":\"project\",\"namespace\":\"" + projectB + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}", ownerAuth);
        assertTrue(smuggled.status() == 400 || smuggled.status() == 403, smuggled::toString);
        Http.Response system = Http.postJson(robots, "{\"name\":\"" + WharfApi.unique("sys") + "\",\"level\":\"system\",\"duration\":-1,"
                + "\"permissions\":[{\"kind\":\"project\",\"namespace\":\"*\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}",
                API.adminAuth());
        assertEquals(201, system.status(), system.toString());
        String systemUrl = robots + "/" + system.json().getJsonNumber("id").longValue();
        assertEquals(403, Http.get(systemUrl, "Authorization", ownerAuth).status());
        assertEquals(403, Http.putJson(systemUrl, "{\"disable\":true}", ownerAuth).status());
        assertEquals(403, Http.send("DELETE", systemUrl, null, "Authorization", ownerAuth).status());
        assertEquals(403, Http.get(robots, "Authorization", ownerAuth).status(), "all robots: administrators only");
        assertEquals(403, Http.postJson(robots, "{\"name\":\"mine\",\"level\":\"system\",\"duration\":-1,\"permissions\":[{\"kind\":\"project\","
                + "\"namespace\":\"" + projectA + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}", ownerAuth).status());
        assertFalse(Http.get(otherUrl, "Authorization", API.adminAuth()).json().getBoolean("disable"), "the other project's robot is untouched");
        assertEquals(200, Http.send("DELETE", systemUrl, null, "Authorization", API.adminAuth()).status());

        assertEquals(200, Http.send("DELETE", url, null, "Authorization", ownerAuth).status());
        assertEquals(404, Http.get(url, "Authorization", ownerAuth).status());
    }

    @Test
    void aDeletedProjectsRobotsDoNotOwnANewProjectOfTheSameName() {
        String project = API.createProject(WharfApi.unique("gone"), false);
        JsonObject bot = robot(project, "builder", "push", "pull");
        String robots = Stack.url() + "/api/v2.0/robots";
        Http.Response system = Http.postJson(robots, "{\"name\":\"" + WharfApi.unique("sysgone") + "\",\"level\":\"system\",\"duration\":-1,"
                + "\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + project + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"push\"},"
                + "{\"resource\":\"repository\",\"action\":\"pull\"}]},{\"kind\":\"project\",\"namespace\":\"" + projectA + "\",\"access\":["
                + "{\"resource\":\"repository\",\"action\":\"pull\"}]}]}", API.adminAuth());
        assertEquals(201, system.status(), system.toString());
        JsonObject sys = system.json();
        String botUrl = robots + "/" + bot.getJsonNumber("id").longValue();
        String sysUrl = robots + "/" + sys.getJsonNumber("id").longValue();
        assertTrue(Images.copy("oci:" + image + ":v1", ref(project + "/app:v1"), null, creds(bot), null).ok(), "the robot pushes while its project lives");

        assertEquals(200, Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app", null,
                "Authorization", API.adminAuth()).status());
        Http.Response deleted = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project, null, "Authorization", API.adminAuth());
        assertEquals(200, deleted.status(), deleted.toString());

        assertEquals(404, Http.get(botUrl, "Authorization", API.adminAuth()).status(), "the project's robot went with it");
        Http.Response sysView = Http.get(sysUrl, "Authorization", API.adminAuth());
        assertEquals(200, sysView.status(), sysView.toString());
        List<String> namespaces = sysView.json().getJsonArray("permissions").getValuesAs(JsonObject.class).stream()
                .map(p -> p.getString("namespace")).toList();
        assertEquals(List.of(projectA), namespaces, "the system robot keeps only its other project");

        // A new project of the same name owes nothing to the robots of the old one.
        API.createProject(project, false);
        assertFalse(Images.copy("oci:" + image + ":v1", ref(project + "/app:v2"), null, creds(bot), null).ok(), "the deleted robot is refused");
        assertFalse(Images.copy("oci:" + image + ":v1", ref(project + "/app:v2"), null, creds(sys), null).ok(),
                "the system robot has no grant on the new project");
        assertFalse(Images.inspect(ref(project + "/app:v2"), admin()).ok(), "nothing arrived");
    }

    private static String projectRobotBody(String project, String name) {
        return "{\"name\":\"" + name + "\",\"level\":\"project\",\"duration\":-1,\"permissions\":[{\"kind\":\"project\",\"namespace\":\""
                + project + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}";
    }

    private static long projectId(String project) {
        return Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", API.adminAuth()).json().getJsonNumber("project_id").longValue();
    }

    @Test
    void robotWithoutPushCannotPushButPullsWithPodman() throws Exception {
        JsonObject reader = robot(projectA, "reader", "pull");
        assertTrue(Images.copy("oci:" + image + ":v1", ref(projectA + "/for-reader:v1"), null, admin(), null).ok());
        Cmd.Result push = Images.copy("oci:" + image + ":v1", ref(projectA + "/by-reader:v1"), null, creds(reader), null);
        assertFalse(push.ok(), push::toString);
        assertFalse(Images.inspect(ref(projectA + "/by-reader:v1"), admin()).ok());

        Path storage = Files.createTempDirectory("podman-robot");
        Path auth = storage.resolve("auth.json");
        String[] base = {"podman", "--storage-driver", "vfs", "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString()};
        Cmd.Result login = Cmd.run(concat(base, "login", "--authfile", auth.toString(), "--tls-verify=false",
                "-u", reader.getString("name"), "-p", reader.getString("secret"), Stack.host()));
        assertTrue(login.ok(), login::toString);
        Cmd.Result pull = Cmd.run(concat(base, "pull", "--authfile", auth.toString(), "--tls-verify=false",
                Stack.host() + "/" + projectA + "/for-reader:v1"));
        assertTrue(pull.ok(), pull::toString);
        Cmd.Result badLogin = Cmd.run(concat(base, "login", "--authfile", auth + ".bad", "--tls-verify=false",
                "-u", reader.getString("name"), "-p", "Wrong-secret-1", Stack.host()));
        assertFalse(badLogin.ok(), badLogin::toString);
    }

    @Test
    void disabledRefreshedAndDeletedRobotsAreRefusedAtOnce() {
        JsonObject bot = robot(projectA, "lifecycle", "push", "pull");
        String url = Stack.url() + "/api/v2.0/robots/" + bot.getJsonNumber("id").longValue();
        assertTrue(Images.copy("oci:" + image + ":v1", ref(projectA + "/life:v1"), null, creds(bot), null).ok());
        // Warm every cache that could remember the credentials.
        assertTrue(Images.inspect(ref(projectA + "/life:v1"), creds(bot)).ok());

        JsonObject view = Http.get(url, "Authorization", API.adminAuth()).json();
        assertFalse(view.containsKey("secret"), view::toString);
        Http.Response disable = Http.putJson(url, "{\"description\":\"off\",\"disable\":true,\"duration\":-1}", API.adminAuth());
        assertEquals(200, disable.status(), disable.toString());
        assertFalse(Images.inspect(ref(projectA + "/life:v1"), creds(bot)).ok(), "a disabled robot is refused");
        assertEquals(200, Http.putJson(url, "{\"disable\":false}", API.adminAuth()).status());
        assertTrue(Images.inspect(ref(projectA + "/life:v1"), creds(bot)).ok(), "enabled again");

        Http.Response refresh = Http.send("PATCH", url, "{\"secret\":\"\"}", "Content-Type", "application/json", "Authorization", API.adminAuth());
        assertEquals(200, refresh.status(), refresh.toString());
        String fresh = refresh.json().getString("secret");
        assertNotEquals(bot.getString("secret"), fresh);
        assertFalse(Images.inspect(ref(projectA + "/life:v1"), creds(bot)).ok(), "the old secret is refused");
        assertTrue(Images.inspect(ref(projectA + "/life:v1"), creds(bot, fresh)).ok(), "the new secret works");

        assertEquals(200, Http.send("DELETE", url, null, "Authorization", API.adminAuth()).status());
        assertFalse(Images.inspect(ref(projectA + "/life:v1"), creds(bot, fresh)).ok(), "a deleted robot is refused");
        assertEquals(404, Http.get(url, "Authorization", API.adminAuth()).status());
    }

    @Test
    void pipelineTokenIsExchangedAndPushesWithSkopeoAcrossKeyRotation(@TempDir Path dir) throws Exception {
        RsaJsonWebKey first = key("k1");
        JWKS.set(new JsonWebKeySet(first).toJson());
        JsonObject bot = robot(projectA, "pipeline", "push", "pull");
        String iss = issuerUrl + "/ci-" + WharfApi.unique("iss");
        Http.Response issuer = Http.postJson(Stack.url() + "/api/v2.0/trusted-issuers", "{\"issuer\":\"" + iss
                + "\",\"jwks_url\":\"" + issuerUrl + "/jwks\",\"audience\":\"wharf\"}", API.adminAuth());
        assertEquals(201, issuer.status(), issuer.toString());
        long issuerId = issuer.json().getJsonNumber("id").longValue();
        Http.Response binding = Http.postJson(Stack.url() + "/api/v2.0/trusted-issuers/" + issuerId + "/bindings",
                "{\"robot_id\":" + bot.getJsonNumber("id") + ",\"conditions\":{\"sub\":\"repo:acme/shop:ref:refs/heads/*\"}}", API.adminAuth());
        assertEquals(201, binding.status(), binding.toString());

        String scope = "repository:" + projectA + "/from-ci:pull,push";
        String jwt = mint(first, iss, "wharf", SUB, 300, AlgorithmIdentifiers.RSA_USING_SHA256);
        Http.Response exchanged = exchange(jwt, scope);
        assertEquals(200, exchanged.status(), exchanged.toString());
        String registryToken = exchanged.json().getString("access_token");
        assertTrue(exchanged.json().getInt("expires_in") <= 300, exchanged::toString);
        Cmd.Result push = Cmd.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-registry-token", registryToken,
                "oci:" + image + ":v1", ref(projectA + "/from-ci:v1"));
        assertTrue(push.ok(), push::toString);
        assertTrue(Images.inspect(ref(projectA + "/from-ci:v1"), admin()).ok());

        // The JWT as a password for user "oidc" (docker login / skopeo --creds), and as Bearer on the API.
        assertTrue(Images.inspect(ref(projectA + "/from-ci:v1"), "oidc:" + jwt).ok());
        assertEquals(200, Http.get(Stack.url() + "/api/v2.0/projects/" + projectA, "Authorization", Http.bearer(jwt)).status());
        assertEquals(401, Http.get(Stack.url() + "/api/v2.0/projects/" + projectA, "Authorization", Http.bearer(jwt + "x")).status());

        // The issuer rotates its key: a token signed by the new key works once Wharf fetches the JWKS again.
        RsaJsonWebKey second = key("k2");
        JWKS.set(new JsonWebKeySet(second).toJson());
        assertEquals(200, exchange(mint(second, iss, "wharf", SUB, 300, AlgorithmIdentifiers.RSA_USING_SHA256), scope).status());

        // Every refusal is a bare 401.
        RsaJsonWebKey stranger = key("k2");
        assertRefused(exchange(mint(stranger, iss, "wharf", SUB, 300, AlgorithmIdentifiers.RSA_USING_SHA256), scope));
        assertRefused(exchange(mint(second, iss, "another-audience", SUB, 300, AlgorithmIdentifiers.RSA_USING_SHA256), scope));
        assertRefused(exchange(mint(second, iss, "wharf", "repo:evil/shop:ref:refs/heads/main", 300, AlgorithmIdentifiers.RSA_USING_SHA256), scope));
        assertRefused(exchange(mint(second, iss, "wharf", SUB, -120, AlgorithmIdentifiers.RSA_USING_SHA256), scope));
        assertRefused(exchange(mint(second, issuerUrl + "/unknown", "wharf", SUB, 300, AlgorithmIdentifiers.RSA_USING_SHA256), scope));
        assertRefused(exchange(unsigned(iss, SUB), scope));
        assertRefused(exchange(hmacWithPublicKey(second, iss, SUB), scope));
    }

    private static void assertRefused(Http.Response r) {
        assertEquals(401, r.status(), r.toString());
        assertFalse(r.body().contains("audience") || r.body().contains("expired") || r.body().contains("signature")
                || r.body().contains("issuer"), r::toString);
    }

    private static Http.Response exchange(String jwt, String scope) {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange", StandardCharsets.UTF_8)
                + "&service=wharf-registry&subject_token=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        return Http.send("POST", Stack.url() + "/service/token", form, "Content-Type", "application/x-www-form-urlencoded");
    }

    private static RsaJsonWebKey key(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    private static JwtClaims claims(String iss, String aud, String sub, long lifetimeSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(iss);
        claims.setAudience(aud);
        claims.setSubject(sub);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetimeSeconds / 60f);
        // An expired token was issued before it expired: refused for its exp, not for an exp before its iat.
        if (lifetimeSeconds < 0) claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + lifetimeSeconds - 300));
        return claims;
    }

    private static String mint(RsaJsonWebKey key, String iss, String aud, String sub, long lifetimeSeconds, String alg) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(iss, aud, sub, lifetimeSeconds).toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(alg);
        return jws.getCompactSerialization();
    }

    /** {@code alg: none}: a token anyone can write. */
    private static String unsigned(String iss, String sub) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims(iss, "wharf", sub, 300).toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** HS256 keyed with the issuer's public key, the classic confusion attack. */
    private static String hmacWithPublicKey(RsaJsonWebKey key, String iss, String sub) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(iss, "wharf", sub, 300).toJson());
        jws.setKey(new org.jose4j.keys.HmacKey(key.getPublicKey().getEncoded()));
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

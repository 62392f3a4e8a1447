package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Leaks;
import io.wharf.it.support.RawHttp;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The cases of the security review (issue 17) against the started stack: project settings that
 * only a project admin may change, bad input that never reaches a 500 or the server's error page,
 * throttled sign-ins, revocation of tokens and sessions, and the security headers.
 */
class SecurityE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    private static final String API_BASE = Stack.url() + "/api/v2.0";

    private static String auth(String user) { return Http.basic(user, WharfApi.PASSWORD); }

    private static long userId(String user) {
        return userId(user, WharfApi.PASSWORD);
    }

    private static long userId(String user, String password) {
        return Http.get(API_BASE + "/users/current", "Authorization", Http.basic(user, password)).json().getJsonNumber("user_id").longValue();
    }

    private static long memberId(String project, String user) {
        return Http.get(API_BASE + "/projects/" + project + "/members", "Authorization", API.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("entity_name").equals(user))
                .findFirst().orElseThrow().getJsonNumber("id").longValue();
    }

    private static void noLeak(String what, String head, String body) {
        assertNull(Leaks.in(head, body, false), what + ": " + head + " " + body);
    }

    @Test
    void aMaintainerCannotChangeWhatOnlyAProjectAdminMay() {
        String project = API.createProject(WharfApi.unique("maint"), false);
        String maintainer = API.createUser(WharfApi.unique("mt"));
        API.addMember(project, maintainer, 4);
        for (String body : new String[] {"{\"metadata\":{\"public\":\"true\"}}", "{\"metadata\":{\"prevent_vul\":\"false\"}}",
                "{\"cve_allowlist\":{\"items\":[{\"cve_id\":\"CVE-2021-44228\"}]}}", "{\"metadata\":{\"auto_scan\":\"true\"}}"}) {
            Http.Response r = Http.putJson(API_BASE + "/projects/" + project, body, auth(maintainer));
            assertEquals(403, r.status(), body + ": " + r);
            assertEquals("FORBIDDEN", r.errorCode());
        }
        JsonObject after = Http.get(API_BASE + "/projects/" + project, "Authorization", API.adminAuth()).json();
        assertEquals("false", after.getJsonObject("metadata").getString("public", "false"));
        assertEquals(0, after.getJsonObject("cve_allowlist").getJsonArray("items").size());
        // The project's admin may.
        String owner = API.createUser(WharfApi.unique("own"));
        API.addMember(project, owner, 1);
        assertEquals(200, Http.putJson(API_BASE + "/projects/" + project, "{\"metadata\":{\"prevent_vul\":\"true\"}}", auth(owner)).status());
    }

    @Test
    void manifestsAreValidatedBeforeTheRegistrySeesThem() {
        String project = API.createProject(WharfApi.unique("mani"), false);
        String push = Http.bearer(API.token("admin", Stack.adminPassword(), "repository:" + project + "/app:push,pull"));
        String url = Stack.url() + "/v2/" + project + "/app/manifests/v1";
        Map<String, String> bodies = Map.of(
                "null", OCI, "not json", OCI, "[]", OCI, "{}", OCI,
                "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}", "application/json",
                "{\"schemaVersion\":2,\"mediaType\":\"" + OCI + "\",\"config\":{\"mediaType\":\"x\",\"digest\":\"nope\",\"size\":1},\"layers\":[]}", OCI,
                "{\"mediaType\":\"" + OCI + "\",\"layers\":[]}", OCI);
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            Http.Response r = Http.send("PUT", url, b.getKey(), "Authorization", push, "Content-Type", b.getValue());
            assertEquals(400, r.status(), b.getKey() + ": " + r);
            assertEquals("MANIFEST_INVALID", r.errorCode(), b.getKey());
        }
    }

    @Test
    void oddRequestsGetTheApisOwnErrorsNeverTheServersPage() {
        RawHttp.Answer foo = RawHttp.send("FOO", "/service/token");
        assertEquals(405, foo.status(), foo.toString());
        assertNotNull(foo.header("Allow"), foo.toString());
        assertTrue(foo.body().startsWith("{\"errors\":[{\"code\":\"METHOD_NOT_ALLOWED\""), foo.toString());
        RawHttp.Answer propfind = RawHttp.send("PROPFIND", "/service/notifications");
        assertEquals(405, propfind.status(), propfind.toString());

        RawHttp.Answer options = RawHttp.send("OPTIONS", "/c/login");
        assertTrue(options.status() < 500, options.toString());
        noLeak("OPTIONS /c/login", options.head(), options.body());

        Map<String, Integer> odd = Map.of("/v2/hpc/%2e%2e/other/manifests/v1", 404, "/api/v2.0/projects/hpc/%2e%2e/x", 404,
                "/v2/a/%2E%2E/%2E%2E/_catalog", 404, "/api/v2.0/projects/%ff", 400, "/api/v2.0/projects/%C3%A9", 400,
                "/api/v2.0/projects/a%2fb", 400, "/c/login/${jndi:x}", 400, "/api/v2.0/projects?q=<script>", 400);
        for (String path : odd.keySet()) {
            RawHttp.Answer a = RawHttp.send("GET", path, "Authorization", API.adminAuth());
            assertEquals(odd.get(path), a.status(), path + ": " + a);
            assertTrue(a.header("Content-Type").startsWith("application/json"), path + ": " + a);
            noLeak(path, a.head(), a.body());
        }
        RawHttp.Answer raw = RawHttp.send(null, "GET", "/api/v2.0/projects/\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(400, raw.status(), raw.toString());
        noLeak("non-ASCII", raw.head(), raw.body());

        Http.Response unknown = Http.get(Stack.url() + "/nowhere/at/all");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("NOT_FOUND", unknown.errorCode());
        Http.Response wrongMethod = Http.send("PATCH", API_BASE + "/users", "{}", "Authorization", API.adminAuth(), "Content-Type", "application/json");
        assertEquals(405, wrongMethod.status(), wrongMethod.toString());
        assertTrue(wrongMethod.header("Allow").orElse("").contains("GET"), wrongMethod.headers().map().toString());
        RawHttp.Answer members = RawHttp.send(null, "POST", "/v2/members?n=-1".getBytes(StandardCharsets.US_ASCII), "{}");
        assertTrue(members.status() < 500, members.toString());
        noLeak("POST /v2/members", members.head(), members.body());
    }

    @Test
    void junkBodiesAreRefused() {
        String user = API.createUser(WharfApi.unique("junk"));
        long id = userId(user);
        String project = API.createProject(WharfApi.unique("junk"), false);
        API.addMember(project, user, 3);
        long member = memberId(project, user);
        String sysadmin = API_BASE + "/users/" + id + "/sysadmin";
        // Past the 64 KiB this endpoint takes (and small enough that the socket buffers hold what the server does not read).
        byte[] huge = ("{\"sysadmin_flag\":false,\"x\":\"" + "a".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Http.Response big = Http.sendBytes("PUT", sysadmin, huge, "Authorization", API.adminAuth(), "Content-Type", "application/json");
        assertEquals(413, big.status(), big.toString());
        Http.Response chunked = Http.sendChunked("PUT", sysadmin, huge, "Authorization", API.adminAuth(), "Content-Type", "application/json");
        assertEquals(413, chunked.status(), chunked.toString());
        for (String body : new String[] {"{\"sysadmin_flag\":\"yes\"}", "{\"sysadmin_flag\":1}", "[true]", "{\"sysadmin_flag\":true,"}) {
            Http.Response r = Http.putJson(sysadmin, body, API.adminAuth());
            assertEquals(400, r.status(), body + ": " + r);
        }
        assertFalse(Http.get(API_BASE + "/users/" + id, "Authorization", API.adminAuth()).json().getBoolean("sysadmin_flag"));
        String role = API_BASE + "/projects/" + project + "/members/" + member;
        for (String body : new String[] {"{\"role_id\":99999999999999999999}", "{\"role_id\":\"1\"}", "{\"role_id\":1.5}", "{\"role_id\":true}"}) {
            Http.Response r = Http.putJson(role, body, API.adminAuth());
            assertEquals(400, r.status(), body + ": " + r);
        }
        byte[] latin1 = "{\"role_id\":2,\"x\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(400, Http.sendBytes("PUT", role, latin1, "Authorization", API.adminAuth(), "Content-Type", "application/json").status());
        assertEquals(400, Http.putJson(API_BASE + "/projects/" + project,
                "{\"metadata\":{\"public\":\"false\"},\"x\":" + "[".repeat(100) + "]".repeat(100) + "}", API.adminAuth()).status());
        // Unknown fields are ignored, as Harbor ignores them.
        assertEquals(200, Http.putJson(role, "{\"role_id\":2,\"color\":\"blue\"}", API.adminAuth()).status());
        Http.Response longName = Http.postJson(API_BASE + "/users", "{\"username\":\"" + WharfApi.unique("l") + "\",\"password\":\""
                + WharfApi.PASSWORD + "\",\"realname\":\"" + "r".repeat(300) + "\"}", API.adminAuth());
        assertEquals(400, longName.status(), longName.toString());
    }

    /**
     * The issue's bodies as a client sends them, on each endpoint it named (a user's admin flag, a
     * member's role, a project's settings): 11 MiB with curl (which waits for the server's word before
     * sending that much: the 413 comes without the body being read), invalid UTF-8 and 100 levels of
     * nesting. Each is refused in the API's JSON and changes nothing.
     */
    @Test
    void elevenMebibytesInvalidUtf8AndDeepNestingAreRefusedOnEveryBodyEndpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String user = API.createUser(WharfApi.unique("body"));
        long id = userId(user);
        String project = API.createProject(WharfApi.unique("body"), false);
        API.addMember(project, user, 3);
        Map<String, String> validStart = Map.of(
                API_BASE + "/users/" + id + "/sysadmin", "{\"sysadmin_flag\":true,",
                API_BASE + "/projects/" + project + "/members/" + memberId(project, user), "{\"role_id\":1,",
                API_BASE + "/projects/" + project, "{\"metadata\":{\"public\":\"true\"},");
        java.nio.file.Path big = dir.resolve("big.json");
        java.nio.file.Path answer = dir.resolve("answer");
        for (Map.Entry<String, String> target : validStart.entrySet()) {
            String url = target.getKey();
            java.nio.file.Files.writeString(big, target.getValue() + "\"x\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}");
            Cmd.Result curl = Cmd.run("curl", "-s", "-o", answer.toString(), "-w", "%{http_code}", "-X", "PUT",
                    "-H", "Authorization: " + API.adminAuth(), "-H", "Content-Type: application/json", "--data-binary", "@" + big, url);
            assertEquals("413", curl.output().strip(), url + ": " + curl);
            String body = java.nio.file.Files.readString(answer);
            assertTrue(body.startsWith("{\"errors\":[{\"code\":\"PAYLOAD_TOO_LARGE\""), url + ": " + body);

            byte[] invalidUtf8 = (target.getValue() + "\"x\":\"").getBytes(StandardCharsets.US_ASCII);
            invalidUtf8 = java.util.Arrays.copyOf(invalidUtf8, invalidUtf8.length + 4);
            invalidUtf8[invalidUtf8.length - 4] = (byte) 0xff;
            invalidUtf8[invalidUtf8.length - 3] = (byte) 0xfe;
            invalidUtf8[invalidUtf8.length - 2] = '"';
            invalidUtf8[invalidUtf8.length - 1] = '}';
            Http.Response bad = Http.sendBytes("PUT", url, invalidUtf8, "Authorization", API.adminAuth(), "Content-Type", "application/json");
            assertEquals(400, bad.status(), url + " invalid UTF-8: " + bad);
            assertNotNull(bad.errorCode(), url);

            Http.Response nested = Http.putJson(url, target.getValue() + "\"x\":" + "[".repeat(100) + "]".repeat(100) + "}", API.adminAuth());
            assertEquals(400, nested.status(), url + " nested: " + nested);
            noLeak(url, nested.headers().map().toString(), nested.body());
        }
        assertFalse(Http.get(API_BASE + "/users/" + id, "Authorization", API.adminAuth()).json().getBoolean("sysadmin_flag"));
        assertEquals("false", Http.get(API_BASE + "/projects/" + project, "Authorization", API.adminAuth()).json()
                .getJsonObject("metadata").getString("public", "false"));
        assertEquals(3, Http.get(API_BASE + "/projects/" + project + "/members", "Authorization", API.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("entity_name").equals(user)).findFirst().orElseThrow()
                .getInt("role_id"), "the member's role is unchanged");
    }

    @Test
    void repeatedWrongPasswordsAreThrottledAndTheLockIsAudited() throws Exception {
        String user = API.createUser(WharfApi.unique("brute"));
        int throttled = 0;
        String retryAfter = null;
        long start = System.nanoTime();
        for (int i = 0; i < 15; i++) {
            Http.Response r = Http.send("POST", Stack.url() + "/c/login", "principal=" + user + "&password=Wrong" + i + "x",
                    "Content-Type", "application/x-www-form-urlencoded");
            assertTrue(r.status() == 401 || r.status() == 429, r.toString());
            if (r.status() == 429) {
                throttled++;
                retryAfter = r.header("Retry-After").orElse(null);
                assertEquals("TOO_MANY_REQUESTS", r.errorCode());
                long wait = Long.parseLong(retryAfter);
                if (wait > 60) break; // locked
                Thread.sleep(wait * 1000);
            }
        }
        assertTrue(throttled > 0, "no 429 in 15 wrong passwords");
        assertNotNull(retryAfter);
        // Locked now: even the right password waits, on /c/login and through Basic on /api and /service/token.
        Http.Response right = Http.send("POST", Stack.url() + "/c/login", "principal=" + user + "&password=" + WharfApi.PASSWORD,
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(429, right.status(), right.toString());
        assertTrue(Long.parseLong(right.header("Retry-After").orElseThrow()) > 60, right.toString());
        assertEquals(429, Http.get(API_BASE + "/users/current", "Authorization", auth(user)).status());
        assertEquals(429, Http.get(Stack.url() + "/service/token?service=wharf-registry", "Authorization", auth(user)).status());
        JsonObject lock = Http.get(API_BASE + "/audit-logs?operation=lock&page_size=100", "Authorization", API.adminAuth()).jsonArray()
                .stream().map(v -> v.asJsonObject()).filter(e -> e.getString("username").equals(user)).findFirst()
                .orElseThrow(() -> new AssertionError("no lock of " + user + " in the audit log"));
        assertEquals("lock", lock.getString("operation"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60);
        // Another client of the same user is not locked out by this one.
        RawHttp.Answer elsewhere = RawHttp.send("127.0.0.2", "GET", "/api/v2.0/users/current".getBytes(StandardCharsets.US_ASCII), null,
                "Authorization", auth(user));
        assertEquals(200, elsewhere.status(), elsewhere.toString());
    }

    @Test
    void aUserLockedFromEverywhereStillSignsInFromAMachineTheyUsedBefore() {
        String user = API.createUser(WharfApi.unique("known"));
        assertEquals(200, Http.get(API_BASE + "/users/current", "Authorization", auth(user)).status());
        for (int i = 0; i < 10; i++) {
            RawHttp.Answer a = RawHttp.send("127.0.1." + (i + 1), "GET", "/api/v2.0/users/current".getBytes(StandardCharsets.US_ASCII), null,
                    "Authorization", Http.basic(user, "Wrong" + i + "pw"));
            assertEquals(401, a.status(), a.toString());
        }
        RawHttp.Answer stranger = RawHttp.send("127.0.1.200", "GET", "/api/v2.0/users/current".getBytes(StandardCharsets.US_ASCII), null,
                "Authorization", auth(user));
        assertEquals(429, stranger.status(), stranger.toString());
        assertEquals(200, Http.get(API_BASE + "/users/current", "Authorization", auth(user)).status(), "the known client passes");
    }

    @Test
    void removingAMemberOrChangingAPasswordEndsTokensAndSessions() {
        String project = API.createProject(WharfApi.unique("revoke"), false);
        String user = API.createUser(WharfApi.unique("rv"));
        API.addMember(project, user, 2);
        String tags = Stack.url() + "/v2/" + project + "/app/tags/list";
        String token = Http.bearer(API.token(user, WharfApi.PASSWORD, "repository:" + project + "/app:pull,push"));
        assertEquals(404, Http.get(tags, "Authorization", token).status(), "the token works (the repository is empty)");
        Http.Response login = Http.send("POST", Stack.url() + "/c/login", "principal=" + user + "&password=" + WharfApi.PASSWORD,
                "Content-Type", "application/x-www-form-urlencoded");
        String cookie = Http.all(login, "Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).collect(Collectors.joining("; "));
        assertEquals(200, Http.get(API_BASE + "/users/current", "Cookie", cookie).status());

        assertEquals(200, Http.send("DELETE", API_BASE + "/projects/" + project + "/members/" + memberId(project, user), null,
                "Authorization", API.adminAuth()).status());
        Eventually.await("the token to stop working", Duration.ofSeconds(3), () -> Http.get(tags, "Authorization", token).status(), s -> s == 401);
        assertEquals(401, Http.get(API_BASE + "/users/current", "Cookie", cookie).status(), "the session ended");

        // A new token after the change carries only what is left (nothing in this project), a password change ends it too.
        API.addMember(project, user, 2);
        String again = Http.bearer(API.token(user, WharfApi.PASSWORD, "repository:" + project + "/app:pull"));
        assertEquals(404, Http.get(tags, "Authorization", again).status());
        long id = userId(user);
        assertEquals(200, Http.putJson(API_BASE + "/users/" + id + "/password",
                "{\"old_password\":\"" + WharfApi.PASSWORD + "\",\"new_password\":\"N3wPassword\"}", auth(user)).status());
        Eventually.await("the token to stop working", Duration.ofSeconds(3), () -> Http.get(tags, "Authorization", again).status(), s -> s == 401);
        String fresh = Http.bearer(API.token(user, "N3wPassword", "repository:" + project + "/app:pull"));
        assertEquals(404, Http.get(tags, "Authorization", fresh).status(), "a token after the change works at once");

        // Deleting the user: administrators only, never oneself; then nothing of theirs works.
        String other = API.createUser(WharfApi.unique("nd"));
        assertEquals(403, Http.send("DELETE", API_BASE + "/users/" + id, null, "Authorization", auth(other)).status());
        long adminId = Http.get(API_BASE + "/users/current", "Authorization", API.adminAuth()).json().getJsonNumber("user_id").longValue();
        assertEquals(403, Http.send("DELETE", API_BASE + "/users/" + adminId, null, "Authorization", API.adminAuth()).status());
        assertEquals(200, Http.send("DELETE", API_BASE + "/users/" + id, null, "Authorization", API.adminAuth()).status());
        assertEquals(404, Http.get(API_BASE + "/users/" + id, "Authorization", API.adminAuth()).status());
        Eventually.await("the token to stop working", Duration.ofSeconds(3), () -> Http.get(tags, "Authorization", fresh).status(), s -> s == 401);
        assertEquals(401, Http.get(API_BASE + "/users/current", "Authorization", Http.basic(user, "N3wPassword")).status());
    }

    /**
     * A disabled user (Wharf's extension: {@code PUT /users/{id}/disabled}) is out everywhere: the
     * portal session ends, Basic on the API, the token service, podman login and the portal's sign-in
     * are refused, and a token issued before stops working at the gateway within the revocation
     * window. Enabled again, they sign in as before (the old token stays refused). Only
     * administrators, never themselves; both changes are audited.
     */
    @Test
    void aDisabledUserIsOutEverywhereUntilEnabledAgain() throws Exception {
        String project = API.createProject(WharfApi.unique("disable"), false);
        String user = API.createUser(WharfApi.unique("dis"));
        API.addMember(project, user, 2);
        long id = userId(user);
        String tags = Stack.url() + "/v2/" + project + "/app/tags/list";
        String token = Http.bearer(API.token(user, WharfApi.PASSWORD, "repository:" + project + "/app:pull,push"));
        assertEquals(404, Http.get(tags, "Authorization", token).status(), "the token works (the repository is empty)");
        Http.Response login = Http.send("POST", Stack.url() + "/c/login", "principal=" + user + "&password=" + WharfApi.PASSWORD,
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, login.status(), login.toString());
        String cookie = Http.all(login, "Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).collect(Collectors.joining("; "));
        assertEquals(200, Http.get(API_BASE + "/users/current", "Cookie", cookie).status());
        assertFalse(Http.get(API_BASE + "/users/" + id, "Authorization", API.adminAuth()).json().getBoolean("disabled"));

        // Who may: administrators; not the user, not another user; an administrator never disables themself.
        String disabledUrl = API_BASE + "/users/" + id + "/disabled";
        assertEquals(403, Http.putJson(disabledUrl, "{\"disabled\":true}", auth(user)).status());
        assertEquals(403, Http.putJson(disabledUrl, "{\"disabled\":true}", auth(API.createUser(WharfApi.unique("nd")))).status());
        long adminId = userId("admin", Stack.adminPassword());
        Http.Response self = Http.putJson(API_BASE + "/users/" + adminId + "/disabled", "{\"disabled\":true}", API.adminAuth());
        assertEquals(400, self.status(), self.toString());
        assertEquals(400, Http.putJson(disabledUrl, "{\"disabled\":\"yes\"}", API.adminAuth()).status(), "a wrong type");
        assertEquals(400, Http.putJson(disabledUrl, "{}", API.adminAuth()).status(), "no value");
        assertEquals(404, Http.putJson(API_BASE + "/users/99999999/disabled", "{\"disabled\":true}", API.adminAuth()).status());

        assertEquals(200, Http.putJson(disabledUrl, "{\"disabled\":true}", API.adminAuth()).status());
        assertTrue(Http.get(API_BASE + "/users/" + id, "Authorization", API.adminAuth()).json().getBoolean("disabled"));
        assertTrue(Http.get(API_BASE + "/users?page_size=100", "Authorization", API.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject()).anyMatch(u -> u.getString("username").equals(user) && u.getBoolean("disabled")),
                "the listing shows the state");
        assertEquals(401, Http.get(API_BASE + "/users/current", "Cookie", cookie).status(), "the session ended at once");
        Eventually.await("the earlier token to stop working", Duration.ofSeconds(3), () -> Http.get(tags, "Authorization", token).status(), s -> s == 401);
        // Each refusal counts as a failed sign-in: from addresses of their own, so that the throttle
        // (a wait from the third failure of a user on one address) stays out of this test.
        RawHttp.Answer basic = RawHttp.send("127.0.2.1", "GET", "/api/v2.0/users/current".getBytes(StandardCharsets.US_ASCII), null,
                "Authorization", auth(user));
        assertEquals(401, basic.status(), "Basic on the API: " + basic);
        RawHttp.Answer tokenService = RawHttp.send("127.0.2.2", "GET", ("/service/token?service=wharf-registry&scope=repository:"
                + project + "/app:pull").getBytes(StandardCharsets.US_ASCII), null, "Authorization", auth(user));
        assertEquals(401, tokenService.status(), "the token service: " + tokenService);
        RawHttp.Answer portal = RawHttp.send("127.0.2.3", "POST", "/c/login".getBytes(StandardCharsets.US_ASCII),
                "principal=" + user + "&password=" + WharfApi.PASSWORD, "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(401, portal.status(), "the portal's sign-in: " + portal);
        java.nio.file.Path storage = java.nio.file.Files.createTempDirectory("podman-disabled");
        String[] podman = {"podman", "--storage-driver", "vfs", "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString(), "login", "--authfile", storage.resolve("auth.json").toString(),
                "--tls-verify=false", "-u", user, "-p", WharfApi.PASSWORD, Stack.host()};
        Cmd.Result refused = Cmd.run(podman);
        assertFalse(refused.ok(), refused::toString);

        assertEquals(200, Http.putJson(disabledUrl, "{\"disabled\":false}", API.adminAuth()).status());
        assertEquals(200, Http.get(API_BASE + "/users/current", "Authorization", auth(user)).status(), "enabled: Basic works again");
        Cmd.Result accepted = Cmd.run(podman);
        assertTrue(accepted.ok(), accepted::toString);
        String fresh = Http.bearer(API.token(user, WharfApi.PASSWORD, "repository:" + project + "/app:pull"));
        assertEquals(404, Http.get(tags, "Authorization", fresh).status(), "a new token works");
        assertEquals(401, Http.get(tags, "Authorization", token).status(), "the token from before the disabling stays refused");

        List<String> audited = Http.get(API_BASE + "/audit-logs?page_size=100", "Authorization", API.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject()).filter(e -> e.getString("resource").equals(user))
                .map(e -> e.getString("operation")).toList();
        assertTrue(audited.containsAll(List.of("disable", "enable")), audited.toString());
    }

    @Test
    void answersCarryTheSecurityHeadersAndHttpsAddsHsts() {
        for (String url : new String[] {API_BASE + "/projects", Stack.url() + "/", Stack.url() + "/v2/", Stack.url() + "/nowhere"}) {
            Http.Response r = Http.get(url);
            assertEquals("nosniff", r.header("X-Content-Type-Options").orElse(null), url);
            assertTrue(List.of("no-referrer", "same-origin").contains(r.header("Referrer-Policy").orElse("")), url);
            assertEquals(1, Http.all(r, "Content-Security-Policy").size(), url);
            assertTrue(r.header("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"), url);
            assertTrue(r.header("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP: " + url);
            assertTrue(r.header("X-Powered-By").isEmpty(), url);
        }
        String https = System.getProperty("wharf.https.url", "https://127.0.0.1:18443");
        Cmd.Result tls12 = Cmd.run("curl", "-sk", "-D", "-", "-o", "/dev/null", "--tlsv1.2", https + "/api/v2.0/projects");
        assertTrue(tls12.ok(), tls12.toString());
        assertTrue(tls12.toString().toLowerCase().contains("strict-transport-security: max-age="), tls12.toString());
    }
}

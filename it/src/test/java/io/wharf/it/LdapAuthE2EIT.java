package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * LDAP auth mode (issue 20, part 3) against a real OpenLDAP {@code slapd} (Debian packages slapd and
 * ldap-utils) that the test starts on its own port with the directory in {@code resources/ldap}:
 * settings through Harbor's configurations API, test connection, searches, sign-in and onboarding
 * with skopeo and podman, group membership and the admin group, filter injection, LDAP down.
 * Harbor lets the mode change only while admin is the only user, so the test removes the users
 * earlier tests left and, at the end, the users it onboarded before going back to db_auth.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LdapAuthE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String API_BASE = Stack.url() + "/api/v2.0";
    private static final String BASE_DN = "dc=wharf,dc=test";
    private static final String DEVS = "cn=devs,ou=groups," + BASE_DN;
    private static final String ADMINS = "cn=wharf-admins,ou=groups," + BASE_DN;
    private static final String ALICE_PW = "alice-Pass-1";

    private static Path dir;
    private static Process slapd;
    private static String project;
    private static Path image;

    /** slapd's port: -Dit.ldap.port, else the stack's HTTP port + 520 (22600 for the block at 22000). */
    static int ldapPort() {
        return Integer.getInteger("it.ldap.port", URI.create(Stack.url()).getPort() + 520);
    }

    private static String ldapUrl() { return "ldap://127.0.0.1:" + ldapPort(); }

    /** The same directory over TLS from the first byte, on the next port. */
    private static String ldapsUrl() { return "ldaps://127.0.0.1:" + (ldapPort() + 1); }

    @BeforeAll
    static void startDirectoryAndSwitchToLdap() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "slapd-").toAbsolutePath();
        Files.createDirectories(dir.resolve("data"));
        String conf = new String(LdapAuthE2EIT.class.getResourceAsStream("/ldap/slapd.conf.template").readAllBytes(),
                StandardCharsets.UTF_8).replace("@DIR@", dir.toString());
        Files.writeString(dir.resolve("slapd.conf"), conf);
        Path ldif = dir.resolve("directory.ldif");
        Files.write(ldif, LdapAuthE2EIT.class.getResourceAsStream("/ldap/directory.ldif").readAllBytes());
        Cmd.Result cert = Cmd.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-keyout", dir.resolve("tls.key").toString(), "-out", dir.resolve("tls.crt").toString());
        assertTrue(cert.ok(), cert::toString);
        Cmd.Result loaded = Cmd.run("slapadd", "-f", dir.resolve("slapd.conf").toString(), "-l", ldif.toString());
        assertTrue(loaded.ok(), loaded::toString);
        startSlapd();

        removeUsersOtherThanAdmin();
        Http.Response put = Http.putJson(API_BASE + "/configurations", settings("search-Pass-1"), API.adminAuth());
        assertEquals(200, put.status(), put.toString());
        project = API.createProject(WharfApi.unique("ldap"), false);
        image = Images.build(Files.createTempDirectory("ldap-image"));
    }

    private static String settings(String searchPassword) {
        return "{\"auth_mode\":\"ldap_auth\",\"ldap_url\":\"" + ldapUrl() + "\",\"ldap_search_dn\":\"cn=wharf-search,ou=services,"
                + BASE_DN + "\",\"ldap_search_password\":\"" + searchPassword + "\",\"ldap_base_dn\":\"ou=people," + BASE_DN
                + "\",\"ldap_filter\":\"(objectClass=inetOrgPerson)\",\"ldap_uid\":\"uid\",\"ldap_scope\":2,"
                + "\"ldap_group_base_dn\":\"ou=groups," + BASE_DN + "\",\"ldap_group_search_filter\":\"(objectClass=groupOfNames)\","
                + "\"ldap_group_attribute_name\":\"cn\",\"ldap_group_admin_dn\":\"" + ADMINS + "\",\"ldap_verify_cert\":true}";
    }

    private static void startSlapd() throws Exception {
        slapd = new ProcessBuilder("slapd", "-f", dir.resolve("slapd.conf").toString(), "-h", ldapUrl() + "/ " + ldapsUrl() + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        Eventually.await("slapd answers", java.time.Duration.ofSeconds(30), () -> Cmd.run("ldapsearch", "-x", "-H", ldapUrl(),
                "-D", "cn=wharf-search,ou=services," + BASE_DN, "-w", "search-Pass-1", "-b", BASE_DN, "-s", "base").ok(), ok -> ok);
    }

    private static void stopSlapd() throws Exception {
        if (slapd == null) return;
        Path pid = dir.resolve("slapd.pid");
        if (Files.exists(pid)) Cmd.run("kill", Files.readString(pid).strip());
        slapd.destroy();
        if (!slapd.waitFor(10, TimeUnit.SECONDS)) slapd.destroyForcibly();
        slapd = null;
    }

    private static void removeUsersOtherThanAdmin() {
        for (int round = 0; round < 100; round++) {
            Http.Response r = Http.get(API_BASE + "/users?page=1&page_size=100", "Authorization", API.adminAuth());
            assertEquals(200, r.status(), r.toString());
            List<JsonObject> others = r.jsonArray().stream().map(v -> v.asJsonObject())
                    .filter(u -> !u.getString("username").equals("admin")).toList();
            if (others.isEmpty()) return;
            for (JsonObject u : others) {
                Http.Response d = Http.send("DELETE", API_BASE + "/users/" + u.getJsonNumber("user_id").longValue(), null,
                        "Authorization", API.adminAuth());
                assertEquals(200, d.status(), d.toString());
            }
        }
    }

    @AfterAll
    static void backToDatabaseUsers() throws Exception {
        try {
            if (slapd != null) {
                removeUsersOtherThanAdmin();
                Http.Response put = Http.putJson(API_BASE + "/configurations", "{\"auth_mode\":\"db_auth\"}", API.adminAuth());
                assertEquals(200, put.status(), put.toString());
            } else {
                removeUsersOtherThanAdmin();
                Http.putJson(API_BASE + "/configurations", "{\"auth_mode\":\"db_auth\"}", API.adminAuth());
            }
        } finally {
            stopSlapd();
        }
    }

    private static Http.Response as(String user, String password, String path) {
        return Http.get(API_BASE + path, "Authorization", Http.basic(user, password));
    }

    @Test
    @Order(1)
    void theSettingsAreReadBackWithoutTheBindPassword() {
        Http.Response r = Http.get(API_BASE + "/configurations", "Authorization", API.adminAuth());
        assertEquals(200, r.status(), r.toString());
        JsonObject c = r.json();
        assertEquals("ldap_auth", c.getJsonObject("auth_mode").getString("value"));
        assertEquals(ldapUrl(), c.getJsonObject("ldap_url").getString("value"));
        assertEquals(2, c.getJsonObject("ldap_scope").getInt("value"));
        assertFalse(c.containsKey("ldap_search_password"), c::toString);
        assertFalse(r.body().contains("search-Pass-1"));
        assertEquals("ldap_auth", Http.get(API_BASE + "/systeminfo").json().getString("auth_mode"));

        Http.Response bad = Http.putJson(API_BASE + "/configurations", "{\"ldap_scope\":7}", API.adminAuth());
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().contains("ldap_scope"), bad::toString);
        Http.Response wrongType = Http.putJson(API_BASE + "/configurations", "{\"ldap_scope\":\"subtree\"}", API.adminAuth());
        assertEquals(400, wrongType.status(), wrongType.toString());
        Http.Response anonymous = Http.get(API_BASE + "/configurations");
        assertEquals(401, anonymous.status(), anonymous.toString());
    }

    @Test
    @Order(2)
    void testConnectionTellsAWorkingDirectoryFromABrokenOne() {
        JsonObject ok = Http.postJson(API_BASE + "/ldap/ping", "{}", API.adminAuth()).json();
        assertTrue(ok.getBoolean("success"), ok::toString);
        JsonObject wrongPassword = Http.postJson(API_BASE + "/ldap/ping",
                "{\"ldap_search_password\":\"not-the-password\"}", API.adminAuth()).json();
        assertFalse(wrongPassword.getBoolean("success"), wrongPassword::toString);
        assertTrue(wrongPassword.getString("message").contains("refused"), wrongPassword::toString);
        assertFalse(wrongPassword.toString().contains("not-the-password"));
        JsonObject nobodyThere = Http.postJson(API_BASE + "/ldap/ping",
                "{\"ldap_url\":\"ldap://127.0.0.1:" + (ldapPort() + 2) + "\"}", API.adminAuth()).json();
        assertFalse(nobodyThere.getBoolean("success"), nobodyThere::toString);
        assertTrue(nobodyThere.getString("message").contains("cannot reach"), nobodyThere::toString);
    }

    @Test
    @Order(3)
    void ldapsAndStartTlsWorkAndASelfSignedCertificateIsRefusedUnlessVerificationIsOff() {
        JsonObject ldapsNoVerify = Http.postJson(API_BASE + "/ldap/ping",
                "{\"ldap_url\":\"" + ldapsUrl() + "\",\"ldap_verify_cert\":false}", API.adminAuth()).json();
        assertTrue(ldapsNoVerify.getBoolean("success"), ldapsNoVerify::toString);
        JsonObject ldapsVerify = Http.postJson(API_BASE + "/ldap/ping",
                "{\"ldap_url\":\"" + ldapsUrl() + "\",\"ldap_verify_cert\":true}", API.adminAuth()).json();
        assertFalse(ldapsVerify.getBoolean("success"), "a self-signed certificate is not trusted: " + ldapsVerify);
        JsonObject startTls = Http.postJson(API_BASE + "/ldap/ping",
                "{\"ldap_starttls\":true,\"ldap_verify_cert\":false}", API.adminAuth()).json();
        assertTrue(startTls.getBoolean("success"), startTls::toString);
        assertTrue(startTls.getString("message").contains("StartTLS"), startTls::toString);
        JsonObject startTlsVerify = Http.postJson(API_BASE + "/ldap/ping",
                "{\"ldap_starttls\":true,\"ldap_verify_cert\":true}", API.adminAuth()).json();
        assertFalse(startTlsVerify.getBoolean("success"), startTlsVerify::toString);
    }

    @Test
    @Order(4)
    void usersAndGroupsAreFoundInTheDirectory() {
        Http.Response users = Http.get(API_BASE + "/ldap/users/search?username=alice", "Authorization", API.adminAuth());
        assertEquals(200, users.status(), users.toString());
        assertEquals(1, users.jsonArray().size(), users::toString);
        assertEquals("alice@wharf.test", users.jsonArray().getJsonObject(0).getString("email"));
        assertEquals("Alice Liddell", users.jsonArray().getJsonObject(0).getString("realname"));
        Http.Response wildcard = Http.get(API_BASE + "/ldap/users/search?username=" + enc("ali*"), "Authorization", API.adminAuth());
        assertEquals(0, wildcard.jsonArray().size(), "a * typed in the search box is a character, not a wildcard: " + wildcard);

        Http.Response groups = Http.get(API_BASE + "/ldap/groups/search?groupname=devs", "Authorization", API.adminAuth());
        assertEquals(200, groups.status(), groups.toString());
        assertEquals(DEVS, groups.jsonArray().getJsonObject(0).getString("ldap_group_dn"));
        assertEquals(1, groups.jsonArray().getJsonObject(0).getInt("group_type"));
        Http.Response byDn = Http.get(API_BASE + "/ldap/groups/search?groupdn=" + enc(ADMINS), "Authorization", API.adminAuth());
        assertEquals("wharf-admins", byDn.jsonArray().getJsonObject(0).getString("group_name"), byDn::toString);
    }

    @Test
    @Order(5)
    void anLdapUserLogsInWithSkopeoAndPodmanAndIsOnboarded() throws Exception {
        // Bad passwords are spread over users: the sign-in throttle delays a user's fourth failure in a row.
        assertEquals(401, as("carol", "alice-Pass-1", "/users/current").status(), "a bad password is refused");
        Http.Response me = as("alice", ALICE_PW, "/users/current");
        assertEquals(200, me.status(), me.toString());
        assertEquals("alice@wharf.test", me.json().getString("email"));
        assertFalse(me.json().getBoolean("sysadmin_flag"));

        String target = "docker://" + Stack.host() + "/" + project + "/ldap-app:v1";
        Cmd.Result refused = Images.copy("oci:" + image + ":v1", target, null, "alice:" + ALICE_PW, null);
        assertFalse(refused.ok(), "alice is no member of the project yet: " + refused);

        Path storage = Files.createTempDirectory("podman-ldap");
        String[] base = {"podman", "--storage-driver", "vfs", "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString()};
        Cmd.Result login = Cmd.run(concat(base, "login", "--authfile", storage.resolve("auth.json").toString(),
                "--tls-verify=false", "-u", "alice", "-p", ALICE_PW, Stack.host()));
        assertTrue(login.ok(), login::toString);
        Cmd.Result badLogin = Cmd.run(concat(base, "login", "--authfile", storage.resolve("bad.json").toString(),
                "--tls-verify=false", "-u", "alice", "-p", "wrong-Pass-1", Stack.host()));
        assertFalse(badLogin.ok(), badLogin::toString);

        Http.Response listed = Http.get(API_BASE + "/users/search?username=alice", "Authorization", API.adminAuth());
        assertTrue(listed.body().contains("\"alice\""), "onboarded on first sign-in: " + listed);
    }

    @Test
    @Order(6)
    void membershipOfAnLdapGroupGrantsTheGroupsRoleInAProject() throws Exception {
        Http.Response add = Http.postJson(API_BASE + "/projects/" + project + "/members",
                "{\"role_id\":2,\"member_group\":{\"group_type\":1,\"ldap_group_dn\":\"" + DEVS + "\"}}", API.adminAuth());
        assertEquals(201, add.status(), add.toString());
        Http.Response members = Http.get(API_BASE + "/projects/" + project + "/members", "Authorization", API.adminAuth());
        JsonObject group = members.jsonArray().stream().map(v -> v.asJsonObject())
                .filter(m -> m.getString("entity_type").equals("g")).findFirst().orElseThrow();
        assertEquals("devs", group.getString("entity_name"));
        assertEquals(2, group.getInt("role_id"));

        String target = "docker://" + Stack.host() + "/" + project + "/ldap-app:v1";
        Cmd.Result pushed = Images.copy("oci:" + image + ":v1", target, null, "alice:" + ALICE_PW, null);
        assertTrue(pushed.ok(), "a developer through group devs: " + pushed);
        assertEquals(200, as("alice", ALICE_PW, "/projects/" + project).status());

        Cmd.Result carol = Images.inspect(target, "carol:carol-Pass-1");
        assertFalse(carol.ok(), "carol is in no group of the project: " + carol);
        assertEquals(404, as("carol", "carol-Pass-1", "/projects/" + project).status());

        Http.Response dup = Http.postJson(API_BASE + "/projects/" + project + "/members",
                "{\"role_id\":3,\"member_group\":{\"group_type\":1,\"ldap_group_dn\":\"CN=devs, ou=groups,dc=wharf,dc=test\"}}",
                API.adminAuth());
        assertEquals(409, dup.status(), "the same DN spelt differently is the same group: " + dup);

        long mid = group.getJsonNumber("id").longValue();
        assertEquals(200, Http.send("DELETE", API_BASE + "/projects/" + project + "/members/" + mid, null,
                "Authorization", API.adminAuth()).status());
        Cmd.Result afterRemoval = Images.copy("oci:" + image + ":v1", "docker://" + Stack.host() + "/" + project + "/ldap-app:v2",
                null, "alice:" + ALICE_PW, null);
        assertFalse(afterRemoval.ok(), "the group is no member any more: " + afterRemoval);
    }

    @Test
    @Order(7)
    void membersOfTheAdminGroupAreSystemAdministrators() {
        Http.Response bob = as("bob", "bob-Pass-1", "/users/current");
        assertEquals(200, bob.status(), bob.toString());
        assertTrue(bob.json().getBoolean("sysadmin_flag"), bob::toString);
        assertEquals(200, as("bob", "bob-Pass-1", "/configurations").status());
        assertEquals(403, as("carol", "carol-Pass-1", "/configurations").status());
        assertEquals(403, as("alice", ALICE_PW, "/ldap/users/search?username=bob").status());
    }

    @Test
    @Order(8)
    void userGroupsAreManagedThroughHarborsApi() {
        // A stack kept from an earlier run may know the group already: start without it.
        Http.get(API_BASE + "/usergroups?ldap_group_dn=" + enc(ADMINS), "Authorization", API.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject().getJsonNumber("id").longValue())
                .forEach(id -> Http.send("DELETE", API_BASE + "/usergroups/" + id, null, "Authorization", API.adminAuth()));
        Http.Response created = Http.postJson(API_BASE + "/usergroups",
                "{\"group_type\":1,\"ldap_group_dn\":\"" + ADMINS + "\"}", API.adminAuth());
        assertEquals(201, created.status(), created.toString());
        String location = created.header("Location").orElseThrow();
        if (location.startsWith("/")) location = Stack.url() + location;
        JsonObject g = Http.get(location, "Authorization", API.adminAuth()).json();
        assertEquals("wharf-admins", g.getString("group_name"));
        Http.Response missing = Http.postJson(API_BASE + "/usergroups",
                "{\"group_type\":1,\"ldap_group_dn\":\"cn=nobody,ou=groups," + BASE_DN + "\"}", API.adminAuth());
        assertEquals(400, missing.status(), missing.toString());
        Http.Response malformed = Http.postJson(API_BASE + "/usergroups",
                "{\"group_type\":1,\"ldap_group_dn\":\"not a dn\"}", API.adminAuth());
        assertEquals(400, malformed.status(), malformed.toString());
        assertEquals(403, Http.postJson(API_BASE + "/usergroups", "{\"group_type\":1,\"ldap_group_dn\":\"" + DEVS + "\"}",
                Http.basic("carol", "carol-Pass-1")).status());
        assertEquals(200, Http.send("DELETE", location, null, "Authorization", API.adminAuth()).status());
    }

    @Test
    @Order(9)
    void anAdministratorFromTheDirectoryTestsTheConnectionAndAddsAGroupInThePortal() {
        Path browser = Stack.root().resolve("it/browser").toAbsolutePath().normalize();
        if (!Files.isDirectory(browser.resolve("node_modules/playwright-core"))) {
            Cmd.Result npm = Cmd.run("npm", "ci", "--prefix", browser.toString(), "--no-audit", "--no-fund");
            assertTrue(npm.ok(), "npm ci in " + browser + ": " + npm);
        }
        Cmd.Result run = Cmd.runWithEnv(java.util.Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "bob",
                "WHARF_PASSWORD", "bob-Pass-1", "WHARF_PROJECT", project, "WHARF_LDAP_URL", ldapUrl(), "WHARF_GROUP_DN", DEVS,
                "WHARF_SCREENSHOTS", Stack.root().resolve("it/target/portal-screenshots").toAbsolutePath().normalize().toString(),
                "CHROMIUM", System.getProperty("wharf.chromium", "/usr/bin/chromium")),
                "node", browser.resolve("ldap-portal-e2e.mjs").toString());
        assertEquals(0, run.exit(), "the browser run failed:\n" + run.output());
        JsonObject group = Http.get(API_BASE + "/projects/" + project + "/members", "Authorization", API.adminAuth()).jsonArray()
                .stream().map(v -> v.asJsonObject()).filter(m -> m.getString("entity_type").equals("g")).findFirst().orElseThrow();
        assertEquals("devs", group.getString("entity_name"));
        assertEquals(3, group.getInt("role_id"), "added as guest in the portal");
        Cmd.Result guestPull = Images.inspect("docker://" + Stack.host() + "/" + project + "/ldap-app:v1", "alice:" + ALICE_PW);
        assertTrue(guestPull.ok(), "a guest through devs pulls: " + guestPull);
    }

    @Test
    @Order(10)
    void filterSyntaxInALoginNameIsJustCharacters() {
        // Unescaped, (uid=alic*) would find alice alone and her password would sign "alic*" in as her.
        for (String name : new String[] {"alic*", "*)(uid=alice", "alice)(|(uid=*", "*"}) {
            Http.Response r = as(name, ALICE_PW, "/users/current");
            assertEquals(401, r.status(), name + ": " + r);
        }
        assertEquals(401, as("bob", "", "/users/current").status(), "an empty password is no anonymous bind");
    }

    @Test
    @Order(11)
    void whenTheDirectoryIsDownTheLocalAdminStillWorksAndLdapUsersAreToldWhy() throws Exception {
        stopSlapd();
        Http.Response admin = Http.get(API_BASE + "/users/current", "Authorization", API.adminAuth());
        assertEquals(200, admin.status(), admin.toString());
        assertEquals("admin", admin.json().getString("username"));
        Http.Response alice = as("alice", ALICE_PW, "/users/current");
        assertEquals(401, alice.status(), alice.toString());
        assertTrue(alice.body().contains("LDAP server cannot be reached"), alice::toString);
        Http.Response token = Http.get(Stack.url() + "/service/token?service=wharf-registry", "Authorization",
                Http.basic("alice", ALICE_PW));
        assertEquals(401, token.status(), token.toString());
        Http.Response ping = Http.postJson(API_BASE + "/ldap/ping", "{}", API.adminAuth());
        assertEquals(200, ping.status());
        assertFalse(ping.json().getBoolean("success"));
        assertTrue(Images.inspect("docker://" + Stack.host() + "/" + project + "/ldap-app:v1",
                "admin:" + Stack.adminPassword()).ok(), "admin pulls as ever");
        startSlapd();
        assertEquals(200, as("alice", ALICE_PW, "/users/current").status(), "back when the directory is");
    }

    @Test
    @Order(12)
    void aDirectoryUserDisabledInWharfStaysOutWhateverTheDirectorySays() {
        assertEquals(200, as("carol", "carol-Pass-1", "/users/current").status(), "onboarded and signing in");
        JsonObject carol = Http.get(API_BASE + "/users?q=" + enc("username=carol"), "Authorization", API.adminAuth()).jsonArray()
                .stream().map(v -> v.asJsonObject()).filter(u -> u.getString("username").equals("carol")).findFirst().orElseThrow();
        String disabled = API_BASE + "/users/" + carol.getJsonNumber("user_id").longValue() + "/disabled";
        assertEquals(200, Http.putJson(disabled, "{\"disabled\":true}", API.adminAuth()).status());
        assertEquals(401, as("carol", "carol-Pass-1", "/users/current").status(), "the directory's yes does not count");
        assertEquals(200, Http.putJson(disabled, "{\"disabled\":false}", API.adminAuth()).status());
        assertEquals(200, as("carol", "carol-Pass-1", "/users/current").status(), "enabled again");
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

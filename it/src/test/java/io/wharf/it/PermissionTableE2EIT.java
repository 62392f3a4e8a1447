package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the permission table: every endpoint of the API as every kind of caller (system admin,
 * project admin, maintainer, developer, guest, limited guest, a signed-in non-member, anonymous)
 * on a private project with one pushed image. Each answer must be exactly "allowed" (2xx, or 404
 * where the endpoint's target deliberately does not exist) or "refused" (401 anonymous, 404 for a
 * private project the caller cannot see, 403 otherwise), as Harbor's RBAC says. Then the token
 * service: the registry actions each role is granted.
 */
class PermissionTableE2EIT {
    enum Who { ADMIN, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST, NON_MEMBER, ANONYMOUS }

    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final String BASE = Stack.url() + "/api/v2.0";
    private static final Set<Who> MEMBERS = EnumSet.of(Who.ADMIN, Who.PROJECT_ADMIN, Who.MAINTAINER, Who.DEVELOPER, Who.GUEST, Who.LIMITED_GUEST);
    private static final Set<Who> NOT_LIMITED = EnumSet.of(Who.ADMIN, Who.PROJECT_ADMIN, Who.MAINTAINER, Who.DEVELOPER, Who.GUEST);
    private static final Set<Who> WRITERS = EnumSet.of(Who.ADMIN, Who.PROJECT_ADMIN, Who.MAINTAINER, Who.DEVELOPER);
    private static final Set<Who> DELETERS = EnumSet.of(Who.ADMIN, Who.PROJECT_ADMIN, Who.MAINTAINER);
    private static final Set<Who> OWNERS = EnumSet.of(Who.ADMIN, Who.PROJECT_ADMIN);
    private static final Set<Who> ADMIN = EnumSet.of(Who.ADMIN);
    private static final Set<Who> SIGNED_IN = EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS));

    private static String project;
    private static final Map<Who, String> users = new LinkedHashMap<>();
    private static final Map<Who, String> spare = new LinkedHashMap<>();
    private static final Map<Who, Long> spareMember = new LinkedHashMap<>();

    /** One row: what is asked, who may, and whether "allowed" may be a 404 (the target is made not to exist). */
    record Endpoint(String method, Function<Who, String> path, Function<Who, String> body, Set<Who> allowed, boolean missingTarget) {
        static Endpoint of(String method, String path, Set<Who> allowed) {
            return new Endpoint(method, w -> path, w -> null, allowed, false);
        }
    }

    @BeforeAll
    static void arrange(@TempDir Path dir) throws Exception {
        project = API.createProject(WharfApi.unique("rbac"), false);
        int[] roles = {0, 1, 4, 2, 3, 5};
        for (Who who : Who.values()) {
            if (who == Who.ANONYMOUS) continue;
            String name = who == Who.ADMIN ? "admin" : API.createUser(WharfApi.unique("r" + who.ordinal()));
            users.put(who, name);
            if (who.ordinal() >= 1 && who.ordinal() <= 5) API.addMember(project, name, roles[who.ordinal()]);
            spare.put(who, API.createUser(WharfApi.unique("s" + who.ordinal())));
            String doomed = API.createUser(WharfApi.unique("d" + who.ordinal()));
            API.addMember(project, doomed, 3);
            spareMember.put(who, memberId(doomed));
        }
        Path digest = dir.resolve("digest");
        Cmd.Result pushed = Images.copy("oci:" + Images.build(dir) + ":v1", "docker://" + Stack.host() + "/" + project + "/app:v1",
                null, "admin:" + Stack.adminPassword(), digest);
        assertTrue(pushed.ok(), pushed.toString());
    }

    private static long memberId(String user) {
        return Http.get(BASE + "/projects/" + project + "/members?entityname=" + user + "&page_size=100", "Authorization", API.adminAuth()).jsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("entity_name").equals(user))
                .findFirst().orElseThrow().getJsonNumber("id").longValue();
    }

    private static String auth(Who who) {
        if (who == Who.ANONYMOUS) return null;
        return who == Who.ADMIN ? API.adminAuth() : Http.basic(users.get(who), WharfApi.PASSWORD);
    }

    private static List<Endpoint> table() {
        String p = BASE + "/projects/" + project;
        String repo = p + "/repositories/app";
        List<Endpoint> t = new ArrayList<>();
        t.add(Endpoint.of("GET", p, MEMBERS));
        t.add(new Endpoint("PUT", w -> p, w -> "{\"metadata\":{\"auto_scan\":\"false\"}}", OWNERS, false));
        t.add(new Endpoint("PUT", w -> p, w -> "{\"metadata\":{\"public\":\"false\",\"prevent_vul\":\"false\"}}", OWNERS, false));
        t.add(new Endpoint("PUT", w -> p, w -> "{\"cve_allowlist\":{\"items\":[]}}", OWNERS, false));
        t.add(Endpoint.of("GET", p + "/members", NOT_LIMITED));
        t.add(new Endpoint("POST", w -> p + "/members", w -> "{\"role_id\":3,\"member_user\":{\"username\":\"" + spare.getOrDefault(w, "nobody") + "\"}}", OWNERS, false));
        t.add(new Endpoint("PUT", w -> p + "/members/" + spareMember.getOrDefault(w, spareMember.get(Who.ADMIN)), w -> "{\"role_id\":3}", OWNERS, false));
        t.add(new Endpoint("DELETE", w -> p + "/members/" + spareMember.getOrDefault(w, spareMember.get(Who.ADMIN)), w -> null, OWNERS, false));
        t.add(Endpoint.of("GET", p + "/logs", NOT_LIMITED));
        t.add(Endpoint.of("GET", p + "/repositories", MEMBERS));
        t.add(Endpoint.of("GET", repo, MEMBERS));
        t.add(Endpoint.of("GET", repo + "/artifacts", MEMBERS));
        t.add(Endpoint.of("GET", repo + "/artifacts/v1", MEMBERS));
        t.add(Endpoint.of("GET", repo + "/artifacts/v1/tags", MEMBERS));
        t.add(new Endpoint("DELETE", w -> repo + "/artifacts/nope", w -> null, DELETERS, true));
        t.add(new Endpoint("POST", w -> repo + "/artifacts/v1/scan", w -> null, WRITERS, false));
        t.add(new Endpoint("GET", w -> repo + "/artifacts/v1/additions/vulnerabilities", w -> null, MEMBERS, true));
        t.add(new Endpoint("POST", w -> repo + "/artifacts/v1/scan", w -> "{\"scan_type\":\"sbom\"}", WRITERS, false));
        t.add(new Endpoint("GET", w -> repo + "/artifacts/nope/additions/sbom", w -> null, MEMBERS, true));
        t.add(Endpoint.of("GET", BASE + "/users", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/users/current", SIGNED_IN));
        t.add(new Endpoint("DELETE", w -> BASE + "/users/999999999", w -> null, ADMIN, true));
        t.add(new Endpoint("PUT", w -> BASE + "/users/999999999/sysadmin", w -> "{\"sysadmin_flag\":true}", ADMIN, true));
        t.add(Endpoint.of("GET", BASE + "/audit-logs", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/scans/all/metrics", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/system/scanAll/schedule", ADMIN));
        t.add(Endpoint.of("POST", BASE + "/system/reconcile", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/vulndb/status", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/system/gc", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/system/gc/schedule", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/quotas", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/security/summary", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/security/vul", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/system/CVEAllowlist", SIGNED_IN));
        t.add(new Endpoint("PUT", w -> BASE + "/system/CVEAllowlist", w -> "{\"items\":[]}", ADMIN, false));
        // The endpoints of Harbor's API and the OCI work, with the rows they were given.
        Set<Who> everyone = EnumSet.allOf(Who.class);
        String scanner = Http.get(p + "/scanner", "Authorization", API.adminAuth()).json().getString("uuid");
        t.add(Endpoint.of("GET", p + "/summary", MEMBERS));
        t.add(Endpoint.of("GET", p + "/_deletable", OWNERS));
        t.add(Endpoint.of("GET", p + "/members/" + spareMember.get(Who.GUEST), NOT_LIMITED));
        t.add(Endpoint.of("GET", p + "/scanner", MEMBERS));
        t.add(Endpoint.of("GET", p + "/scanner/candidates", MEMBERS));
        t.add(new Endpoint("PUT", w -> p + "/scanner", w -> "{\"uuid\":\"" + scanner + "\"}", OWNERS, false));
        t.add(Endpoint.of("GET", p + "/artifacts", MEMBERS));
        t.add(Endpoint.of("GET", repo + "/artifacts/v1/accessories", MEMBERS));
        t.add(Endpoint.of("GET", p + "/auditlog-exts", NOT_LIMITED));
        t.add(new Endpoint("PUT", w -> repo, w -> "{\"description\":\"by " + w + "\"}", DELETERS, false));
        t.add(new Endpoint("POST", w -> repo + "/artifacts/v1/tags", w -> "{\"name\":\"t" + w.ordinal() + "\"}", WRITERS, false));
        t.add(new Endpoint("DELETE", w -> repo + "/artifacts/v1/tags/t" + w.ordinal(), w -> null, DELETERS, false));
        t.add(new Endpoint("POST", w -> repo + "/artifacts/v1/labels", w -> "{\"id\":999999999}", WRITERS, true));
        t.add(new Endpoint("DELETE", w -> repo + "/artifacts/v1/labels/999999999", w -> null, WRITERS, true));
        t.add(new Endpoint("POST", w -> repo + "/artifacts/nope/scan/stop", w -> null, WRITERS, true));
        t.add(new Endpoint("DELETE", w -> p + "/repositories/nope", w -> null, DELETERS, true));
        t.add(new Endpoint("POST", w -> p + "/repositories/copy" + w.ordinal() + "/artifacts?from=" + project + "/app:v1", w -> null, WRITERS, false));
        t.add(Endpoint.of("GET", p + "/immutabletagrules", NOT_LIMITED));
        t.add(new Endpoint("PUT", w -> p + "/immutabletagrules/999999999", w -> "{\"disabled\":true}", OWNERS, true));
        t.add(Endpoint.of("GET", BASE + "/labels", SIGNED_IN));
        t.add(new Endpoint("POST", w -> BASE + "/labels", w -> "{\"name\":\"" + WharfApi.unique("g") + "\",\"scope\":\"g\"}", ADMIN, false));
        t.add(Endpoint.of("GET", BASE + "/users/search?username=adm", SIGNED_IN));
        t.add(Endpoint.of("GET", BASE + "/users/current/permissions", SIGNED_IN));
        t.add(new Endpoint("PUT", w -> BASE + "/users/999999999", w -> "{\"comment\":\"x\"}", ADMIN, true));
        t.add(new Endpoint("PUT", w -> BASE + "/users/999999999/disabled", w -> "{\"disabled\":true}", ADMIN, true));
        t.add(Endpoint.of("GET", BASE + "/auditlog-exts", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/auditlog-exts/events", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/scans/schedule/metrics", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/systeminfo/volumes", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/configurations", ADMIN));
        t.add(new Endpoint("POST", w -> BASE + "/ldap/ping", w -> "{\"ldap_url\":\"ldap://127.0.0.1:1\",\"ldap_base_dn\":\"dc=x\"}", ADMIN, false));
        t.add(Endpoint.of("GET", BASE + "/usergroups", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/usergroups/search?groupname=x", SIGNED_IN));
        t.add(Endpoint.of("GET", BASE + "/repositories", everyone));
        t.add(Endpoint.of("GET", BASE + "/ping", everyone));
        t.add(Endpoint.of("GET", BASE + "/systeminfo", everyone));
        t.add(Endpoint.of("GET", BASE + "/health", everyone));
        t.add(Endpoint.of("GET", BASE + "/search?q=" + project, everyone));
        t.add(Endpoint.of("GET", BASE + "/statistics", SIGNED_IN));
        t.add(Endpoint.of("GET", BASE + "/registries", ADMIN));
        t.add(new Endpoint("GET", w -> BASE + "/registries/999999999", w -> null, ADMIN, true));
        t.add(new Endpoint("DELETE", w -> BASE + "/registries/999999999", w -> null, ADMIN, true));
        t.add(Endpoint.of("GET", BASE + "/replication/adapters", ADMIN));
        // Robot accounts: a project's admins manage its robots; system robots and trusted issuers are for administrators.
        long projectId = Http.get(p, "Authorization", API.adminAuth()).json().getJsonNumber("project_id").longValue();
        t.add(Endpoint.of("GET", BASE + "/robots?q=Level%3Dproject%2CProjectID%3D" + projectId, OWNERS));
        t.add(new Endpoint("POST", w -> BASE + "/robots", w -> "{\"name\":\"bot" + w.ordinal() + "\",\"level\":\"project\",\"duration\":-1,"
                + "\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + project + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}",
                OWNERS, false));
        t.add(Endpoint.of("GET", BASE + "/robots", ADMIN));
        t.add(Endpoint.of("GET", BASE + "/trusted-issuers", ADMIN));
        return t;
    }

    @Test
    void everyEndpointAsEveryRoleIsAllowedOrRefusedAsTheTableSays() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Endpoint e : table()) {
            for (Who who : Who.values()) {
                String body = e.body().apply(who);
                Http.Response r = Http.send(e.method(), e.path().apply(who), body, "Authorization", auth(who),
                        "Content-Type", body == null ? null : "application/json");
                checked++;
                boolean allowed = e.allowed().contains(who);
                Set<Integer> expected = new TreeSet<>();
                if (allowed) {
                    if (e.missingTarget()) expected.add(404);
                    for (int s = 200; s < 300; s++) expected.add(s);
                } else {
                    expected.add(who == Who.ANONYMOUS ? 401 : who == Who.NON_MEMBER && e.path().apply(who).contains("/projects/") ? 404 : 403);
                }
                if (!expected.contains(r.status())) {
                    wrong.add(e.method() + " " + e.path().apply(who).replace(Stack.url(), "") + " as " + who + ": "
                            + (allowed ? "allowed" : "refused") + " expected, got " + r.status() + " " + r.body());
                }
            }
        }
        assertTrue(checked > 200, "walked " + checked);
        assertEquals(List.of(), wrong);
    }

    @Test
    void theTokenServiceGrantsTheTablesRegistryActions() {
        Map<Who, Set<String>> expected = Map.of(Who.ADMIN, Set.of("pull", "push", "delete", "*"),
                Who.PROJECT_ADMIN, Set.of("pull", "push", "delete", "*"), Who.MAINTAINER, Set.of("pull", "push", "delete", "*"),
                Who.DEVELOPER, Set.of("pull", "push"), Who.GUEST, Set.of("pull"), Who.LIMITED_GUEST, Set.of("pull"),
                Who.NON_MEMBER, Set.of(), Who.ANONYMOUS, Set.of());
        for (Who who : Who.values()) {
            Http.Response r = Http.get(Stack.url() + "/service/token?service=wharf-registry&scope=repository:" + project + "/app:pull,push,delete,*",
                    "Authorization", auth(who));
            assertEquals(200, r.status(), who + ": " + r);
            String[] parts = r.json().getString("token").split("\\.");
            var claims = jakarta.json.Json.createReader(new java.io.StringReader(new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                    java.nio.charset.StandardCharsets.UTF_8))).readObject();
            Set<String> actions = new TreeSet<>();
            claims.getJsonArray("access").forEach(a -> a.asJsonObject().getJsonArray("actions").forEach(x -> actions.add(((jakarta.json.JsonString) x).getString())));
            assertEquals(new TreeSet<>(expected.get(who)), actions, who.toString());
        }
    }
}

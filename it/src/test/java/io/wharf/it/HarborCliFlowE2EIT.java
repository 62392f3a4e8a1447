package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow of Harbor's own CLI and of its Terraform provider, call by call as they make them: ping
 * and system info, log in, a project with metadata, a member, listings with {@code q} and
 * {@code sort}, a tag added and deleted, labels, a copy, a scan and its report, then the artifact,
 * the repository and the project deleted. Images are pushed with skopeo; the vulnerability data
 * is the real Alpine secdb record the scanner's tests use.
 */
class HarborCliFlowE2EIT {
    final WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
    final String admin = api.adminAuth();
    final String v2 = Stack.url() + "/api/v2.0";

    @Test
    void aHarborCliUserRunsTheWholeLifeOfAProject(@TempDir Path dir) throws Exception {
        // Ping and system info: the first calls, anonymous; the request id is echoed or made.
        Http.Response ping = Http.get(v2 + "/ping", "X-Request-Id", "cli-flow-42");
        assertEquals(200, ping.status());
        assertEquals("Pong", ping.body());
        assertEquals("cli-flow-42", ping.header("X-Request-Id").orElse(""));
        assertFalse(Http.get(v2 + "/ping").header("X-Request-Id").orElse("").isBlank(), "an id is made when none is sent");
        JsonObject info = Http.get(v2 + "/systeminfo", "Authorization", admin).json();
        assertEquals(Stack.url(), info.getString("external_url"));
        assertTrue(info.getString("harbor_version").startsWith("v2."), info::toString);
        assertEquals("db_auth", info.getString("auth_mode"));

        // Log in: the CLI checks the credentials by reading the current user.
        assertEquals("admin", Http.get(v2 + "/users/current", "Authorization", admin).json().getString("username"));
        assertEquals(401, Http.get(v2 + "/users/current", "Authorization", Http.basic("admin", "wrong")).status());

        // A project with metadata, as the Terraform provider creates it.
        String project = WharfApi.unique("tf");
        Http.Response created = Http.postJson(v2 + "/projects", "{\"project_name\":\"" + project + "\",\"metadata\":{\"public\":\"false\","
                + "\"auto_scan\":\"false\",\"severity\":\"critical\",\"prevent_vul\":\"false\"}}", admin);
        assertEquals(201, created.status(), created::toString);
        JsonObject p = Http.get(v2 + "/projects/" + project, "Authorization", admin).json();
        assertEquals("critical", p.getJsonObject("metadata").getString("severity"));
        long projectId = p.getJsonNumber("project_id").longValue();
        assertEquals(project, Http.get(v2 + "/projects/" + projectId, "Authorization", admin).json().getString("name"), "by id too");

        // Members: one developer and one guest, found by the user search; the list pages with a Link.
        String dev = api.createUser(WharfApi.unique("dev"));
        String guest = api.createUser(WharfApi.unique("guest"));
        JsonArray found = Http.get(v2 + "/users/search?username=" + dev, "Authorization", admin).jsonArray();
        assertEquals(dev, found.getJsonObject(0).getString("username"));
        api.addMember(project, dev, 2);
        api.addMember(project, guest, 3);
        Http.Response page1 = Http.get(v2 + "/projects/" + project + "/members?page=1&page_size=2", "Authorization", admin);
        assertEquals("3", page1.header("X-Total-Count").orElse(""), "admin, developer and guest");
        assertTrue(page1.header("Link").orElse("").contains("rel=\"next\""), page1.headers()::toString);
        JsonObject summary = Http.get(v2 + "/projects/" + project + "/summary", "Authorization", admin).json();
        assertEquals(1, summary.getInt("developer_count"));
        assertEquals(1, summary.getInt("guest_count"));
        JsonArray devPermissions = Http.get(v2 + "/users/current/permissions?scope=/project/" + projectId + "&relative=true",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD)).jsonArray();
        assertTrue(has(devPermissions, "tag", "create"), devPermissions::toString);
        assertFalse(has(devPermissions, "repository", "delete"), "a developer does not delete repositories");

        // Two repositories: the listings filter with q and order with sort.
        String appDigest = push(dir.resolve("app"), project + "/app", ScanE2EIT.ALPINE_AOM);
        Thread.sleep(20);
        push(dir.resolve("tool"), project + "/tools/tool", Map.of());
        JsonArray apps = Http.get(v2 + "/projects/" + project + "/repositories?q=" + enc("name=~app"), "Authorization", admin).jsonArray();
        assertEquals(List.of(project + "/app"), names(apps));
        JsonArray newestFirst = Http.get(v2 + "/projects/" + project + "/repositories?sort=-creation_time", "Authorization", admin).jsonArray();
        assertEquals(List.of(project + "/tools/tool", project + "/app"), names(newestFirst));
        JsonArray everywhere = Http.get(v2 + "/repositories?q=" + enc("name=~" + project) + "&sort=name", "Authorization", admin).jsonArray();
        assertEquals(List.of(project + "/app", project + "/tools/tool"), names(everywhere));
        assertEquals(400, Http.get(v2 + "/repositories?sort=-colour", "Authorization", admin).status(), "an unknown sort field is refused");
        JsonArray tagged = Http.get(v2 + "/projects/" + project + "/repositories/app/artifacts?q=" + enc("tags=*") + "&sort=-push_time",
                "Authorization", admin).jsonArray();
        assertEquals(1, tagged.size());
        JsonObject artifact = tagged.getJsonObject(0);
        assertEquals(appDigest, artifact.getString("digest"));
        assertEquals(project + "/app", artifact.getString("repository_name"));
        assertEquals("IMAGE", artifact.getString("type"));

        // A tag added through the API can be pulled; deleted, it is gone from the listings.
        String app = v2 + "/projects/" + project + "/repositories/app/artifacts/";
        assertEquals(201, Http.postJson(app + appDigest + "/tags", "{\"name\":\"release\"}", Http.basic(dev, WharfApi.PASSWORD)).status());
        assertEquals(409, Http.postJson(app + appDigest + "/tags", "{\"name\":\"release\"}", admin).status(), "the tag exists");
        Cmd.Result inspected = Images.inspect("docker://" + Stack.host() + "/" + project + "/app:release", "admin:" + Stack.adminPassword());
        assertTrue(inspected.ok(), inspected::toString);
        assertTrue(tagNames(app + appDigest + "/tags").contains("release"));
        assertEquals(403, Http.send("DELETE", app + appDigest + "/tags/release", null, "Authorization", Http.basic(dev, WharfApi.PASSWORD)).status(),
                "a developer does not delete tags");
        assertEquals(200, Http.send("DELETE", app + appDigest + "/tags/release", null, "Authorization", admin).status());
        assertFalse(tagNames(app + appDigest + "/tags").contains("release"));
        assertEquals(0, Http.get(v2 + "/projects/" + project + "/repositories/app/artifacts?q=" + enc("tags=release"),
                "Authorization", admin).jsonArray().size());

        // Build history from the image config, as the portal's "Build History" tab reads it.
        Http.Response history = Http.get(app + appDigest + "/additions/build_history", "Authorization", admin);
        assertEquals(200, history.status(), history::toString);
        assertFalse(history.jsonArray().isEmpty(), "umoci records a history entry per layer");
        assertEquals(404, Http.get(app + appDigest + "/additions/readme.md", "Authorization", admin).status());

        // A project label, attached and used as a filter.
        Http.Response label = Http.postJson(v2 + "/labels", "{\"name\":\"prod\",\"color\":\"#ff0000\",\"scope\":\"p\",\"project_id\":"
                + projectId + "}", admin);
        assertEquals(201, label.status(), label::toString);
        long labelId = Long.parseLong(label.header("Location").orElseThrow().replaceAll(".*/", ""));
        assertEquals(200, Http.postJson(app + "v1/labels", "{\"id\":" + labelId + "}", Http.basic(dev, WharfApi.PASSWORD)).status());
        JsonArray labelled = Http.get(v2 + "/projects/" + project + "/repositories/app/artifacts?with_label=true&q=" + enc("labels=(" + labelId + ")"),
                "Authorization", admin).jsonArray();
        assertEquals(1, labelled.size());
        assertEquals("prod", labelled.getJsonObject(0).getJsonArray("labels").getJsonObject(0).getString("name"));
        assertEquals(403, Http.postJson(v2 + "/labels", "{\"name\":\"global\",\"scope\":\"g\"}", Http.basic(dev, WharfApi.PASSWORD)).status(),
                "only administrators make global labels");

        // A copy into another repository: the registry mounts the blobs; the copy pulls.
        Http.Response copied = Http.send("POST", v2 + "/projects/" + project + "/repositories/copied/artifacts?from="
                + enc(project + "/app:v1"), null, "Authorization", admin);
        assertEquals(201, copied.status(), copied::toString);
        Cmd.Result copy = Images.inspect("docker://" + Stack.host() + "/" + project + "/copied:v1", "admin:" + Stack.adminPassword());
        assertTrue(copy.ok(), copy::toString);
        assertEquals(appDigest, Http.get(v2 + "/projects/" + project + "/repositories/copied/artifacts/v1", "Authorization", admin)
                .json().getString("digest"));

        // Scan and read the report.
        Path data = Stack.root().resolve("scanner/src/test/resources/vulndata").toAbsolutePath().normalize();
        Cmd.Result imported = Stack.wharf("vulndb", "import", data.resolve("alpine/v3.18").toString());
        assertTrue(imported.ok(), imported::toString);
        assertEquals(202, Http.send("POST", app + "v1/scan", null, "Authorization", admin).status());
        ScanE2EIT.api = api;
        ScanE2EIT.awaitScan(project, "app", "v1", "Success");
        JsonObject report = Http.get(app + "v1/additions/vulnerabilities", "Authorization", admin).json().getJsonObject(ScanE2EIT.MIME);
        ScanE2EIT.find(report.getJsonArray("vulnerabilities"), "CVE-2021-30473");

        // The project cannot go while it has repositories; the artifact, the repositories, then the project go.
        assertFalse(Http.get(v2 + "/projects/" + project + "/_deletable", "Authorization", admin).json().getBoolean("deletable"));
        Http.Response refused = Http.send("DELETE", v2 + "/projects/" + project, null, "Authorization", admin);
        assertEquals(412, refused.status(), refused::toString);
        assertTrue(refused.body().contains("repositories"), refused::toString);
        assertEquals(200, Http.send("DELETE", v2 + "/projects/" + project + "/repositories/copied/artifacts/v1", null, "Authorization", admin).status());
        assertEquals(404, Http.get(v2 + "/projects/" + project + "/repositories/copied", "Authorization", admin).status(),
                "a repository whose last artifact went is gone");
        assertEquals(403, Http.send("DELETE", v2 + "/projects/" + project + "/repositories/app", null, "Authorization",
                Http.basic(dev, WharfApi.PASSWORD)).status(), "a developer does not delete repositories");
        for (String repository : List.of("app", "tools%252Ftool")) {
            Http.Response deleted = Http.send("DELETE", v2 + "/projects/" + project + "/repositories/" + repository, null, "Authorization", admin);
            assertEquals(200, deleted.status(), deleted::toString);
        }
        Cmd.Result gone = Images.inspect("docker://" + Stack.host() + "/" + project + "/app@" + appDigest, "admin:" + Stack.adminPassword());
        assertFalse(gone.ok(), "the registry no longer serves the deleted repository's manifest");
        assertTrue(Http.get(v2 + "/projects/" + project + "/_deletable", "Authorization", admin).json().getBoolean("deletable"));
        assertEquals(200, Http.send("DELETE", v2 + "/projects/" + project, null, "Authorization", admin).status());
        assertEquals(404, Http.get(v2 + "/projects/" + project, "Authorization", admin).status());
        assertEquals(404, Http.get(v2 + "/labels/" + labelId, "Authorization", admin).status(), "the project's labels went with it");
        JsonArray log = Http.get(v2 + "/audit-logs?page_size=100", "Authorization", admin).jsonArray();
        assertTrue(log.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("resource").equals(project + "/app")
                && e.getString("operation").equals("delete")), "the repository's deletion is audited");
        assertNotEquals(0, log.size());
    }

    String push(Path dir, String repository, Map<String, String> files) throws Exception {
        ScanE2EIT.api = api;
        return ScanE2EIT.push(dir, repository, files);
    }

    List<String> tagNames(String url) {
        return Http.get(url, "Authorization", admin).jsonArray().stream().map(t -> ((JsonObject) t).getString("name")).toList();
    }

    static List<String> names(JsonArray repositories) {
        return repositories.stream().map(r -> ((JsonObject) r).getString("name")).toList();
    }

    static boolean has(JsonArray permissions, String resource, String action) {
        return permissions.stream().map(JsonObject.class::cast)
                .anyMatch(p -> p.getString("resource").equals(resource) && p.getString("action").equals(action));
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}

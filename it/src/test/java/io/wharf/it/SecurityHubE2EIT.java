package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.CosignSignatures;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security hub on the started stack (Harbor's {@code /security/summary} and {@code /security/vul}) and the
 * system CVE allowlist: an image with real Alpine secdb and GHSA findings is pushed with skopeo and scanned, then
 * found again by CVE, digest, repository, tag, severity and CVSS range; the summary counts it and not its
 * signature; the system allowlist lets a project that reuses it pull the image its policy blocked.
 */
class SecurityHubE2EIT {
    private static final String BASE = Stack.url() + "/api/v2.0";
    private static WharfApi api;

    @BeforeAll
    static void importVulnerabilityData() {
        ScanE2EIT.importVulnerabilityData();
        api = ScanE2EIT.api;
    }

    @Test
    void administratorsFindEveryFindingByCveDigestTagSeverityAndScore(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("hub"), false);
        String owner = api.createUser(WharfApi.unique("hubowner"));
        api.addMember(project, owner, 1);
        String repo = project + "/app";
        String digest = ScanE2EIT.push(dir, repo, ScanE2EIT.merge(ScanE2EIT.ALPINE_AOM, ScanE2EIT.LODASH));
        assertEquals(202, Http.send("POST", ScanE2EIT.artifactUrl(project, "app", "v1") + "/scan", null,
                "Authorization", api.adminAuth()).status());
        JsonObject overview = ScanE2EIT.awaitScan(project, "app", "v1", "Success");
        int findings = overview.getJsonObject("summary").getInt("total");
        assertTrue(findings >= 3, overview::toString);

        // Every finding of the artifact, found by its digest, with where it is.
        Http.Response byDigest = vul("digest=" + digest, "&page_size=100&with_tag=true");
        assertEquals(200, byDigest.status(), byDigest::toString);
        JsonArray all = byDigest.jsonArray();
        assertEquals(findings, all.size(), byDigest::toString);
        assertEquals(String.valueOf(findings), byDigest.header("X-Total-Count").orElse(""));
        Set<String> cves = new HashSet<>();
        for (JsonObject v : all.getValuesAs(JsonObject.class)) {
            assertEquals(repo, v.getString("repository_name"));
            assertEquals(digest, v.getString("digest"));
            assertEquals("v1", v.getJsonArray("tags").getString(0));
            cves.add(v.getString("cve_id"));
        }
        // The GHSA advisory is shown under the CVE it names; the Alpine finding under its own CVE.
        assertTrue(cves.containsAll(Set.of("CVE-2021-23337", "CVE-2020-8203", "CVE-2021-30473")), cves::toString);

        // By CVE (an alias of the GHSA record) and repository: lodash, with its NVD score and its fix.
        JsonArray lodash = vul("cve_id=CVE-2021-23337,repository_name=" + repo, "").jsonArray();
        assertEquals(1, lodash.size(), lodash::toString);
        JsonObject item = lodash.getJsonObject(0);
        assertEquals("lodash", item.getString("package"));
        assertEquals("4.17.19", item.getString("version"));
        assertEquals("4.17.21", item.getString("fixed_version"));
        assertEquals("High", item.getString("severity"));
        assertEquals("fixed", item.getString("status"));
        assertTrue(item.containsKey("cvss_v3_score"), item::toString);
        assertEquals(7.2, item.getJsonNumber("cvss_v3_score").doubleValue(), 0.001);
        assertFalse(item.containsKey("tags"), "tags only with with_tag=true");
        assertTrue(item.getJsonArray("links").size() > 0);
        assertTrue(item.getJsonNumber("project_id").longValue() > 0);

        // Score ranges and severities narrow the search; tags and packages too.
        assertTrue(ids(vul("digest=" + digest + ",cvss_score_v3=[7~7.5]", "")).contains("CVE-2021-23337"));
        assertFalse(ids(vul("digest=" + digest + ",cvss_score_v3=[8~10]", "")).contains("CVE-2021-23337"));
        for (JsonObject v : vul("digest=" + digest + ",severity=High", "&page_size=100").jsonArray().getValuesAs(JsonObject.class)) {
            assertEquals("High", v.getString("severity"));
        }
        assertEquals(2, vul("repository_name=" + repo + ",package=lodash,tag=v1", "").jsonArray().size());
        assertEquals(0, vul("repository_name=" + repo + ",tag=no-such-tag", "").jsonArray().size());

        // Paging: one finding a page, the total and a link to the next page.
        Http.Response first = vul("digest=" + digest, "&page=1&page_size=1");
        assertEquals(1, first.jsonArray().size());
        assertEquals(String.valueOf(findings), first.header("X-Total-Count").orElse(""));
        assertTrue(first.header("Link").orElse("").contains("rel=\"next\""), first.headers()::toString);
        assertEquals(String.valueOf(findings), vul("digest=" + digest, "&tune_count=true").header("X-Total-Count").orElse(""));

        // Bad searches are the client's mistake, said in the API's format.
        for (String bad : new String[] {"severity=Dreadful", "nope=1", "cvss_score_v3=[x~9]", "project_id=abc", "status=maybe"}) {
            Http.Response r = vul(bad, "");
            assertEquals(400, r.status(), bad + ": " + r);
            assertEquals("BAD_REQUEST", r.errorCode());
        }
        assertEquals(400, vul("digest=" + digest, "&page_size=1000").status());

        // Administrators only: a project admin is refused, an anonymous caller asked to sign in.
        assertEquals(403, Http.get(BASE + "/security/summary", "Authorization", Http.basic(owner, WharfApi.PASSWORD)).status());
        assertEquals(403, Http.get(BASE + "/security/vul", "Authorization", Http.basic(owner, WharfApi.PASSWORD)).status());
        assertEquals(401, Http.get(BASE + "/security/vul").status());

        // The summary: counts add up, the artifact is scanned, and its signature is not an artifact of its own.
        JsonObject before = summary();
        assertEquals(before.getJsonNumber("total_vuls").longValue(), before.getJsonNumber("critical_cnt").longValue()
                + before.getJsonNumber("high_cnt").longValue() + before.getJsonNumber("medium_cnt").longValue()
                + before.getJsonNumber("low_cnt").longValue() + before.getJsonNumber("unknown_cnt").longValue()
                + before.getJsonNumber("none_cnt").longValue(), before::toString);
        assertTrue(before.getJsonNumber("high_cnt").longValue() >= 2, before::toString);
        assertTrue(before.getJsonNumber("scanned_cnt").longValue() >= 1);
        assertTrue(before.getJsonNumber("scanned_cnt").longValue() <= before.getJsonNumber("total_artifact").longValue());
        assertTrue(before.containsKey("dangerous_artifacts") && before.containsKey("dangerous_cves"), before::toString);
        for (JsonObject a : before.getJsonArray("dangerous_artifacts").getValuesAs(JsonObject.class)) {
            assertTrue(a.getInt("critical_cnt") + a.getInt("high_cnt") + a.getInt("medium_cnt") > 0, a::toString);
        }
        assertFalse(Http.get(BASE + "/security/summary", "Authorization", api.adminAuth()).json().containsKey("dangerous_cves"));

        String token = api.token("admin", Stack.adminPassword(), "repository:" + repo + ":pull,push");
        Http.Response signed = CosignSignatures.push(repo, token, digest);
        assertEquals(201, signed.status(), signed::toString);
        Eventually.await("the signature to be recorded", Duration.ofSeconds(30),
                () -> Http.get(ScanE2EIT.artifactUrl(project, "app", "v1") + "/accessories", "Authorization", api.adminAuth()).jsonArray().size(),
                n -> n == 1);
        assertEquals(before.getJsonNumber("total_artifact").longValue(), summary().getJsonNumber("total_artifact").longValue(),
                "a signature is an accessory, not an artifact to scan");
    }

    @Test
    void aProjectThatReusesTheSystemAllowlistPullsWhatItAllows(@TempDir Path dir) throws Exception {
        String user = api.createUser(WharfApi.unique("reader"));
        Http.Response read = Http.get(BASE + "/system/CVEAllowlist", "Authorization", Http.basic(user, WharfApi.PASSWORD));
        assertEquals(200, read.status(), read::toString);
        assertEquals(0, read.json().getInt("project_id"));
        String both = "{\"items\":[{\"cve_id\":\"CVE-2021-23337\"},{\"cve_id\":\"CVE-2020-8203\"}]}";
        assertEquals(403, Http.putJson(BASE + "/system/CVEAllowlist", both, Http.basic(user, WharfApi.PASSWORD)).status());
        assertEquals(401, Http.putJson(BASE + "/system/CVEAllowlist", both, null).status());
        Http.Response bad = Http.putJson(BASE + "/system/CVEAllowlist", "{\"items\":[{\"cve_id\":\"not an id\"}]}", api.adminAuth());
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(400, Http.putJson(BASE + "/system/CVEAllowlist", "{\"items\":[],\"expires_at\":-5}", api.adminAuth()).status());

        String project = api.createProject(WharfApi.unique("reuse"), false);
        String url = BASE + "/projects/" + project;
        assertEquals(200, Http.putJson(url, "{\"metadata\":{\"prevent_vul\":\"true\",\"severity\":\"high\"}}", api.adminAuth()).status());
        String repo = project + "/web";
        ScanE2EIT.push(dir, repo, ScanE2EIT.LODASH);
        assertEquals(202, Http.send("POST", ScanE2EIT.artifactUrl(project, "web", "v1") + "/scan", null, "Authorization", api.adminAuth()).status());
        ScanE2EIT.awaitScan(project, "web", "v1", "Success");
        String ref = "docker://" + Stack.host() + "/" + repo + ":v1";
        assertFalse(ScanE2EIT.pull(ref, dir.resolve("blocked")).ok(), "lodash's two High findings are refused");

        try {
            assertEquals(200, Http.putJson(BASE + "/system/CVEAllowlist", both, api.adminAuth()).status());
            JsonArray items = Http.get(BASE + "/system/CVEAllowlist", "Authorization", api.adminAuth()).json().getJsonArray("items");
            assertEquals(2, items.size(), items::toString);
            // The project keeps its own (empty) allowlist until it says it reuses the system's.
            assertFalse(ScanE2EIT.pull(ref, dir.resolve("own-list")).ok());
            assertEquals(200, Http.putJson(url, "{\"metadata\":{\"reuse_sys_cve_allowlist\":\"true\"}}", api.adminAuth()).status());
            // a policy change is read again within scan.policy.cache.seconds
            Eventually.await("the pull allowed by the system allowlist", Duration.ofSeconds(30),
                    () -> ScanE2EIT.pull(ref, dir.resolve("allowed-" + System.nanoTime())).ok(), ok -> ok);
            // An expired system list allows nothing any more.
            assertEquals(200, Http.putJson(BASE + "/system/CVEAllowlist", both.replace("]}", "],\"expires_at\":1000}"),
                    api.adminAuth()).status());
            Cmd.Result expired = ScanE2EIT.pull(ref, dir.resolve("expired"));
            assertFalse(expired.ok(), expired::toString);
        } finally {
            assertEquals(200, Http.putJson(BASE + "/system/CVEAllowlist", "{\"items\":[]}", api.adminAuth()).status());
        }
    }

    private static Http.Response vul(String q, String more) {
        return Http.get(BASE + "/security/vul?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more, "Authorization", api.adminAuth());
    }

    private static Set<String> ids(Http.Response r) {
        Set<String> ids = new HashSet<>();
        for (JsonObject v : r.jsonArray().getValuesAs(JsonObject.class)) ids.add(v.getString("cve_id"));
        return ids;
    }

    private static JsonObject summary() {
        Http.Response r = Http.get(BASE + "/security/summary?with_dangerous_cve=true&with_dangerous_artifact=true",
                "Authorization", api.adminAuth());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}

package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WebhookReceiver;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web portal in a real browser: Debian's headless chromium, driven by playwright-core from
 * {@code it/browser/portal-e2e.mjs}. A project admin signs in, finds the repository an image was
 * pushed to with skopeo, switches scan on push, scans the tag, watches the scan end without a
 * reload, reads a finding, filters, reads the scan log, makes a project label and puts it on the
 * artifact, requires cosign signatures in the project's configuration, and logs out. An administrator
 * schedules garbage collection, reads a dry run's log, makes a project with a quota and changes it. Screenshots of each step
 * stay in {@code it/target/portal-screenshots}.
 */
class PortalE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final Path BROWSER_DIR = Stack.root().resolve("it/browser").toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Stack.root().resolve("it/target/portal-screenshots").toAbsolutePath().normalize();
    private static final String REPOSITORY = "shop/web";
    private static final String TAG = "1.0";
    private static String user;
    private static String project;
    private static String digest;

    @BeforeAll
    static void arrange(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(Path.of(chromium())), "no chromium at " + chromium() + ": run bin/wharf test-deps as root");
        // Screenshots of an earlier run must not pass for this one's.
        if (Files.isDirectory(SCREENSHOTS)) {
            try (Stream<Path> old = Files.list(SCREENSHOTS)) {
                for (Path f : old.toList()) Files.delete(f);
            }
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            Cmd.Result npm = Cmd.run("npm", "ci", "--prefix", BROWSER_DIR.toString(), "--no-audit", "--no-fund");
            assertTrue(npm.ok(), "npm ci in " + BROWSER_DIR + ": " + npm);
        }
        Path vulndata = Stack.root().resolve("scanner/src/test/resources/vulndata").toAbsolutePath().normalize();
        Cmd.Result imported = Stack.wharf("vulndb", "import", vulndata.resolve("alpine/v3.18").toString(), vulndata.resolve("osv").toString(),
                vulndata.resolve("nvd/2021/CVE-2021-23337.json").toString());
        assertEquals(0, imported.exit(), imported::toString);

        user = API.createUser(WharfApi.unique("portal"));
        project = API.createProject(WharfApi.unique("portal"), false);
        API.addMember(project, user, 1);
        Path layout = vulnerableImage(dir);
        Path digestFile = dir.resolve("digest");
        Cmd.Result push = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + project + "/" + REPOSITORY + ":" + TAG,
                null, user + ":" + WharfApi.PASSWORD, digestFile);
        assertTrue(push.ok(), push::toString);
        digest = Files.readString(digestFile).strip();
        Eventually.await("the pushed artifact", Duration.ofSeconds(30), () -> artifact(false), a -> a != null);
    }

    @Test
    void signInScanAndReadAFinding() throws Exception {
        Cmd.Result run = Cmd.runWithEnv(Map.ofEntries(
                Map.entry("WHARF_URL", Stack.url()),
                Map.entry("WHARF_USER", user),
                Map.entry("WHARF_PASSWORD", WharfApi.PASSWORD),
                Map.entry("WHARF_PROJECT", project),
                Map.entry("WHARF_REPOSITORY", REPOSITORY),
                Map.entry("WHARF_TAG", TAG),
                // lodash 4.17.15 in node_modules: GitHub's advisory for the template command injection, fixed in 4.17.21.
                Map.entry("WHARF_EXPECT_VULN", "GHSA-35jh-r3h4-6jhm"),
                Map.entry("WHARF_EXPECT_PACKAGE", "lodash"),
                Map.entry("WHARF_EXPECT_FIX", "4.17.21"),
                // rated by the NVD's record of its CVE (CVE-2021-23337): CVSS 3.1 7.2, CWE-94
                Map.entry("WHARF_EXPECT_RATING", "Rated by NVD · CVSS 3.1 7.2 CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H · CWE-94"),
                Map.entry("WHARF_SCREENSHOTS", SCREENSHOTS.toString()),
                Map.entry("CHROMIUM", chromium())),
                "node", BROWSER_DIR.resolve("portal-e2e.mjs").toString());
        System.out.println(run.output());
        assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());

        // What the clicks did is what the server holds.
        JsonObject overview = artifact(true).getJsonObject("scan_overview")
                .getJsonObject("application/vnd.security.vulnerability.report; version=1.1");
        assertEquals("Success", overview.getString("scan_status"), overview::toString);
        JsonObject meta = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", API.adminAuth()).json().getJsonObject("metadata");
        assertEquals("true", meta.getString("auto_scan"), meta::toString);
        // The policies page made one immutability rule and a retention policy whose dry run kept the artifact.
        assertEquals(1, Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/immutabletagrules", "Authorization", API.adminAuth()).jsonArray().size());
        JsonObject retentionRun = Http.get(Stack.url() + "/api/v2.0/retentions/" + meta.getString("retention_id") + "/executions", "Authorization", API.adminAuth())
                .jsonArray().getJsonObject(0);
        assertTrue(retentionRun.getBoolean("dry_run") && retentionRun.getString("status").equals("Success"), retentionRun::toString);
        assertTrue(artifact(false) != null, "a dry run deletes nothing");

        List<String> shots;
        try (Stream<Path> files = Files.list(SCREENSHOTS)) {
            shots = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String name : List.of("01-sign-in-refused.png", "02-projects.png", "04-repository-not-scanned.png",
                "06-repository-scanned.png", "07-artifact.png", "09-artifact-log.png", "10-project-labels.png", "11-artifact-labelled.png", "11-artifact-sbom.png",
                "12-project-configuration.png",
                "12-project-policies.png")) {
            assertTrue(shots.contains(name) && Files.size(SCREENSHOTS.resolve(name)) > 10_000, "screenshot " + name + " missing: " + shots);
        }
    }

    @Test
    void aProjectAdminMakesAWebhookAndSeesItsTestEventDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String path = "/ok/" + project + "/portal";
            Cmd.Result run = Cmd.runWithEnv(Map.of(
                    "WHARF_URL", Stack.url(),
                    "WHARF_USER", user,
                    "WHARF_PASSWORD", WharfApi.PASSWORD,
                    "WHARF_PROJECT", project,
                    "WHARF_WEBHOOK_URL", receiver.url(path),
                    "WHARF_SCREENSHOTS", SCREENSHOTS.toString(),
                    "CHROMIUM", chromium()),
                    "node", BROWSER_DIR.resolve("webhooks-e2e.mjs").toString());
            System.out.println(run.output());
            assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
            List<WebhookReceiver.Delivery> got = receiver.received(path);
            assertEquals(1, got.size(), got::toString);
            assertEquals("PUSH_ARTIFACT", got.get(0).body().getString("type"));
            assertEquals("Bearer from-the-portal", got.get(0).authorization());
            assertTrue(got.get(0).eventId().startsWith("test-"), got.get(0).eventId());
        }
    }

    @Test
    void administratorCreatesARobotCopiesItsSecretOnceAndDisablesIt() {
        String robot = WharfApi.unique("bot").toLowerCase();
        Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "admin",
                "WHARF_PASSWORD", Stack.adminPassword(), "WHARF_PROJECT", project, "WHARF_ROBOT", robot,
                "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                "node", BROWSER_DIR.resolve("robots-e2e.mjs").toString());
        System.out.println(run.output());
        assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
        // What the clicks did is what the server holds: the robot exists, disabled, with the picked permissions.
        jakarta.json.JsonArray robots = Http.get(Stack.url() + "/api/v2.0/robots?page_size=100", "Authorization", API.adminAuth()).jsonArray();
        JsonObject made = robots.stream().map(v -> v.asJsonObject())
                .filter(r -> r.getString("name").equals("robot$" + project + "+" + robot)).findFirst().orElseThrow();
        assertTrue(made.getBoolean("disable"), made::toString);
        assertTrue(made.getJsonArray("permissions").toString().contains("\"push\""), made::toString);
    }

    @Test
    void administratorDisablesAUserOnTheUsersPageAndEnablesThemAgain() {
        String target = API.createUser(WharfApi.unique("off"));
        Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "admin",
                "WHARF_PASSWORD", Stack.adminPassword(), "WHARF_TARGET_USER", target, "WHARF_TARGET_PASSWORD", WharfApi.PASSWORD,
                "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                "node", BROWSER_DIR.resolve("users-e2e.mjs").toString());
        System.out.println(run.output());
        assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
        JsonObject after = Http.get(Stack.url() + "/api/v2.0/users?page_size=100", "Authorization", API.adminAuth()).jsonArray()
                .stream().map(v -> v.asJsonObject()).filter(u -> u.getString("username").equals(target)).findFirst().orElseThrow();
        assertFalse(after.getBoolean("disabled"), after::toString);
    }

    @Test
    void aProjectAdminMakesARobotOnTheProjectsRobotAccountsTab() {
        String robot = WharfApi.unique("tabbot").toLowerCase();
        Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", user,
                "WHARF_PASSWORD", WharfApi.PASSWORD, "WHARF_PROJECT", project, "WHARF_ROBOT", robot,
                "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                "node", BROWSER_DIR.resolve("project-robots-e2e.mjs").toString());
        System.out.println(run.output());
        assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
        JsonObject made = Http.get(Stack.url() + "/api/v2.0/robots?page_size=100", "Authorization", API.adminAuth()).jsonArray()
                .stream().map(v -> v.asJsonObject()).filter(r -> r.getString("name").equals("robot$" + project + "+" + robot))
                .findFirst().orElseThrow();
        assertEquals("project", made.getString("level"));
        assertTrue(made.getJsonArray("permissions").toString().contains("\"push\""), made::toString);
    }

    @Test
    void administratorSchedulesGarbageCollectionReadsADryRunsLogAndMakesAProjectWithAQuota() throws Exception {
        String made = WharfApi.unique("portalq");
        try {
            Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "admin",
                    "WHARF_PASSWORD", Stack.adminPassword(), "WHARF_NEW_PROJECT", made, "WHARF_QUOTA_MIB", "512",
                    "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                    "node", BROWSER_DIR.resolve("storage-e2e.mjs").toString());
            System.out.println(run.output());
            assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
            // What the clicks did is what the server holds.
            JsonObject schedule = Http.get(Stack.url() + "/api/v2.0/system/gc/schedule", "Authorization", API.adminAuth()).json();
            assertEquals("Daily", schedule.getJsonObject("schedule").getString("type"), schedule::toString);
            assertTrue(schedule.getString("job_parameters").contains("\"delete_untagged\":true"), schedule::toString);
            String id = run.output().lines().filter(l -> l.startsWith("GC_RUN=")).findFirst().orElseThrow().substring("GC_RUN=".length());
            JsonObject gc = Http.get(Stack.url() + "/api/v2.0/system/gc/" + id, "Authorization", API.adminAuth()).json();
            assertEquals("Success", gc.getString("job_status"), gc::toString);
            assertTrue(gc.getString("job_parameters").contains("\"dry_run\":true"), gc::toString);
            long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + made, "Authorization", API.adminAuth()).json()
                    .getJsonNumber("project_id").longValue();
            JsonObject quota = Http.get(Stack.url() + "/api/v2.0/quotas?reference=project&reference_id=" + projectId, "Authorization",
                    API.adminAuth()).jsonArray().getJsonObject(0);
            assertEquals(512L * 1024 * 1024, quota.getJsonObject("hard").getJsonNumber("storage").longValue(), quota::toString);
        } finally {
            // The stack is shared by the other tests: no schedule stays behind.
            Http.putJson(Stack.url() + "/api/v2.0/system/gc/schedule", "{\"schedule\":{\"type\":\"None\"}}", API.adminAuth());
        }
    }

    @Test
    void administratorCreatesAProxyCacheProjectOfARegistryEndpoint() {
        // An endpoint is saved even when nothing answers at its address (it is then unhealthy).
        Http.Response endpoint = Http.postJson(Stack.url() + "/api/v2.0/registries", "{\"name\":\"" + WharfApi.unique("portal-up")
                + "\",\"type\":\"docker-registry\",\"url\":\"http://127.0.0.1:9\"}", API.adminAuth());
        assertEquals(201, endpoint.status(), endpoint::toString);
        String location = endpoint.header("Location").orElseThrow();
        String endpointId = location.substring(location.lastIndexOf('/') + 1);
        String proxyProject = WharfApi.unique("portal-proxy");
        Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "admin",
                "WHARF_PASSWORD", Stack.adminPassword(), "WHARF_PROJECT", proxyProject, "WHARF_ENDPOINT_ID", endpointId,
                "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                "node", BROWSER_DIR.resolve("proxy-project-e2e.mjs").toString());
        System.out.println(run.output());
        assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
        // What the clicks did is what the server holds: the project caches that endpoint.
        JsonObject made = Http.get(Stack.url() + "/api/v2.0/projects/" + proxyProject, "Authorization", API.adminAuth()).json();
        assertEquals(Long.parseLong(endpointId), made.getJsonNumber("registry_id").longValue(), made::toString);
    }

    @Test
    void administratorMakesAReplicationRuleRunsItAndReadsATaskLog(@TempDir Path dir) throws Exception {
        try (io.wharf.it.support.OtherRegistry peer = io.wharf.it.support.OtherRegistry.start(dir.resolve("peer"),
                io.wharf.it.support.OtherRegistry.portAfterStackRegistry(34), null, null)) {
            Http.Response endpoint = Http.postJson(Stack.url() + "/api/v2.0/registries", "{\"name\":\"" + WharfApi.unique("peer")
                    + "\",\"type\":\"docker-registry\",\"url\":\"" + peer.url() + "\"}", API.adminAuth());
            assertEquals(201, endpoint.status(), endpoint::toString);
            String location = endpoint.header("Location").orElseThrow();
            Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "admin",
                    "WHARF_PASSWORD", Stack.adminPassword(), "WHARF_PROJECT", project, "WHARF_RULE", WharfApi.unique("rule"),
                    "WHARF_ENDPOINT", location.substring(location.lastIndexOf('/') + 1),
                    "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                    "node", BROWSER_DIR.resolve("replications-e2e.mjs").toString());
            System.out.println(run.output());
            assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
            // What the clicks did is at the peer: the image, digest for digest, under the rewritten name.
            Cmd.Result copied = Cmd.run("skopeo", "inspect", "--tls-verify=false", "--no-creds", "--format", "{{.Digest}}",
                    "docker://" + peer.hostPort() + "/portal/" + REPOSITORY + ":" + TAG);
            assertEquals(digest, copied.output().strip(), copied::toString);
        }
    }

    @Test
    void administratorFindsAVulnerabilityInTheSecurityHubAndAProjectReusesTheSystemAllowlist() throws Exception {
        // The image must have a report: scan it here, whichever test ran first.
        Http.send("POST", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + REPOSITORY.replace("/", "%252F")
                + "/artifacts/" + digest + "/scan", null, "Authorization", API.adminAuth());
        Eventually.await("the artifact's report", Duration.ofSeconds(120), () -> artifact(true),
                a -> a != null && a.containsKey("scan_overview") && "Success".equals(a.getJsonObject("scan_overview")
                        .getJsonObject("application/vnd.security.vulnerability.report; version=1.1").getString("scan_status")));
        try {
            Cmd.Result run = Cmd.runWithEnv(Map.of("WHARF_URL", Stack.url(), "WHARF_USER", "admin",
                    "WHARF_PASSWORD", Stack.adminPassword(), "WHARF_PROJECT", project, "WHARF_DIGEST", digest,
                    "WHARF_EXPECT_CVE", "CVE-2021-23337", "WHARF_ALLOW_CVE", "CVE-2021-23337\nCVE-2020-8203",
                    "WHARF_SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium()),
                    "node", BROWSER_DIR.resolve("security-hub-e2e.mjs").toString());
            System.out.println(run.output());
            assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
            // What the clicks did is what the server holds.
            jakarta.json.JsonArray items = Http.get(Stack.url() + "/api/v2.0/system/CVEAllowlist", "Authorization", API.adminAuth())
                    .json().getJsonArray("items");
            assertEquals(2, items.size(), items::toString);
            JsonObject meta = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", API.adminAuth()).json()
                    .getJsonObject("metadata");
            assertEquals("true", meta.getString("prevent_vul"), meta::toString);
            assertEquals("high", meta.getString("severity"), meta::toString);
            assertEquals("true", meta.getString("reuse_sys_cve_allowlist"), meta::toString);
        } finally {
            // The stack is shared by the other tests: no allowlist and no pull policy stay behind.
            Http.putJson(Stack.url() + "/api/v2.0/system/CVEAllowlist", "{\"items\":[]}", API.adminAuth());
            Http.putJson(Stack.url() + "/api/v2.0/projects/" + project, "{\"metadata\":{\"prevent_vul\":\"false\"}}", API.adminAuth());
        }
    }

    private static String chromium() { return System.getProperty("wharf.chromium", "/usr/bin/chromium"); }

    private static JsonObject artifact(boolean withScan) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + REPOSITORY.replace("/", "%252F")
                + "/artifacts/" + digest + (withScan ? "?with_scan_overview=true" : ""), "Authorization", API.adminAuth());
        return r.status() == 200 ? r.json() : null;
    }

    /** An Alpine 3.18 image with aom 3.1.0-r0 and lodash 4.17.15 installed (and a file no other image has). */
    private static Path vulnerableImage(Path dir) throws Exception {
        return Images.buildWith(dir, Map.of(
                "etc/alpine-release", "3.18.4\n",
                "lib/apk/db/installed", "C:Q1abc=\nP:aom\nV:3.1.0-r0\nA:x86_64\no:aom\n\n",
                "app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}\n"));
    }
}

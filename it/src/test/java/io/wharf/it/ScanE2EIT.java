package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan pipeline on the started stack: images pushed with skopeo, scanned through both API forms,
 * on push, by scan all and through Liberty's batch management; findings read back; a registry that
 * loses a layer; the pull policy and its allowlist. Vulnerability data: real Alpine secdb and OSV
 * (GHSA) records from the scanner's test resources.
 */
class ScanE2EIT {
    static final String MIME = "application/vnd.security.vulnerability.report; version=1.1";
    static final Duration LIMIT = Duration.ofSeconds(120);
    /** aom 3.1.0-r0 predates the 3.1.1-r0 fix the v3.18 secdb lists for CVE-2021-30473. */
    static final Map<String, String> ALPINE_AOM = Map.of(
            "etc/alpine-release", "3.18.4\n",
            "lib/apk/db/installed", "C:Q1abc=\nP:aom\nV:3.1.0-r0\nA:x86_64\no:aom\n\n");
    /** lodash 4.17.19: GHSA-35jh-r3h4-6jhm (CVE-2021-23337, High, fixed 4.17.21). */
    static final Map<String, String> LODASH = Map.of(
            "app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.19\"}\n");

    static WharfApi api;

    @BeforeAll
    static void importVulnerabilityData() {
        api = new WharfApi(Stack.url(), Stack.adminPassword());
        Path data = Stack.root().resolve("scanner/src/test/resources/vulndata").toAbsolutePath().normalize();
        Cmd.Result imported = Stack.wharf("vulndb", "import", data.resolve("alpine/v3.18").toString(), data.resolve("osv").toString(),
                data.resolve("nvd/2021/CVE-2021-23337.json").toString());
        assertTrue(imported.ok(), imported::toString);
    }

    @Test
    void aDeveloperScansThroughBothApiFormsAndReadsTheFindings(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("scan"), false);
        String dev = api.createUser(WharfApi.unique("dev"));
        String guest = api.createUser(WharfApi.unique("guest"));
        api.addMember(project, dev, 2);
        api.addMember(project, guest, 3);
        String digest = push(dir, project + "/app", merge(ALPINE_AOM, LODASH));
        String artifact = artifactUrl(project, "app", "v1");

        Http.Response byGuest = Http.send("POST", artifact + "/scan", null, "Authorization", Http.basic(guest, WharfApi.PASSWORD));
        assertEquals(403, byGuest.status(), byGuest::toString);
        assertEquals("FORBIDDEN", byGuest.errorCode());
        assertEquals(401, Http.send("POST", artifact + "/scan", null).status());
        assertEquals(404, Http.send("POST", artifactUrl(project, "app", "no-such-tag") + "/scan", null,
                "Authorization", Http.basic(dev, WharfApi.PASSWORD)).status());
        Http.Response badTag = Http.send("POST", artifactUrl(project, "app", "-bad-") + "/scan", null,
                "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(400, badTag.status(), badTag::toString);
        assertEquals("BAD_REQUEST", badTag.errorCode());
        assertEquals(400, Http.send("POST", artifactUrl(project, "app", "sha256:abc") + "/scan", null,
                "Authorization", Http.basic(dev, WharfApi.PASSWORD)).status());

        Http.Response asked = Http.send("POST", artifact + "/scan", null, "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(202, asked.status(), asked::toString);
        JsonObject overview = awaitScan(project, "app", "v1", "Success");
        assertEquals("High", overview.getString("severity"));
        String reportId = overview.getString("report_id");

        JsonObject report = Http.get(artifact + "/additions/vulnerabilities", "Authorization", Http.basic(guest, WharfApi.PASSWORD))
                .json().getJsonObject(MIME);
        JsonArray vulnerabilities = report.getJsonArray("vulnerabilities");
        JsonObject aom = find(vulnerabilities, "CVE-2021-30473");
        assertEquals("aom", aom.getString("package"));
        assertEquals("3.1.0-r0", aom.getString("version"));
        assertEquals("3.1.1-r0", aom.getString("fix_version"));
        JsonObject lodash = find(vulnerabilities, "GHSA-35jh-r3h4-6jhm");
        assertEquals("lodash", lodash.getString("package"));
        assertEquals("High", lodash.getString("severity"));
        assertEquals("4.17.21", lodash.getString("fix_version"));
        assertTrue(lodash.getJsonArray("links").size() > 0);
        // rated by the NVD's record of its CVE, CVE-2021-23337, in Harbor's report 1.1 terms
        assertEquals("nvd", lodash.getString("severity_source"));
        JsonObject cvss = lodash.getJsonObject("preferred_cvss");
        assertEquals(7.2, cvss.getJsonNumber("score_v3").doubleValue(), lodash::toString);
        assertEquals("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", cvss.getString("vector_v3"));
        assertEquals(6.5, cvss.getJsonNumber("score_v2").doubleValue());
        assertEquals("nvd", cvss.getString("source"));
        assertEquals("CWE-94", lodash.getJsonArray("cwe_ids").getString(0));
        assertEquals(7.2, lodash.getJsonObject("vendor_attributes").getJsonObject("CVSS").getJsonObject("nvd")
                .getJsonNumber("V3Score").doubleValue());
        assertFalse(aom.containsKey("severity_source"), "the Alpine secdb and no NVD record: nobody rates it");
        assertEquals(vulnerabilities.size(), overview.getJsonObject("summary").getInt("total"));
        assertEquals(digest, Http.get(artifact, "Authorization", api.adminAuth()).json().getString("digest"));

        // The report is saved before the job's last lines are written: read the log once it is complete.
        String log = Eventually.await("the scan's log to end", LIMIT,
                () -> Http.get(Stack.url() + "/api/jobs/scan/" + reportId + "/log", "Authorization", Http.basic(guest, WharfApi.PASSWORD)).body(),
                text -> text.contains("job ended: Success"));
        assertTrue(log.contains("step fetch-manifest started") && log.contains("report saved"), log);
        assertFalse(log.contains("Bearer "), "no credential in the log: " + log);
        assertEquals(log, Http.get(artifact + "/scan/" + reportId + "/log", "Authorization", api.adminAuth()).body());
        assertEquals(404, Http.get(Stack.url() + "/api/jobs/scan/no-such-scan/log", "Authorization", api.adminAuth()).status());

        // Harbor's older API: scan by repository and tag.
        Http.Response legacy = Http.send("POST", Stack.url() + "/api/repositories/" + project + "/app/tags/v1/scan", null,
                "Authorization", Http.basic(dev, WharfApi.PASSWORD));
        assertEquals(202, legacy.status(), legacy::toString);
        String second = legacy.header("X-Wharf-Scan-Id").orElseThrow();
        assertNotEquals(reportId, second);
        Eventually.await("the second scan", LIMIT, () -> overview(project, "app", "v1"),
                o -> o != null && o.getString("report_id").equals(second) && o.getString("scan_status").equals("Success"));
    }

    @Test
    void aProjectWithAutoScanScansWhatIsPushed(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("auto"), false);
        assertEquals(200, Http.putJson(Stack.url() + "/api/v2.0/projects/" + project, "{\"metadata\":{\"auto_scan\":\"true\"}}",
                api.adminAuth()).status());
        push(dir, project + "/pushed", ALPINE_AOM);
        JsonObject overview = awaitScan(project, "pushed", "v1", "Success");
        assertTrue(overview.getJsonObject("summary").getJsonObject("summary").getInt("Unknown") > 0, overview::toString);
        find(Http.get(artifactUrl(project, "pushed", "v1") + "/additions/vulnerabilities", "Authorization", api.adminAuth())
                .json().getJsonObject(MIME).getJsonArray("vulnerabilities"), "CVE-2021-30473");
    }

    @Test
    void aLayerTheRegistryLostFailsTheScanWithItsReasonAfterRetries(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("lost"), false);
        push(dir, project + "/broken", ALPINE_AOM);
        JsonObject manifest = Http.get(artifactUrl(project, "broken", "v1"), "Authorization", api.adminAuth()).json();
        String layer = manifest.getJsonArray("layers").getString(0);
        Path data = Stack.home().resolve("registry/docker/registry/v2/blobs/sha256/" + layer.substring(7, 9) + "/" + layer.substring(7) + "/data");
        assertTrue(Files.exists(data), data::toString);
        Files.delete(data);

        assertEquals(202, Http.send("POST", artifactUrl(project, "broken", "v1") + "/scan", null, "Authorization", api.adminAuth()).status());
        JsonObject overview = awaitScan(project, "broken", "v1", "Error");
        String log = Http.get(Stack.url() + "/api/jobs/scan/" + overview.getString("report_id") + "/log", "Authorization", api.adminAuth()).body();
        assertTrue(log.contains("cannot read layer " + layer), log);
        assertTrue(log.contains("attempt 3 of 3"), "retried up to max_fails: " + log);
        assertFalse(log.contains("report saved"), log);
        assertFalse(Http.get(artifactUrl(project, "broken", "v1") + "/additions/vulnerabilities", "Authorization", api.adminAuth())
                .json().containsKey(MIME), "no report was written");
    }

    @Test
    void thePolicyBlocksAVulnerablePullUntilTheAllowlistCoversIt(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("policy"), false);
        String url = Stack.url() + "/api/v2.0/projects/" + project;
        assertEquals(200, Http.putJson(url, "{\"metadata\":{\"prevent_vul\":\"true\",\"severity\":\"high\"}}", api.adminAuth()).status());
        String repo = project + "/web";
        push(dir, repo, LODASH);
        String ref = "docker://" + Stack.host() + "/" + repo + ":v1";
        assertTrue(pull(ref, dir.resolve("before-scan")).ok(), "not scanned yet: the pull goes ahead");

        assertEquals(202, Http.send("POST", artifactUrl(project, "web", "v1") + "/scan", null, "Authorization", api.adminAuth()).status());
        awaitScan(project, "web", "v1", "Success");
        Cmd.Result blocked = pull(ref, dir.resolve("blocked"));
        assertFalse(blocked.ok(), blocked::toString);
        assertTrue(blocked.output().contains("cannot be pulled due to configured policy"), blocked::toString);
        String token = api.token("admin", Stack.adminPassword(), "repository:" + repo + ":pull");
        Http.Response manifest = Http.get(Stack.url() + "/v2/" + repo + "/manifests/v1", "Authorization", Http.bearer(token),
                "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertEquals(412, manifest.status(), manifest::toString);
        assertEquals("PROJECTPOLICYVIOLATION", manifest.errorCode());

        // One of lodash's two findings allowed: still blocked; both (by CVE alias): the pull goes ahead.
        assertEquals(200, Http.putJson(url, "{\"cve_allowlist\":{\"items\":[{\"cve_id\":\"CVE-2021-23337\"}]}}", api.adminAuth()).status());
        assertFalse(pull(ref, dir.resolve("one-allowed")).ok());
        assertEquals(200, Http.putJson(url, "{\"cve_allowlist\":{\"items\":[{\"cve_id\":\"CVE-2021-23337\"},{\"cve_id\":\"CVE-2020-8203\"}]}}",
                api.adminAuth()).status());
        assertTrue(pull(ref, dir.resolve("allowed")).ok());
        JsonArray items = Http.get(url, "Authorization", api.adminAuth()).json().getJsonObject("cve_allowlist").getJsonArray("items");
        assertEquals(2, items.size());
        assertEquals(400, Http.putJson(url, "{\"cve_allowlist\":{\"items\":[{\"cve_id\":\"not an id\"}]}}", api.adminAuth()).status());
    }

    @Test
    void scanAllIsForAdministratorsAndScansEveryArtifactOnce(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("all"), false);
        String user = api.createUser(WharfApi.unique("nonadmin"));
        api.addMember(project, user, 1);
        for (String name : List.of("one", "two", "three")) push(dir.resolve(name), project + "/" + name, ALPINE_AOM);

        assertEquals(403, Http.send("POST", Stack.url() + "/api/repositories/scanAll", null,
                "Authorization", Http.basic(user, WharfApi.PASSWORD)).status());
        assertEquals(403, Http.get(Stack.url() + "/api/v2.0/scans/all/metrics", "Authorization", Http.basic(user, WharfApi.PASSWORD)).status());
        Eventually.await("no other scan all running", LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        String before = metrics().getString("start_time", "");
        Http.Response started = Http.send("POST", Stack.url() + "/api/repositories/scanAll", null, "Authorization", api.adminAuth());
        assertEquals(202, started.status(), started::toString);
        JsonObject done = Eventually.await("scan all to finish", Duration.ofSeconds(300), ScanE2EIT::metrics,
                m -> !m.getString("start_time", "").equals(before) && m.getString("trigger", "").equals("Manual")
                        && !m.getBoolean("ongoing") && m.getInt("total") > 0);
        assertEquals(done.getInt("total"), done.getJsonNumber("completed").intValue(), done::toString);
        long terminal = done.getJsonObject("metrics").values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        assertEquals(done.getInt("total"), terminal, "one scan per artifact, none twice: " + done);
        for (String name : List.of("one", "two", "three")) {
            JsonObject o = overview(project, name, "v1");
            assertEquals("Success", o.getString("scan_status"), o::toString);
        }
        // Scan all's scans run the image-scan steps in the job service's worker, without a batch job: the log
        // shows the same steps as a batch job's, in order, through to the report.
        String reportId = overview(project, "two", "v1").getString("report_id");
        String log = Eventually.await("the scan's log to end", LIMIT,
                () -> Http.get(artifactUrl(project, "two", "v1") + "/scan/" + reportId + "/log", "Authorization", api.adminAuth()).body(),
                text -> text.contains("job ended: Success"));
        assertTrue(log.contains("steps of image-scan run in this worker (SCAN_ALL)"), log);
        assertFalse(log.contains("batch job image-scan started"), log);
        int at = 0;
        for (String step : List.of("validate-parameters", "fetch-manifest", "prepare-layers", "scan-layers", "persist-report")) {
            at = log.indexOf("step " + step + " done", log.indexOf("step " + step + " started", at));
            assertTrue(at > 0, "step " + step + " started and done, in order: " + log);
        }
        assertTrue(log.contains("report saved"), log);
    }

    @Test
    void aScanOfScanAllStopsWhenItsArtifactsScanIsStopped(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("allstop"), false);
        // A layer of its own (no other test's image has it, so it is not in the layer cache), large enough that
        // the scan is still reading it when the stop comes.
        push(dir, project + "/big", Map.of("etc/alpine-release", "3.18.4\n", "etc/test-id", project + "\n"), rootfs -> bigFile(rootfs, 256));
        Eventually.await("no other scan all running", LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        assertEquals(202, Http.send("POST", Stack.url() + "/api/repositories/scanAll", null, "Authorization", api.adminAuth()).status());
        String reportId = Eventually.await("scan all to take the artifact", LIMIT, () -> overview(project, "big", "v1"), o -> o != null)
                .getString("report_id");
        String logUrl = artifactUrl(project, "big", "v1") + "/scan/" + reportId + "/log";
        Eventually.await("the scan to read its layer", LIMIT, () -> Http.get(logUrl, "Authorization", api.adminAuth()).body(),
                text -> text.contains("reading layer"));
        Http.Response stop = Http.send("POST", artifactUrl(project, "big", "v1") + "/scan/stop", null, "Authorization", api.adminAuth());
        assertEquals(202, stop.status(), stop::toString);

        String log = Eventually.await("the stopped scan's log to end", LIMIT, () -> Http.get(logUrl, "Authorization", api.adminAuth()).body(),
                text -> text.contains("job ended"));
        assertTrue(log.contains("steps of image-scan run in this worker (SCAN_ALL)") && log.contains("job ended: Stopped"), log);
        assertFalse(log.contains("step persist-report started") || log.contains("report saved"), log);
        assertEquals("Stopped", overview(project, "big", "v1").getString("scan_status"));
        assertFalse(Http.get(artifactUrl(project, "big", "v1") + "/additions/vulnerabilities", "Authorization", api.adminAuth())
                .json().containsKey(MIME), "no report was written");
        JsonObject ended = Eventually.await("the run to end", Duration.ofSeconds(300), ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        assertTrue(ended.getJsonObject("metrics").getInt("Stopped", 0) >= 1, ended::toString);
    }

    @Test
    void scanAllRunsOnItsScheduleUntilTheScheduleIsRemoved() {
        String url = Stack.url() + "/api/v2.0/system/scanAll/schedule";
        String user = api.createUser(WharfApi.unique("sched"));
        assertEquals(403, Http.putJson(url, "{\"schedule\":{\"type\":\"Daily\"}}", Http.basic(user, WharfApi.PASSWORD)).status());
        assertEquals(400, Http.putJson(url, "{\"schedule\":{\"type\":\"Sometimes\"}}", api.adminAuth()).status());
        Http.Response badCron = Http.putJson(url, "{\"schedule\":{\"type\":\"Custom\",\"cron\":\"every day\"}}", api.adminAuth());
        assertEquals(400, badCron.status());
        assertEquals("BAD_REQUEST", badCron.errorCode());
        assertEquals(200, Http.putJson(url, "{\"schedule\":{\"type\":\"Daily\"}}", api.adminAuth()).status());
        JsonObject daily = Http.get(url, "Authorization", api.adminAuth()).json().getJsonObject("schedule");
        assertEquals("Daily", daily.getString("type"));
        assertEquals("0 0 0 * * *", daily.getString("cron"));

        Eventually.await("no other scan all running", LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        assertEquals(200, Http.putJson(url, "{\"schedule\":{\"type\":\"Custom\",\"cron\":\"*/5 * * * * *\"}}", api.adminAuth()).status());
        try {
            Eventually.await("a scheduled scan all", LIMIT, ScanE2EIT::metrics, m -> "Schedule".equals(m.getString("trigger", "")));
        } finally {
            assertEquals(200, Http.putJson(url, "{\"schedule\":{\"type\":\"None\"}}", api.adminAuth()).status());
        }
        assertEquals("None", Http.get(url, "Authorization", api.adminAuth()).json().getJsonObject("schedule").getString("type"));
        Eventually.await("the scheduled run to end", Duration.ofSeconds(300), ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
    }

    @Test
    void aManualScheduleIsHarborsWayToRunScanAllNow(@TempDir Path dir) throws Exception {
        String url = Stack.url() + "/api/v2.0/system/scanAll/schedule";
        String project = api.createProject(WharfApi.unique("manual"), false);
        push(dir, project + "/now", ALPINE_AOM);
        String user = api.createUser(WharfApi.unique("notadmin"));
        assertEquals(403, Http.postJson(url, "{\"schedule\":{\"type\":\"Manual\"}}", Http.basic(user, WharfApi.PASSWORD)).status());
        Http.Response put = Http.putJson(url, "{\"schedule\":{\"type\":\"Manual\"}}", api.adminAuth());
        assertEquals(400, put.status(), "Manual is no schedule: " + put);
        String schedule = Http.get(url, "Authorization", api.adminAuth()).json().getJsonObject("schedule").toString();
        Eventually.await("no other scan all running", LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        String before = metrics().getString("start_time", "");
        Http.Response started = Http.postJson(url, "{\"schedule\":{\"type\":\"Manual\"}}", api.adminAuth());
        assertEquals(201, started.status(), started::toString);
        JsonObject done = Eventually.await("the manual run to finish", Duration.ofSeconds(300), ScanE2EIT::metrics,
                m -> !m.getString("start_time", "").equals(before) && "Manual".equals(m.getString("trigger", ""))
                        && !m.getBoolean("ongoing") && m.getInt("total") > 0);
        assertEquals(done.getInt("total"), done.getJsonNumber("completed").intValue(), done::toString);
        assertEquals("Success", overview(project, "now", "v1").getString("scan_status"));
        assertEquals(schedule, Http.get(url, "Authorization", api.adminAuth()).json().getJsonObject("schedule").toString(),
                "running it now leaves the schedule as it was");
    }

    @Test
    void scanAllStopsAndLeavesNothingQueued(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("stop"), false);
        for (int i = 0; i < 6; i++) push(dir.resolve("s" + i), project + "/s" + i, ALPINE_AOM);
        Eventually.await("no other scan all running", LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        String before = metrics().getString("start_time", "");
        assertEquals(404, Http.send("POST", Stack.url() + "/api/v2.0/system/scanAll/stop", null, "Authorization", api.adminAuth()).status(),
                "nothing to stop");
        assertEquals(202, Http.send("POST", Stack.url() + "/api/repositories/scanAll", null, "Authorization", api.adminAuth()).status());
        Eventually.await("the run to start", LIMIT, ScanE2EIT::metrics,
                m -> !m.getString("start_time", "").equals(before) && m.getBoolean("ongoing"));
        Http.Response stop = Http.send("POST", Stack.url() + "/api/v2.0/system/scanAll/stop", null, "Authorization", api.adminAuth());
        assertEquals(202, stop.status(), "the run was still going: " + stop);
        JsonObject ended = Eventually.await("the stopped run to end", LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        JsonObject counts = ended.getJsonObject("metrics");
        for (String unfinished : List.of("Pending", "Scheduled", "Running")) {
            assertFalse(counts.containsKey(unfinished), "nothing of the stopped run is left " + unfinished + ": " + ended);
        }
        assertTrue(ended.getJsonNumber("completed").intValue() <= ended.getInt("total"), ended::toString);
    }

    @Test
    void theStatusHookIsInternal() {
        Http.Response r = Http.postJson(Stack.url() + "/service/notifications/jobs/scan/x", "{\"status\":\"Success\"}", null);
        assertEquals(401, r.status(), r::toString);
        Http.Response unknown = Http.send("POST", Stack.url() + "/service/notifications/jobs/scan/no-such-scan", "{\"status\":\"Success\"}",
                "Authorization", "Harbor-Secret " + Stack.internalSecret(), "Content-Type", "application/json");
        assertEquals(404, unknown.status(), unknown::toString);
        for (String bad : List.of("{\"status\":\"Finished?\"}", "{\"check_in\":\"x\"}", "not json")) {
            Http.Response refused = Http.send("POST", Stack.url() + "/service/notifications/jobs/scan/x", bad,
                    "Authorization", "Harbor-Secret " + Stack.internalSecret(), "Content-Type", "application/json");
            assertEquals(400, refused.status(), bad + " -> " + refused);
            assertEquals("BAD_REQUEST", refused.errorCode(), refused::toString);
        }
    }

    @Test
    void theScanJobCanBeSubmittedThroughBatchManagement(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("batch"), false);
        push(dir, project + "/direct", ALPINE_AOM);
        String batch = "https://127.0.0.1:" + System.getenv().getOrDefault("WHARF_HTTPS_PORT", "18443") + "/ibm/api/batch";
        String creds = "wharf:" + Stack.internalSecret();
        Cmd.Result refused = Cmd.run("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "-u", "wharf:wrong", batch + "/jobinstances");
        assertEquals("401", refused.output().strip(), refused::toString);
        Cmd.Result submitted = Cmd.run("curl", "-sk", "-u", creds, "-H", "Content-Type: application/json", "-d",
                "{\"applicationName\":\"wharf\",\"moduleName\":\"wharf-web.war\",\"jobXMLName\":\"image-scan\","
                        + "\"jobParameters\":{\"repository\":\"" + project + "/direct\",\"reference\":\"v1\"}}",
                batch + "/jobinstances");
        assertTrue(submitted.ok() && submitted.output().contains("\"instanceId\""), submitted::toString);
        String instance = submitted.output().replaceAll("(?s).*\"instanceId\"\\s*:\\s*(\\d+).*", "$1");
        Eventually.await("the batch job to complete", LIMIT,
                () -> Cmd.run("curl", "-sk", "-u", creds, batch + "/jobinstances/" + instance).output(),
                out -> out.contains("\"batchStatus\": \"COMPLETED\"") || out.contains("\"batchStatus\":\"COMPLETED\"")
                        || out.contains("FAILED"));
        JsonObject overview = awaitScan(project, "direct", "v1", "Success");
        assertTrue(overview.getJsonObject("summary").getInt("total") > 0, overview::toString);
    }

    // --- helpers ---

    static String push(Path dir, String repository, Map<String, String> files) throws Exception {
        return push(dir, repository, files, rootfs -> { });
    }

    static String push(Path dir, String repository, Map<String, String> files, java.util.function.Consumer<Path> more) throws Exception {
        Files.createDirectories(dir);
        Path layout = Images.buildWith(dir, files, more);
        Path digestFile = dir.resolve("digest");
        Cmd.Result copied = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repository + ":v1", null,
                "admin:" + Stack.adminPassword(), digestFile);
        assertTrue(copied.ok(), copied::toString);
        String project = repository.substring(0, repository.indexOf('/'));
        String name = repository.substring(repository.indexOf('/') + 1);
        // The artifact is recorded from the registry's push event, which arrives a moment later.
        Eventually.await("the push to be recorded", LIMIT,
                () -> Http.get(artifactUrl(project, name, "v1"), "Authorization", api.adminAuth()).status(), s -> s == 200);
        return Files.readString(digestFile).strip();
    }

    /** {@code mib} MiB of random bytes at {@code big.bin}: a layer that takes a while to read. */
    static void bigFile(Path rootfs, int mib) {
        byte[] chunk = new byte[1 << 20];
        java.util.Random random = new java.util.Random();
        try (java.io.OutputStream out = Files.newOutputStream(rootfs.resolve("big.bin"))) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Cmd.Result pull(String ref, Path dir) {
        return Images.copy(ref, "oci:" + dir + ":v1", "admin:" + Stack.adminPassword(), null, null);
    }

    static String artifactUrl(String project, String repository, String reference) {
        return Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + repository.replace("/", "%252F") + "/artifacts/" + reference;
    }

    static JsonObject overview(String project, String repository, String reference) {
        Http.Response r = Http.get(artifactUrl(project, repository, reference) + "?with_scan_overview=true", "Authorization", api.adminAuth());
        if (r.status() != 200 || !r.json().containsKey("scan_overview")) return null;
        return r.json().getJsonObject("scan_overview").getJsonObject(MIME);
    }

    static JsonObject awaitScan(String project, String repository, String reference, String status) {
        return Eventually.await(project + "/" + repository + " scan " + status, LIMIT, () -> overview(project, repository, reference),
                o -> o != null && o.getString("scan_status").equals(status));
    }

    static JsonObject metrics() {
        return Http.get(Stack.url() + "/api/v2.0/scans/all/metrics", "Authorization", api.adminAuth()).json();
    }

    static JsonObject find(JsonArray vulnerabilities, String id) {
        return vulnerabilities.getValuesAs(JsonObject.class).stream().filter(v -> v.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + vulnerabilities));
    }

    @SafeVarargs
    static Map<String, String> merge(Map<String, String>... maps) {
        return Stream.of(maps).flatMap(m -> m.entrySet().stream()).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}

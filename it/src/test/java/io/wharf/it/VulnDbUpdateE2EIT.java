package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Eventually;
import io.wharf.it.support.FeedServer;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vulnerability data arrives by itself from the configured feeds (the stack's
 * {@code VULNDB_SOURCES} names this test's feed server), is fetched again only when it changed,
 * and a newly published record reaches an artifact scanned before, without any layer being read.
 */
class VulnDbUpdateE2EIT {
    /** The port it/pom.xml's VULNDB_SOURCES points at. */
    static final int FEED_PORT = 18097;
    static final String ZIP = "/osv/npm/all.zip";
    static final Path RECORDS = Path.of("src/test/resources/vulndata-feed");
    static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void updatesArriveAndReportsFollowWithoutReadingLayers(@TempDir Path dir) throws Exception {
        ScanE2EIT.importVulnerabilityData();
        WharfApi api = ScanE2EIT.api;
        Path nodeFetch = RECORDS.resolve("GHSA-r683-j2x4-v87g.json");
        Path minimist = RECORDS.resolve("GHSA-xvch-5gv4-984h.json");
        try (FeedServer feed = new FeedServer(FEED_PORT)) {
            feed.publishZip(ZIP, List.of(nodeFetch));

            String user = api.createUser(WharfApi.unique("vdb"));
            Http.Response byUser = Http.send("POST", Stack.url() + "/api/v2.0/vulndb/update", null, "Authorization", Http.basic(user, WharfApi.PASSWORD));
            assertEquals(403, byUser.status(), byUser::toString);
            assertEquals(401, Http.send("POST", Stack.url() + "/api/v2.0/vulndb/update", null).status());

            JsonObject first = update(api, null);
            JsonObject source = source(first, "osv-npm");
            assertEquals(1, source.getInt("records"), first::toString);
            assertTrue(!source.containsKey("last_error") || source.isNull("last_error"), first::toString);
            int downloads = feed.fullResponses();

            // Nothing changed at the feed: a conditional request, no download, same generation.
            JsonObject second = update(api, null);
            assertEquals(downloads, feed.fullResponses(), "the unchanged feed is not downloaded again");
            assertTrue(feed.notModified() >= 1, "the feed answered 304");
            assertEquals(first.getJsonNumber("generation").longValue(), second.getJsonNumber("generation").longValue());

            // An image with minimist 1.2.5, scanned while the feed has no record for it.
            String project = api.createProject(WharfApi.unique("vdb"), false);
            String digest = ScanE2EIT.push(dir, project + "/tool",
                    Map.of("app/node_modules/minimist/package.json", "{\"name\":\"minimist\",\"version\":\"1.2.5\"}\n"));
            assertEquals(202, Http.send("POST", ScanE2EIT.artifactUrl(project, "tool", "v1") + "/scan", null,
                    "Authorization", api.adminAuth()).status());
            JsonObject before = ScanE2EIT.awaitScan(project, "tool", "v1", "Success");
            assertEquals("None", before.getString("severity"), before::toString);
            long generationBefore = before.getJsonNumber("data_generation").longValue();
            long blobReads = blobReads(project + "/tool");

            // The feed publishes minimist's advisory: the next update brings it, and the report follows.
            feed.publishZip(ZIP, List.of(nodeFetch, minimist));
            update(api, first.getJsonNumber("generation").longValue());
            JsonObject after = Eventually.await("the rematched report", LIMIT,
                    () -> ScanE2EIT.overview(project, "tool", "v1"), o -> o != null && "Critical".equals(o.getString("severity")));
            assertEquals(before.getString("report_id"), after.getString("report_id"), "rematched, not scanned again");
            assertNotEquals(generationBefore, after.getJsonNumber("data_generation").longValue());
            ScanE2EIT.find(Http.get(ScanE2EIT.artifactUrl(project, "tool", "v1") + "/additions/vulnerabilities",
                    "Authorization", api.adminAuth()).json().getJsonObject(ScanE2EIT.MIME).getJsonArray("vulnerabilities"), "GHSA-xvch-5gv4-984h");
            assertEquals(blobReads, blobReads(project + "/tool"), "no layer was read again");

            JsonObject rematch = Eventually.await("the rematch to end", LIMIT, () -> database(api).getJsonObject("rematch"),
                    r -> r != null && !r.getString("status").equals("Running"));
            // (a later import may have started another pass since, so the count of this one is not asserted)
            assertEquals("Success", rematch.getString("status"), rematch::toString);
            String audit = Http.get(Stack.url() + "/api/v2.0/audit-logs?operation=severity_rose&page_size=100",
                    "Authorization", api.adminAuth()).body();
            assertTrue(audit.contains(project + "/tool@" + digest), audit);
        }
    }

    @Test
    void theDatabaseStatusSaysWhereTheDataComesFrom() {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        JsonObject db = database(api);
        assertTrue(db.getBoolean("updater_enabled"), db::toString);
        assertEquals("0 0 */6 * * *", db.getString("update_cron"));
        assertEquals(7 * 24 * 3600, db.getJsonNumber("max_age_seconds").longValue());
        assertFalse(db.getBoolean("stale"), db::toString);
        assertEquals(200, Http.get(Stack.url() + "/health").status(), "fresh data keeps the server healthy");
        assertEquals(401, Http.get(Stack.url() + "/api/v2.0/vulndb").status());
    }

    /** Asks for an update and waits until it has run and (when given) the generation moved past {@code after}. */
    static JsonObject update(WharfApi api, Long after) {
        Http.Response asked = Http.send("POST", Stack.url() + "/api/v2.0/vulndb/update", null, "Authorization", api.adminAuth());
        assertEquals(202, asked.status(), asked::toString);
        assertFalse(asked.json().getString("job_id").isBlank());
        return Eventually.await("the update to finish", LIMIT, () -> database(api), db -> {
            if (db.containsKey("update") && !db.isNull("update")) return false;
            JsonObject npm = sourceOrNull(db, "osv-npm");
            if (npm == null || npm.getInt("records") == 0) return false;
            return after == null || db.getJsonNumber("generation").longValue() > after;
        });
    }

    static JsonObject database(WharfApi api) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/vulndb", "Authorization", api.adminAuth());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    static JsonObject source(JsonObject db, String name) {
        JsonObject s = sourceOrNull(db, name);
        if (s == null) throw new AssertionError(name + " not in " + db);
        return s;
    }

    static JsonObject sourceOrNull(JsonObject db, String name) {
        return db.getJsonArray("sources").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals(name)).findFirst().orElse(null);
    }

    /** Blob GETs the registry logged for a repository. */
    static long blobReads(String repository) throws IOException {
        String marker = "/v2/" + repository + "/blobs/";
        try (var lines = Files.lines(Stack.home().resolve("logs/registry.log"))) {
            return lines.filter(l -> l.contains(marker) && l.contains("GET")).count();
        }
    }
}

package io.wharf.scanner.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.DatabaseState;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.FeedSource;
import io.wharf.scanner.Finding;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.SourceUpdate;
import io.wharf.scanner.UpdateOptions;
import io.wharf.scanner.UpdateResult;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.FeedServer;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.TestImage;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updater against a local HTTP server serving real records (GHSA advisories for lodash, Alpine 3.18 secdb):
 * conditional requests, failures that keep the old data, the one-step swap, and re-matching from cached layers.
 */
class FeedUpdaterTest {
    private static final String LODASH_2020 = "GHSA-p6mc-m468-83gw"; // CVE-2020-8203, fixed in 4.17.20
    private static final String LODASH_2021 = "GHSA-35jh-r3h4-6jhm"; // CVE-2021-23337, fixed in 4.17.21

    @TempDir
    Path tmp;
    private FeedServer server;
    private VulnDatabase db;
    private EmbeddedScanner scanner;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = new FeedServer();
        db = new VulnDatabase(TestDatabase.fresh());
        db.setProxySelector(ProxySelector.of(null)); // direct, whatever the machine's environment says
        scanner = new EmbeddedScanner(db);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FeedSource osvNpm() {
        return new FeedSource("osv-npm", server.uri("/npm/all.zip"));
    }

    private FeedSource alpine() {
        return new FeedSource("alpine-v3.18-main", server.uri("/v3.18/main.json"));
    }

    private UpdateOptions options(boolean force) {
        return new UpdateOptions(tmp.resolve("data"), 64 << 20, Duration.ofSeconds(20), Map.of(), force);
    }

    private UpdateResult update(boolean force, FeedSource... sources) {
        return db.update(List.of(sources), options(force), log::add);
    }

    private static SourceUpdate outcome(UpdateResult r, String name) {
        return r.sources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private SourceStatus status(String name) {
        return db.state().sources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> ids(ScanReport report) {
        return report.findings().stream().map(Finding::vulnerabilityId).collect(Collectors.toSet());
    }

    private Set<String> scanLodash() throws IOException {
        TestImage image = TestImage.lodash("4.17.15");
        return ids(scanner.scan(image.layers, image));
    }

    @Test
    void firstUpdateImportsTheNextGetsNotModifiedAndAChangedFileIsPickedUp() throws IOException {
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        server.serve("/v3.18/main.json", Files.readAllBytes(VulnData.alpine318()));

        UpdateResult first = update(false, osvNpm(), alpine());
        assertEquals(SourceUpdate.UPDATED, outcome(first, "osv-npm").outcome());
        assertEquals(1, outcome(first, "osv-npm").records());
        VulnDatabase imported = new VulnDatabase(TestDatabase.fresh());
        imported.importFrom(List.of(VulnData.alpine318()));
        assertEquals(imported.status().get(0).records(), outcome(first, "alpine-v3.18-main").records(),
                "the same file downloaded or imported by hand gives the same records");
        assertTrue(first.anyUpdated());
        assertFalse(first.anyFailed());
        assertEquals(Set.of(LODASH_2020), scanLodash());
        SourceStatus npm = status("osv-npm");
        assertEquals(server.uri("/npm/all.zip").toString(), npm.url());
        assertNotNull(npm.etag());
        assertNotNull(npm.lastSuccess());
        assertNull(npm.lastError());
        long generation = db.state().generation();
        assertEquals(first.generation(), generation);

        UpdateResult second = update(false, osvNpm(), alpine());
        assertEquals(List.of(SourceUpdate.NOT_MODIFIED, SourceUpdate.NOT_MODIFIED),
                second.sources().stream().map(SourceUpdate::outcome).toList());
        assertFalse(second.anyUpdated());
        assertEquals(2, server.requestsFor("/npm/all.zip"));
        assertTrue(server.requests.contains("GET /npm/all.zip 304"));
        assertEquals(generation, db.state().generation(), "nothing swapped");
        assertEquals(1, outcome(second, "osv-npm").records());

        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020), VulnData.osv(LODASH_2021)));
        UpdateResult third = update(false, osvNpm(), alpine());
        assertEquals(SourceUpdate.UPDATED, outcome(third, "osv-npm").outcome());
        assertEquals(SourceUpdate.NOT_MODIFIED, outcome(third, "alpine-v3.18-main").outcome());
        assertEquals(2, status("osv-npm").records());
        assertEquals(Set.of(LODASH_2020, LODASH_2021), scanLodash());
        assertTrue(db.state().generation() > generation);
        try (Stream<Path> left = Files.list(tmp.resolve("data/feeds"))) {
            assertEquals(List.of(), left.toList(), "downloads are removed after use");
        }
    }

    @Test
    void aDownloadCutMidwayKeepsTheOldDataRecordsTheErrorAndBacksOff() throws IOException {
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        update(false, osvNpm());
        TestImage image = TestImage.lodash("4.17.15");
        ScanReport before = scanner.scan(image.layers, image);

        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020), VulnData.osv(LODASH_2021)));
        UpdateResult cut = update(false, new FeedSource("osv-npm", server.cutUri("/npm/all.zip")));
        SourceUpdate npm = outcome(cut, "osv-npm");
        assertEquals(SourceUpdate.FAILED, npm.outcome());
        assertTrue(cut.anyFailed());
        assertTrue(server.requests.contains("GET /npm/all.zip 200-cut"));
        assertTrue(npm.error().contains("broke off") || npm.error().contains("incomplete"), npm.error());
        assertEquals(1, npm.records(), "the old data is kept");
        assertEquals(before.findings(), scanner.scan(image.layers, image).findings());
        SourceStatus status = status("osv-npm");
        assertNotNull(status.lastError());
        assertEquals(npm.error(), status.lastError());
        assertEquals(1, status.records());
        assertNotNull(status.nextAttemptAfter());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("osv-npm: failed, keeping the current 1 records")), log.toString());

        int requests = server.requests.size();
        UpdateResult backingOff = update(false, osvNpm());
        assertEquals(SourceUpdate.SKIPPED, outcome(backingOff, "osv-npm").outcome());
        assertEquals(requests, server.requests.size(), "no request while backing off");

        assertEquals(SourceUpdate.UPDATED, outcome(update(true, osvNpm()), "osv-npm").outcome());
        assertNull(status("osv-npm").lastError());
        assertEquals(Set.of(LODASH_2020, LODASH_2021), scanLodash());
    }

    @Test
    void aServerThatStopsSendingMidwayTimesOut() throws IOException {
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        update(false, osvNpm());
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020), VulnData.osv(LODASH_2021)),
                FeedServer.Mode.STALL);
        UpdateResult r = db.update(List.of(osvNpm()),
                new UpdateOptions(tmp.resolve("data"), 64 << 20, Duration.ofSeconds(2), Map.of(), true), log::add);
        SourceUpdate npm = outcome(r, "osv-npm");
        assertEquals(SourceUpdate.FAILED, npm.outcome());
        assertTrue(npm.error().contains("stalled"), npm.error());
        assertEquals(Set.of(LODASH_2020), scanLodash());
    }

    @Test
    void aServerErrorAGarbageAnswerAndAMissingFileKeepTheOldData() throws IOException {
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        update(false, osvNpm());
        long generation = db.state().generation();

        server.serve("/npm/all.zip", new byte[] {1}, FeedServer.Mode.ERROR_500);
        SourceUpdate error = outcome(update(true, osvNpm()), "osv-npm");
        assertEquals(SourceUpdate.FAILED, error.outcome());
        assertTrue(error.error().contains("HTTP 500"), error.error());

        server.serve("/npm/all.zip", new byte[] {1}, FeedServer.Mode.GARBAGE);
        SourceUpdate garbage = outcome(update(true, osvNpm()), "osv-npm");
        assertEquals(SourceUpdate.FAILED, garbage.outcome());
        assertTrue(garbage.error().contains("not a zip archive, gzip file or complete JSON document"), garbage.error());

        SourceUpdate missing = outcome(update(true, new FeedSource("osv-npm", server.uri("/gone/all.zip"))), "osv-npm");
        assertTrue(missing.error().contains("HTTP 404"), missing.error());

        assertEquals(Set.of(LODASH_2020), scanLodash());
        assertEquals(generation, db.state().generation());
        assertEquals(1, status("osv-npm").records());
    }

    @Test
    void aZipEntryOutsideTheFolderIsRefused() throws IOException {
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        update(false, osvNpm());
        server.serve("/npm/all.zip", FeedServer.zipWithEntry("../../" + LODASH_2021 + ".json",
                Files.readAllBytes(VulnData.osv(LODASH_2021))));

        SourceUpdate slip = outcome(update(true, osvNpm()), "osv-npm");
        assertEquals(SourceUpdate.FAILED, slip.outcome());
        assertTrue(slip.error().contains("zip entry refused"), slip.error());
        try (Stream<Path> all = Files.walk(tmp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(LODASH_2021 + ".json")));
        }
        assertEquals(Set.of(LODASH_2020), scanLodash());
    }

    @Test
    void aFileLargerThanTheCapFailsItsSource() throws IOException {
        server.serve("/v3.18/main.json", Files.readAllBytes(VulnData.alpine318()));
        UpdateResult r = db.update(List.of(alpine()),
                new UpdateOptions(tmp.resolve("data"), 10_000, Duration.ofSeconds(20), Map.of()), log::add);
        assertEquals(SourceUpdate.FAILED, outcome(r, "alpine-v3.18-main").outcome());
        assertTrue(outcome(r, "alpine-v3.18-main").error().contains("limit of 10000"), outcome(r, "alpine-v3.18-main").error());
        assertTrue(db.state().empty());
    }

    @Test
    void aRedirectToPlainHttpIsRefusedAndTheApiKeyAppearsNowhere() {
        String key = "nvd-key-7f3a9c2e";
        server.redirect("/nvd/recent.json", "http://127.0.0.1:1/steal?apiKey=" + key);
        UpdateResult r = db.update(List.of(new FeedSource("nvd", server.uri("/nvd/recent.json"))),
                new UpdateOptions(tmp.resolve("data"), 1 << 20, Duration.ofSeconds(20), Map.of("apiKey", key)), log::add);

        SourceUpdate nvd = outcome(r, "nvd");
        assertEquals(SourceUpdate.FAILED, nvd.outcome());
        assertTrue(nvd.error().contains("refusing redirect"), nvd.error());
        assertEquals(List.of(key), server.requestHeaders.get(0).get("Apikey"), "the key is sent to the source");
        assertFalse(nvd.error().contains(key));
        assertFalse(String.valueOf(status("nvd").lastError()).contains(key));
        assertTrue(log.stream().noneMatch(l -> l.contains(key)), log.toString());
    }

    @Test
    void anEmptyDatabaseIsVisibleInTheReportAndAnEmptySourceListDoesNothing() throws IOException {
        UpdateResult nothing = update(false);
        assertEquals(List.of(), nothing.sources());
        TestImage image = TestImage.lodash("4.17.15");
        ScanReport report = scanner.scan(image.layers, image);
        assertTrue(report.databaseEmpty());
        assertEquals(0, report.dataGeneration());
        DatabaseState state = db.state();
        assertTrue(state.empty());
        assertNull(state.updatedAt());

        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        update(false, osvNpm());
        ScanReport after = scanner.scan(image.layers, image);
        assertFalse(after.databaseEmpty());
        assertEquals(db.state().generation(), after.dataGeneration());
        assertEquals(status("osv-npm").lastSuccess(), after.dataUpdatedAt());
    }

    @Test
    void rematchFindsANewlyPublishedVulnerabilityWithoutReadingABlob() throws IOException {
        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020)));
        update(false, osvNpm());
        TestImage image = TestImage.lodash("4.17.15");
        assertEquals(Set.of(LODASH_2020), ids(scanner.scan(image.layers, image)));
        assertEquals(1, image.opened.get());

        server.serve("/npm/all.zip", FeedServer.osvZip(VulnData.osv(LODASH_2020), VulnData.osv(LODASH_2021)));
        assertTrue(update(false, osvNpm()).anyUpdated());
        ScanReport rematched = scanner.rematch(image.layers).orElseThrow();
        assertEquals(Set.of(LODASH_2020, LODASH_2021), ids(rematched));
        assertEquals(1, image.opened.get(), "no blob read again");
        assertEquals(db.state().generation(), rematched.dataGeneration());

        TestImage neverScanned = TestImage.lodash("4.17.11");
        assertTrue(scanner.rematch(neverScanned.layers).isEmpty());
        assertEquals(0, neverScanned.opened.get());
    }

    @Test
    void aScanDuringSwapsSeesTheOldDataOrTheNewNeverAMix() throws Exception {
        // each update replaces one lodash advisory by the other: a scan must report exactly one of them
        byte[] a = FeedServer.osvZip(VulnData.osv(LODASH_2020));
        byte[] b = FeedServer.osvZip(VulnData.osv(LODASH_2021));
        server.serve("/npm/all.zip", a);
        update(false, osvNpm());
        scanLodash(); // the layer is cached from here on
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread updater = new Thread(() -> {
            try {
                for (int i = 1; i <= 8; i++) {
                    server.serve("/npm/all.zip", i % 2 == 1 ? b : a);
                    assertEquals(SourceUpdate.UPDATED, outcome(update(true, osvNpm()), "osv-npm").outcome());
                }
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                done.set(true);
            }
        });
        updater.start();
        List<Set<String>> seen = new ArrayList<>();
        while (!done.get()) {
            seen.add(scanLodash());
        }
        updater.join();
        assertEquals(List.of(), failures);
        assertTrue(seen.size() > 3, "scans ran during the updates: " + seen.size());
        for (Set<String> s : seen) {
            assertTrue(s.equals(Set.of(LODASH_2020)) || s.equals(Set.of(LODASH_2021)), "a scan saw " + s);
        }
        assertEquals(Set.of(LODASH_2020), scanLodash(), "the last update put the first advisory back");
    }
}

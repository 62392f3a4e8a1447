package io.wharf.scan.clair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scan.MapConfig;
import io.wharf.scan.StubHttpServer;
import io.wharf.scan.StubHttpServer.Reply;
import io.wharf.scan.spi.LayerTarget;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScanOutcome;
import io.wharf.scan.spi.ScanTarget;
import io.wharf.scanner.Finding;
import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.Severity;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Clair scanner against a stub that answers as Clair v4 does: index report states moving from
 * CheckManifest to IndexFinished over polls, then a vulnerability report of a Debian 12 image
 * (records from the Debian security tracker in shared/vulndata).
 */
class ClairImageScannerTest {
    static final String PULL_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6IldIQVJGIn0.eyJzdWIiOiJ3aGFyZi1zY2FubmVyIn0.c2lnbmF0dXJl";
    static final String AUTHORIZATION = "Bearer " + PULL_TOKEN;
    static final String MANIFEST = "sha256:6f3c1e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e";
    static final String BASE_LAYER = "sha256:1f3a8e9b9b0b6d0b7bc5a3f0e1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0";
    static final String CURL_LAYER = "sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
    static final String REGISTRY = "http://127.0.0.1:5000";

    static ScanTarget target() {
        return new ScanTarget(REGISTRY, "library/debian", MANIFEST, "application/vnd.oci.image.manifest.v1+json",
                List.of(layer(BASE_LAYER, 49_556_214), layer(CURL_LAYER, 8_312_576)), AUTHORIZATION);
    }

    static LayerTarget layer(String digest, long size) {
        return new LayerTarget(digest, "application/vnd.oci.image.layer.v1.tar+gzip", size,
                REGISTRY + "/v2/library/debian/blobs/" + digest);
    }

    static ClairSettings settings(String url, Duration timeout) {
        return new ClairSettings(Optional.of(url), timeout, Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    static String indexReport(String state) {
        String packages = "IndexFinished".equals(state)
                ? """
                  {"41": {"id": "41", "name": "libssl3", "version": "3.0.11-1~deb12u2", "kind": "binary"},
                   "57": {"id": "57", "name": "tar", "version": "1.34+dfsg-1.2", "kind": "binary"},
                   "63": {"id": "63", "name": "libcurl4", "version": "7.88.1-10+deb12u3", "kind": "binary"},
                   "70": {"id": "70", "name": "bash", "version": "5.2.15-2+b2", "kind": "binary"}}"""
                : "{}";
        return """
               {"manifest_hash": "%s", "state": "%s", "packages": %s, "distributions": {}, "environments": {},
                "success": %s, "err": ""}""".formatted(MANIFEST, state, packages, "IndexFinished".equals(state));
    }

    /** A VulnerabilityReport as Clair's matcher writes it: maps keyed by ids, links space-separated. */
    static final String VULNERABILITY_REPORT = """
        {
          "manifest_hash": "%1$s",
          "packages": {
            "41": {"id": "41", "name": "libssl3", "version": "3.0.11-1~deb12u2", "kind": "binary",
                   "source": {"id": "40", "name": "openssl", "version": "3.0.11-1~deb12u2", "kind": "source"}, "arch": "amd64"},
            "57": {"id": "57", "name": "tar", "version": "1.34+dfsg-1.2", "kind": "binary", "arch": "amd64"},
            "63": {"id": "63", "name": "libcurl4", "version": "7.88.1-10+deb12u3", "kind": "binary",
                   "source": {"id": "62", "name": "curl", "version": "7.88.1-10+deb12u3", "kind": "source"}, "arch": "amd64"},
            "70": {"id": "70", "name": "bash", "version": "5.2.15-2+b2", "kind": "binary", "arch": "amd64"}
          },
          "distributions": {
            "1": {"id": "1", "did": "debian", "name": "Debian GNU/Linux", "version": "12 (bookworm)",
                  "version_code_name": "bookworm", "version_id": "12", "arch": "", "cpe": "",
                  "pretty_name": "Debian GNU/Linux 12 (bookworm)"}
          },
          "environments": {
            "41": [{"package_db": "var/lib/dpkg/status", "introduced_in": "%2$s", "distribution_id": "1"}],
            "57": [{"package_db": "var/lib/dpkg/status", "introduced_in": "%2$s", "distribution_id": "1"}],
            "63": [{"package_db": "var/lib/dpkg/status", "introduced_in": "%3$s", "distribution_id": "1"}],
            "70": [{"package_db": "var/lib/dpkg/status", "introduced_in": "%2$s", "distribution_id": "1"}]
          },
          "vulnerabilities": {
            "2210961": {"id": "2210961", "updater": "debian/updater", "name": "CVE-2024-0727",
              "description": "Issue summary: Processing a maliciously formatted PKCS12 file may lead ...",
              "issued": "2024-01-26T09:15:07Z",
              "links": "https://security-tracker.debian.org/tracker/CVE-2024-0727 https://www.openssl.org/news/secadv/20240125.txt",
              "severity": "", "normalized_severity": "Unknown",
              "package": {"id": "", "name": "openssl", "version": "", "kind": "binary"},
              "distribution": {"id": "", "did": "debian", "name": "Debian GNU/Linux", "version": "12 (bookworm)", "version_code_name": "bookworm", "version_id": "12"},
              "fixed_in_version": "3.0.13-1~deb12u1", "arch_op": "equals"},
            "2207114": {"id": "2207114", "updater": "debian/updater", "name": "CVE-2005-2541",
              "description": "Tar 1.15.1 does not properly warn the user when extracting setuid or s ...",
              "issued": "2005-08-10T04:00:00Z",
              "links": "https://security-tracker.debian.org/tracker/CVE-2005-2541  https://bugs.debian.org/328228",
              "severity": "unimportant", "normalized_severity": "Negligible",
              "package": {"id": "", "name": "tar", "version": "", "kind": "binary"},
              "fixed_in_version": "", "arch_op": "equals"},
            "2209873": {"id": "2209873", "updater": "debian/updater", "name": "CVE-2023-38545",
              "description": "This flaw makes curl overflow a heap based buffer in the SOCKS5 proxy  ...",
              "issued": "2023-10-18T04:15:11Z",
              "links": "https://security-tracker.debian.org/tracker/CVE-2023-38545 https://curl.se/docs/CVE-2023-38545.html",
              "severity": "high", "normalized_severity": "High",
              "package": {"id": "", "name": "curl", "version": "", "kind": "binary"},
              "fixed_in_version": "7.88.1-10+deb12u4", "arch_op": "equals"}
          },
          "package_vulnerabilities": {"41": ["2210961"], "57": ["2207114"], "63": ["2209873"]},
          "enrichments": {}
        }""".formatted(MANIFEST, BASE_LAYER, CURL_LAYER);

    /** A Clair that reports the index states in turn, one per poll, then the vulnerability report. */
    static StubHttpServer clair(String... states) throws Exception {
        AtomicInteger polls = new AtomicInteger();
        return new StubHttpServer(request -> {
            if (request.method().equals("POST") && request.path().equals("/indexer/api/v1/index_report")) {
                return Reply.json(201, indexReport(states[0]));
            }
            if (request.method().equals("GET") && request.path().equals("/indexer/api/v1/index_report/" + MANIFEST)) {
                return Reply.json(200, indexReport(states[Math.min(polls.incrementAndGet(), states.length - 1)]));
            }
            if (request.method().equals("GET") && request.path().equals("/matcher/api/v1/vulnerability_report/" + MANIFEST)) {
                return Reply.json(200, VULNERABILITY_REPORT);
            }
            return Reply.json(404, "{\"code\":\"not-found\",\"message\":\"no route\"}");
        });
    }

    static ScanContext recording(List<String> log) {
        return new ScanContext(log::add, () -> false);
    }

    @Test
    void findingsOfADebianImageAfterTheIndexProgressesOverPolls() throws Exception {
        try (StubHttpServer clair = clair("CheckManifest", "FetchLayers", "ScanLayers", "IndexFinished")) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            ScanOutcome outcome = new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(20))).scan(target(), recording(log));

            assertEquals("Clair", outcome.scanner().name());
            List<Finding> findings = outcome.findings();
            assertEquals(3, findings.size(), findings.toString());

            Finding curl = findings.get(0);
            assertEquals("CVE-2023-38545", curl.vulnerabilityId());
            assertEquals("libcurl4", curl.packageName());
            assertEquals("7.88.1-10+deb12u3", curl.installedVersion());
            assertEquals("7.88.1-10+deb12u4", curl.fixedVersion());
            assertEquals(Severity.HIGH, curl.severity());
            assertEquals("This flaw makes curl overflow a heap based buffer in the SOCKS5 proxy  ...", curl.description());
            assertEquals(List.of("https://security-tracker.debian.org/tracker/CVE-2023-38545",
                    "https://curl.se/docs/CVE-2023-38545.html"), curl.links());
            assertEquals(CURL_LAYER, curl.layerDigest());
            assertEquals("debian:12", curl.ecosystem());

            Finding tar = findings.get(1);
            assertEquals("CVE-2005-2541", tar.vulnerabilityId());
            assertEquals("tar", tar.packageName());
            assertNull(tar.fixedVersion(), "an empty fixed_in_version means no fix");
            assertEquals(Severity.LOW, tar.severity(), "Negligible counts as Low");
            assertEquals(List.of("https://security-tracker.debian.org/tracker/CVE-2005-2541", "https://bugs.debian.org/328228"), tar.links());
            assertEquals(BASE_LAYER, tar.layerDigest());

            Finding openssl = findings.get(2);
            assertEquals("CVE-2024-0727", openssl.vulnerabilityId());
            assertEquals("libssl3", openssl.packageName());
            assertEquals("3.0.11-1~deb12u2", openssl.installedVersion());
            assertEquals("3.0.13-1~deb12u1", openssl.fixedVersion());
            assertEquals(Severity.UNKNOWN, openssl.severity());

            // What Clair was asked: the manifest with each layer's blob URL and the header that reads it.
            var posts = clair.requests("POST", "/indexer/api/v1/index_report");
            assertEquals(1, posts.size());
            assertTrue(posts.get(0).header("Content-Type").startsWith("application/json"));
            JsonObject manifest = JsonSupport.PROVIDER.createReader(new StringReader(posts.get(0).body())).readObject();
            assertEquals(MANIFEST, manifest.getString("hash"));
            assertEquals(2, manifest.getJsonArray("layers").size());
            JsonObject base = manifest.getJsonArray("layers").getJsonObject(0);
            assertEquals(BASE_LAYER, base.getString("hash"));
            assertEquals(REGISTRY + "/v2/library/debian/blobs/" + BASE_LAYER, base.getString("uri"));
            assertEquals(AUTHORIZATION, base.getJsonObject("headers").getJsonArray("Authorization").getString(0));
            assertEquals(CURL_LAYER, manifest.getJsonArray("layers").getJsonObject(1).getString("hash"));

            assertEquals(3, clair.requests("GET", "/indexer/api/v1/index_report/").size(), "polled until IndexFinished");
            assertEquals(1, clair.requests("GET", "/matcher/api/v1/vulnerability_report/").size());

            assertTrue(log.stream().anyMatch(l -> l.startsWith("submitted library/debian@" + MANIFEST + " (2 layers) to Clair at " + clair.url())), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("state CheckManifest") && l.contains("polling")), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("state ScanLayers")), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.equals("Clair indexed " + MANIFEST + ": 4 packages")), log.toString());
            assertTrue(log.contains("Clair vulnerability report received with 3 vulnerabilities"), log.toString());
            assertTrue(log.stream().noneMatch(l -> l.contains(PULL_TOKEN)), log.toString());
        }
    }

    @Test
    void anAlreadyIndexedManifestGoesStraightToTheMatcher() throws Exception {
        try (StubHttpServer clair = clair("IndexFinished")) {
            ScanOutcome outcome = new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(20))).scan(target(), ScanContext.quiet());
            assertEquals(3, outcome.findings().size());
            assertEquals(0, clair.requests("GET", "/indexer/").size());
        }
    }

    @Test
    void aServerErrorOfTheIndexerIsReportedWithClairsMessageButWithoutTheToken() throws Exception {
        try (StubHttpServer clair = new StubHttpServer(request -> Reply.json(500, """
                {"code": "internal-error", "message": "failed to fetch layer: GET %s/v2/library/debian/blobs/%s with Authorization: %s: connection reset"}
                """.formatted(REGISTRY, BASE_LAYER, AUTHORIZATION)))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
            assertTrue(e.getMessage().startsWith("Clair indexer answered 500: internal-error: failed to fetch layer"), e.getMessage());
            assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
            assertNoToken(e);
            // The token did reach Clair, inside the manifest.
            assertTrue(clair.requests().get(0).body().contains(AUTHORIZATION));
        }
    }

    @Test
    void aLongErrorIsCutOnlyAfterTheTokenIsMasked() throws Exception {
        String padding = "failed to fetch layer " + BASE_LAYER + ": " + "retrying ".repeat(16);
        try (StubHttpServer clair = new StubHttpServer(request -> Reply.json(502,
                "{\"code\": \"bad-gateway\", \"message\": \"" + padding + "with Authorization: " + AUTHORIZATION + " " + "gave up ".repeat(20) + "\"}"))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
            assertTrue(e.getMessage().startsWith("Clair indexer answered 502: bad-gateway: failed to fetch layer"), e.getMessage());
            assertTrue(e.getMessage().endsWith("..."), e.getMessage());
            assertNoToken(e);
        }
    }

    @Test
    void anIndexErrorStateSaysWhyClairCouldNotIndex() throws Exception {
        try (StubHttpServer clair = new StubHttpServer(request -> request.method().equals("POST")
                ? Reply.json(201, indexReport("CheckManifest"))
                : Reply.json(200, """
                  {"manifest_hash": "%s", "state": "IndexError", "packages": {}, "distributions": {}, "environments": {},
                   "success": false, "err": "failed to fetch layers: encountered error while fetching a layer: fetcher: unexpected status code: 401 Unauthorized"}
                  """.formatted(MANIFEST)))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
            assertEquals("Clair could not index " + MANIFEST + ": failed to fetch layers: encountered error while fetching a layer: "
                    + "fetcher: unexpected status code: 401 Unauthorized", e.getMessage());
            assertEquals(0, clair.requests("GET", "/matcher/").size());
        }
    }

    @Test
    void aMissingVulnerabilityReportIsNamed() throws Exception {
        try (StubHttpServer clair = new StubHttpServer(request -> request.path().startsWith("/matcher/")
                ? Reply.json(404, "{\"code\":\"not-found\",\"message\":\"index report for \\\"" + MANIFEST + "\\\" not found\"}")
                : Reply.json(201, indexReport("IndexFinished")))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
            assertEquals("Clair matcher has no vulnerability report for " + MANIFEST + ": not-found: index report for \""
                    + MANIFEST + "\" not found", e.getMessage());
        }
    }

    @Test
    void aMalformedReportIsReportedAsSuch() throws Exception {
        try (StubHttpServer clair = new StubHttpServer(request -> request.path().startsWith("/matcher/")
                ? Reply.json(200, "{\"manifest_hash\": \"" + MANIFEST + "\", \"packages\": {\"41\": ")
                : Reply.json(201, indexReport("IndexFinished")))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
            assertEquals("Clair matcher's vulnerability report for " + MANIFEST + " is not valid JSON", e.getMessage());
        }
        try (StubHttpServer clair = new StubHttpServer(request -> Reply.json(201, "[\"IndexFinished\"]"))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
            assertEquals("Clair indexer's index report for " + MANIFEST + " is not a JSON object", e.getMessage());
        }
    }

    @Test
    void anIndexThatNeverFinishesTimesOut() throws Exception {
        try (StubHttpServer clair = clair("CheckManifest", "ScanLayers")) {
            long start = System.nanoTime();
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(1))).scan(target(), ScanContext.quiet()));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals("Clair index of " + MANIFEST + " not finished after 1 s (last state ScanLayers)", e.getMessage());
            assertTrue(millis >= 1000 && millis < 5000, millis + " ms");
            assertTrue(clair.requests("GET", "/indexer/").size() > 5);
            assertEquals(0, clair.requests("GET", "/matcher/").size());
        }
    }

    @Test
    void aStopRequestEndsPolling() throws Exception {
        try (StubHttpServer clair = clair("CheckManifest", "FetchLayers", "ScanLayers")) {
            AtomicBoolean stop = new AtomicBoolean();
            List<String> log = new ArrayList<>();
            ScanContext context = new ScanContext(log::add, () -> {
                if (clair.requests("GET", "/indexer/").size() >= 2) {
                    stop.set(true);
                }
                return stop.get();
            });
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(settings(clair.url(), Duration.ofSeconds(30))).scan(target(), context));
            assertTrue(e.getMessage().startsWith("scan stopped on request while Clair was indexing " + MANIFEST), e.getMessage());
            int polls = clair.requests("GET", "/indexer/").size();
            Thread.sleep(200);
            assertEquals(2, polls);
            assertEquals(polls, clair.requests("GET", "/indexer/").size(), "no poll after the stop");
        }
    }

    @Test
    void anUnreachableClairIsNamedWithoutCredentials() throws Exception {
        String url;
        try (StubHttpServer gone = new StubHttpServer(request -> Reply.json(200, "{}"))) {
            url = gone.url();
        }
        ScanFailedException e = assertThrows(ScanFailedException.class,
                () -> new ClairImageScanner(settings(url, Duration.ofSeconds(5))).scan(target(), ScanContext.quiet()));
        assertTrue(e.getMessage().startsWith("Clair at " + url + " cannot be reached: "), e.getMessage());
        assertNoToken(e);
    }

    @Test
    void aClairThatDoesNotAnswerInTimeIsNamed() throws Exception {
        try (StubHttpServer clair = new StubHttpServer(request -> {
            Thread.sleep(1500);
            return Reply.json(201, indexReport("IndexFinished"));
        })) {
            ClairSettings slow = new ClairSettings(Optional.of(clair.url()), Duration.ofSeconds(5), Duration.ofMillis(20),
                    Duration.ofSeconds(2), Duration.ofMillis(300));
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new ClairImageScanner(slow).scan(target(), ScanContext.quiet()));
            assertTrue(e.getMessage().startsWith("Clair indexer at " + clair.url() + " did not answer within 0.3 s"), e.getMessage());
        }
    }

    @Test
    void withoutAUrlTheScanSaysWhatToSet() {
        ScanFailedException e = assertThrows(ScanFailedException.class,
                () -> new ClairImageScanner(ClairSettings.from(new MapConfig(Map.of()))).scan(target(), ScanContext.quiet()));
        assertEquals("Clair is not configured: set scanner.clair.url (environment variable SCANNER_CLAIR_URL)", e.getMessage());

        e = assertThrows(ScanFailedException.class, () -> new ClairImageScanner(
                ClairSettings.from(new MapConfig(Map.of("scanner.clair.url", "clair:6060")))).scan(target(), ScanContext.quiet()));
        assertEquals("scanner.clair.url is not an http(s) URL: clair:6060", e.getMessage());
    }

    @Test
    void settingsComeFromConfigWithDocumentedDefaults() {
        ClairSettings defaults = ClairSettings.from(new MapConfig(Map.of()));
        assertFalse(defaults.url().isPresent());
        assertEquals(Duration.ofSeconds(600), defaults.timeout());
        assertEquals(Duration.ofMillis(2000), defaults.pollInterval());
        assertEquals(Duration.ofMillis(5000), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(300), defaults.readTimeout());

        ClairSettings set = ClairSettings.from(new MapConfig(Map.of(
                "scanner.clair.url", " http://clair.internal:6060 ",
                "scanner.clair.timeout.seconds", "120",
                "scanner.clair.poll.interval.ms", "500",
                "scanner.clair.connect.timeout.ms", "not-a-number",
                "scanner.clair.read.timeout.seconds", "-3")));
        assertEquals(Optional.of("http://clair.internal:6060"), set.url());
        assertEquals(Duration.ofSeconds(120), set.timeout());
        assertEquals(Duration.ofMillis(500), set.pollInterval());
        assertEquals(Duration.ofMillis(5000), set.connectTimeout(), "a value that is not a number falls back to the default");
        assertEquals(Duration.ofSeconds(300), set.readTimeout(), "so does one below one");
    }

    @Test
    void typeAndInfo() {
        ClairImageScanner scanner = new ClairImageScanner();
        assertEquals("clair", scanner.type());
        assertEquals("Clair", scanner.info().name());
    }

    static void assertNoToken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertFalse(message.contains(PULL_TOKEN.substring(0, 12)), "token in: " + message);
            assertFalse(message.contains("Bearer "), "authorization in: " + message);
        }
    }
}

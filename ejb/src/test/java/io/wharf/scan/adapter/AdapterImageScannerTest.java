package io.wharf.scan.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scan.MapConfig;
import io.wharf.scan.StubHttpServer;
import io.wharf.scan.StubHttpServer.Reply;
import io.wharf.scan.StubHttpServer.Request;
import io.wharf.scan.spi.LayerTarget;
import io.wharf.scan.spi.ScanContext;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScanOutcome;
import io.wharf.scan.spi.ScanTarget;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Cvss;
import io.wharf.scanner.Finding;
import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.Severity;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The adapter scanner against a stub that answers as Harbor's pluggable scanner adapter API v1.0
 * does (shaped like Trivy's adapter): metadata, 202 with a scan request id, 302 with Refresh-After
 * while the scan runs, then a v1.1 vulnerability report. Records from shared/vulndata
 * (GitHub advisories for Maven and npm packages, the Debian tracker for tar).
 */
class AdapterImageScannerTest {
    static final String ADAPTER_SECRET = "c2Nhbm5lci1hZGFwdGVyLXNlY3JldC1mb3ItdGVzdHM";
    static final String ADAPTER_AUTHORIZATION = "Bearer " + ADAPTER_SECRET;
    static final String PULL_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6IldIQVJGIn0.eyJzdWIiOiJ3aGFyZi1hZGFwdGVyIn0.cHVsbC1zaWduYXR1cmU";
    static final String PULL_AUTHORIZATION = "Bearer " + PULL_TOKEN;
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DIGEST = "sha256:4c5b1f2e3d6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c";
    static final String BASE_LAYER = "sha256:1f3a8e9b9b0b6d0b7bc5a3f0e1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0";
    static final String APP_LAYER = "sha256:7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d";
    static final String REGISTRY = "http://127.0.0.1:5000";
    static final String SCAN_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

    static ScanTarget target(String mediaType) {
        return new ScanTarget(REGISTRY, "hpc/billing-service", DIGEST, mediaType,
                List.of(layer(BASE_LAYER), layer(APP_LAYER)), PULL_AUTHORIZATION);
    }

    static LayerTarget layer(String digest) {
        return new LayerTarget(digest, "application/vnd.oci.image.layer.v1.tar+gzip", -1,
                REGISTRY + "/v2/hpc/billing-service/blobs/" + digest);
    }

    static AdapterSettings settings(String url, Optional<String> authorization, Duration timeout, Duration pollMax) {
        return new AdapterSettings(Optional.of(url), authorization, timeout, Duration.ofMillis(50), pollMax,
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    static AdapterSettings settings(String url) {
        return settings(url, Optional.of(ADAPTER_AUTHORIZATION), Duration.ofSeconds(20), Duration.ofSeconds(30));
    }

    static String metadata(String... produces) {
        var producesJson = JsonSupport.PROVIDER.createArrayBuilder();
        for (String type : produces) {
            producesJson.add(type);
        }
        return """
            {"scanner": {"name": "Trivy", "vendor": "Aqua Security", "version": "0.50.1"},
             "capabilities": [{
               "consumes_mime_types": ["%s", "%s"],
               "produces_mime_types": %s}],
             "properties": {"harbor.scanner-adapter/scanner-type": "os-package-vulnerability",
                            "harbor.scanner-adapter/vulnerability-database-updated-at": "2024-05-02T06:12:36Z"}}
            """.formatted(OCI_MANIFEST, DOCKER_MANIFEST, producesJson.build());
    }

    static final String TRIVY_METADATA = metadata("application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0",
            "application/vnd.security.vulnerability.report; version=1.1");

    /** A v1.1 report as Trivy's adapter writes it. */
    static String report(String digest) {
        return """
            {"generated_at": "2024-05-02T08:41:07.123456789Z",
             "artifact": {"repository": "hpc/billing-service", "digest": "%1$s", "mime_type": "%2$s"},
             "scanner": {"name": "Trivy", "vendor": "Aqua Security", "version": "0.50.1"},
             "severity": "Critical",
             "vulnerabilities": [
               {"id": "CVE-2005-2541", "package": "tar", "version": "1.34+dfsg-1.2", "fix_version": "",
                "severity": "Negligible",
                "description": "Tar 1.15.1 does not properly warn the user when extracting setuid or s ...",
                "links": ["https://security-tracker.debian.org/tracker/CVE-2005-2541"],
                "layer": {"digest": "%3$s", "diff_id": "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"}},
               {"id": "CVE-2021-44228", "package": "org.apache.logging.log4j:log4j-core", "version": "2.14.1",
                "fix_version": "2.15.0, 2.12.2, 2.3.1", "severity": "Critical",
                "description": "Log4j versions prior to 2.16.0 are subject to a remote code execution vulnerability via the ldap JNDI parser.",
                "links": ["https://nvd.nist.gov/vuln/detail/CVE-2021-44228", "https://github.com/apache/logging-log4j2/pull/608"],
                "layer": {"digest": "%4$s"}, "cwe_ids": ["CWE-20", "CWE-400", "CWE-502", "CWE-917"],
                "vendor_attributes": {"CVSS": {"nvd": {"V3Score": 10}}}},
               {"id": "CVE-2020-8203", "package": "lodash", "version": "4.17.15", "fix_version": "4.17.20",
                "severity": "High",
                "description": "Versions of lodash prior to 4.17.19 are vulnerable to Prototype Pollution.",
                "links": ["https://nvd.nist.gov/vuln/detail/CVE-2020-8203", "https://github.com/lodash/lodash/issues/4744"],
                "layer": {"digest": "%4$s"},
                "preferred_cvss": {"score_v3": 7.4, "vector_v3": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H",
                                   "score_v2": 5.8, "vector_v2": "AV:N/AC:M/Au:N/C:N/I:P/A:P"},
                "cwe_ids": ["CWE-1321"],
                "vendor_attributes": {"CVSS": {"nvd": {"V2Score": 5.8, "V2Vector": "AV:N/AC:M/Au:N/C:N/I:P/A:P",
                                                       "V3Score": 7.4, "V3Vector": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H"}}}},
               {"id": "CVE-2022-42889", "package": "org.apache.commons:commons-text", "version": "1.9",
                "fix_version": "1.10.0", "severity": "Critical",
                "description": "Apache Commons Text performs variable interpolation, allowing properties to be dynamically evaluated and expanded.",
                "links": ["https://nvd.nist.gov/vuln/detail/CVE-2022-42889"]}
             ]}
            """.formatted(digest, OCI_MANIFEST, BASE_LAYER, APP_LAYER);
    }

    /** An adapter: metadata, 202 on scan, then the given not-ready answers in turn before the report. */
    static StubHttpServer adapter(String metadata, Reply... notReady) throws Exception {
        AtomicInteger polls = new AtomicInteger();
        return new StubHttpServer(request -> {
            if (request.method().equals("GET") && request.path().equals("/api/v1/metadata")) {
                return new Reply(200, metadata, Map.of("Content-Type", "application/vnd.scanner.adapter.metadata+json; version=1.0"));
            }
            if (request.method().equals("POST") && request.path().equals("/api/v1/scan")) {
                return new Reply(202, "{\"id\": \"" + SCAN_ID + "\"}",
                        Map.of("Content-Type", "application/vnd.scanner.adapter.scan.response+json; version=1.0"));
            }
            if (request.method().equals("GET") && request.path().equals("/api/v1/scan/" + SCAN_ID + "/report")) {
                // As Trivy's adapter: the Accept header must name the report type exactly, or 415.
                if (!"application/vnd.security.vulnerability.report; version=1.1".equals(request.header("Accept"))) {
                    return error(415, "unsupported media type " + request.header("Accept"));
                }
                int poll = polls.getAndIncrement();
                if (poll < notReady.length) {
                    return notReady[poll];
                }
                return new Reply(200, report(DIGEST), Map.of("Content-Type", "application/vnd.security.vulnerability.report; version=1.1"));
            }
            return error(404, "not found: " + request.path());
        });
    }

    /** 302 with a Location back to the report, as Trivy's adapter answers, and Refresh-After when given. */
    static Reply notReady(String refreshAfter) {
        Reply reply = new Reply(302, null, Map.of("Location", "/api/v1/scan/" + SCAN_ID + "/report"));
        return refreshAfter == null ? reply : reply.withHeader("Refresh-After", refreshAfter);
    }

    static Reply error(int status, String message) {
        return new Reply(status, JsonSupport.PROVIDER.createObjectBuilder()
                .add("error", JsonSupport.PROVIDER.createObjectBuilder().add("message", message)).build().toString(),
                Map.of("Content-Type", "application/vnd.scanner.adapter.error+json; version=1.0"));
    }

    @Test
    void findingsOnceTheReportIsReadyHonouringRefreshAfter() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, notReady("1"), notReady(null))) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            ScanOutcome outcome = new AdapterImageScanner(settings(adapter.url()))
                    .scan(target(OCI_MANIFEST), new ScanContext(log::add, () -> false));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertEquals(new ScannerInfo("Trivy", "Aqua Security", "0.50.1"), outcome.scanner());
            List<Finding> findings = outcome.findings();
            assertEquals(List.of("CVE-2021-44228", "CVE-2022-42889", "CVE-2020-8203", "CVE-2005-2541"),
                    findings.stream().map(Finding::vulnerabilityId).toList(), "most severe first");

            Finding log4shell = findings.get(0);
            assertEquals("org.apache.logging.log4j:log4j-core", log4shell.packageName());
            assertEquals("2.14.1", log4shell.installedVersion());
            assertEquals("2.15.0, 2.12.2, 2.3.1", log4shell.fixedVersion());
            assertEquals(Severity.CRITICAL, log4shell.severity());
            assertEquals("Log4j versions prior to 2.16.0 are subject to a remote code execution vulnerability via the ldap JNDI parser.",
                    log4shell.description());
            assertEquals(List.of("https://nvd.nist.gov/vuln/detail/CVE-2021-44228", "https://github.com/apache/logging-log4j2/pull/608"),
                    log4shell.links());
            assertEquals(APP_LAYER, log4shell.layerDigest());
            // the adapter's CWE ids and vendor CVSS are kept (Trivy gives only NVD's v3 score here)
            assertEquals(List.of("CWE-20", "CWE-400", "CWE-502", "CWE-917"), log4shell.cweIds());
            assertEquals(List.of(new Cvss("3", null, 10.0, "nvd")), log4shell.cvss());
            assertNull(log4shell.preferredCvss());

            Finding text4shell = findings.get(1);
            assertEquals("org.apache.commons:commons-text", text4shell.packageName());
            assertEquals("1.10.0", text4shell.fixedVersion());
            assertNull(text4shell.layerDigest(), "no layer in the item");

            Finding lodash = findings.get(2);
            assertEquals("lodash", lodash.packageName());
            assertEquals("4.17.15", lodash.installedVersion());
            assertEquals(Severity.HIGH, lodash.severity());
            assertEquals(new Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4, "nvd"), lodash.preferredCvss());
            assertEquals(List.of("CWE-1321"), lodash.cweIds());
            assertEquals(2, lodash.cvss().size());

            Finding tar = findings.get(3);
            assertEquals("tar", tar.packageName());
            assertNull(tar.fixedVersion(), "an empty fix_version means no fix");
            assertEquals(Severity.LOW, tar.severity(), "Negligible counts as Low");
            assertEquals(BASE_LAYER, tar.layerDigest());

            // The 302 asked for one second; the second 302 named no delay, so the poll interval applied.
            assertTrue(millis >= 1000 && millis < 6000, millis + " ms");
            assertEquals(3, adapter.requests("GET", "/api/v1/scan/").size());

            // Every call carried the adapter's credential; the report was asked for as v1.1.
            for (Request request : adapter.requests()) {
                assertEquals(ADAPTER_AUTHORIZATION, request.header("Authorization"), request.path());
            }
            Request poll = adapter.requests("GET", "/api/v1/scan/").get(0);
            assertEquals(List.of("application/vnd.security.vulnerability.report; version=1.1"), poll.headers().get("Accept"));

            Request scan = adapter.requests("POST", "/api/v1/scan").get(0);
            assertTrue(AdapterReports.sameMediaType(scan.header("Content-Type"),
                    "application/vnd.scanner.adapter.scan.request+json; version=1.0"), scan.header("Content-Type"));
            JsonObject body = JsonSupport.PROVIDER.createReader(new StringReader(scan.body())).readObject();
            assertEquals(REGISTRY, body.getJsonObject("registry").getString("url"));
            assertEquals(PULL_AUTHORIZATION, body.getJsonObject("registry").getString("authorization"));
            assertEquals("hpc/billing-service", body.getJsonObject("artifact").getString("repository"));
            assertEquals(DIGEST, body.getJsonObject("artifact").getString("digest"));
            assertEquals(OCI_MANIFEST, body.getJsonObject("artifact").getString("mime_type"));

            assertTrue(log.contains("submitted hpc/billing-service@" + DIGEST + " to the scanner adapter Trivy 0.50.1 (Aqua Security) at "
                    + adapter.url() + ": scan request " + SCAN_ID), log.toString());
            assertTrue(log.contains("report not ready yet; polling (the adapter asks to retry after 1 s)"), log.toString());
            assertTrue(log.contains("report received with 4 vulnerabilities"), log.toString());
            assertTrue(log.stream().noneMatch(l -> l.contains(ADAPTER_SECRET) || l.contains(PULL_TOKEN)), log.toString());
        }
    }

    @Test
    void aLongRefreshAfterIsCappedAtPollMax() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, notReady("3600"))) {
            long start = System.nanoTime();
            ScanOutcome outcome = new AdapterImageScanner(settings(adapter.url(), Optional.of(ADAPTER_AUTHORIZATION),
                    Duration.ofSeconds(20), Duration.ofSeconds(1))).scan(target(OCI_MANIFEST), ScanContext.quiet());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(4, outcome.findings().size());
            assertTrue(millis >= 1000 && millis < 5000, millis + " ms");
        }
    }

    @Test
    void anAdapterWithoutTheV11ReportIsRefusedBeforeScanning() throws Exception {
        try (StubHttpServer adapter = adapter(metadata("application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0"))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertEquals("the scanner adapter Trivy 0.50.1 (Aqua Security) does not produce "
                    + "application/vnd.security.vulnerability.report; version=1.1 reports "
                    + "(it produces: application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0)", e.getMessage());
            assertEquals(0, adapter.requests("POST", "/api/v1/scan").size());
        }
    }

    @Test
    void anArtifactTypeTheAdapterDoesNotScanIsRefused() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA)) {
            String schema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(schema1), ScanContext.quiet()));
            assertEquals("the scanner adapter Trivy 0.50.1 (Aqua Security) does not scan " + schema1
                    + " artifacts (it scans: " + OCI_MANIFEST + ", " + DOCKER_MANIFEST + ")", e.getMessage());
        }
    }

    @Test
    void aFailedScanRequestCarriesTheAdaptersMessageWithoutCredentials() throws Exception {
        try (StubHttpServer adapter = new StubHttpServer(request -> request.path().equals("/api/v1/metadata")
                ? Reply.json(200, TRIVY_METADATA)
                : error(500, "running trivy: GET " + REGISTRY + "/v2/hpc/billing-service/manifests/" + DIGEST
                        + " (Authorization: " + PULL_AUTHORIZATION + ", adapter: " + request.header("Authorization")
                        + "): unexpected status code 401"))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertTrue(e.getMessage().startsWith("the scanner adapter answered 500 to the scan request: running trivy: GET "), e.getMessage());
            assertTrue(e.getMessage().endsWith("unexpected status code 401"), e.getMessage());
            assertNoSecret(e);
            // Both credentials did reach the adapter.
            Request scan = adapter.requests("POST", "/api/v1/scan").get(0);
            assertEquals(ADAPTER_AUTHORIZATION, scan.header("Authorization"));
            assertTrue(scan.body().contains(PULL_AUTHORIZATION));
        }
    }

    @Test
    void aLongErrorIsCutOnlyAfterItsCredentialsAreMasked() throws Exception {
        String padding = "trivy: " + "layer sha256:" + "ab".repeat(125);
        try (StubHttpServer adapter = new StubHttpServer(request -> error(503, padding + " with " + request.header("Authorization")
                + " and " + PULL_AUTHORIZATION + " " + "retry later ".repeat(20)))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertTrue(e.getMessage().startsWith("the scanner adapter answered 503 to the metadata request: trivy: layer"), e.getMessage());
            assertTrue(e.getMessage().endsWith("..."), e.getMessage());
            assertTrue(e.getMessage().length() < 400, e.getMessage());
            assertNoSecret(e);
        }
    }

    @Test
    void aRefusedCredentialSaysWhichSettingToCheck() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("harbor:S3cr3t-Passw0rd".getBytes());
        try (StubHttpServer adapter = new StubHttpServer(request ->
                error(401, "invalid credentials harbor:S3cr3t-Passw0rd in " + request.header("Authorization")))) {
            ScanFailedException e = assertThrows(ScanFailedException.class, () -> new AdapterImageScanner(
                    settings(adapter.url(), Optional.of(basic), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                    .scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertEquals("the scanner adapter refused the metadata request (401): invalid credentials <redacted> in <redacted>; "
                    + "check scanner.adapter.authorization", e.getMessage());
            assertEquals(basic, adapter.requests().get(0).header("Authorization"));
        }
    }

    @Test
    void anUnknownScanRequestIsNamed() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, error(404, "scan job not found: " + SCAN_ID))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertEquals("the scanner adapter does not know scan request " + SCAN_ID + ": scan job not found: " + SCAN_ID, e.getMessage());
        }
    }

    @Test
    void aScanThatFailsWhilePollingCarriesTheAdaptersMessage() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, notReady(null),
                error(500, "scan job failed: running trivy wrapper: exit status 1: FATAL image scan error: unable to inspect the image"))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertEquals("the scanner adapter answered 500 to the report request: scan job failed: running trivy wrapper: "
                    + "exit status 1: FATAL image scan error: unable to inspect the image", e.getMessage());
        }
    }

    @Test
    void aMalformedReportIsReportedAsSuch() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA,
                new Reply(200, "{\"generated_at\": \"2024-05-02T08:41:07Z\", \"vulnerabilities\": [{\"id\": ", Map.of()))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertEquals("the scanner adapter's report for scan request " + SCAN_ID + " is not valid JSON", e.getMessage());
        }
        try (StubHttpServer adapter = new StubHttpServer(request -> Reply.json(200, "<html>scanner</html>"))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).info());
            assertEquals("the scanner adapter's metadata answer is not valid JSON", e.getMessage());
        }
    }

    @Test
    void aReportOnAnotherArtifactIsRefused() throws Exception {
        String other = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, new Reply(200, report(other), Map.of()))) {
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), ScanContext.quiet()));
            assertEquals("the scanner adapter sent a report on " + other + " for scan request " + SCAN_ID + ", which was for " + DIGEST,
                    e.getMessage());
        }
    }

    @Test
    void aReportThatNeverComesTimesOut() throws Exception {
        Reply[] forever = Collections.nCopies(100, notReady("1")).toArray(Reply[]::new);
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, forever)) {
            long start = System.nanoTime();
            ScanFailedException e = assertThrows(ScanFailedException.class, () -> new AdapterImageScanner(
                    settings(adapter.url(), Optional.of(ADAPTER_AUTHORIZATION), Duration.ofSeconds(2), Duration.ofSeconds(30)))
                    .scan(target(OCI_MANIFEST), ScanContext.quiet()));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals("adapter report not ready after 2 s (scan request " + SCAN_ID + ")", e.getMessage());
            assertTrue(millis >= 2000 && millis < 6000, millis + " ms");
            int polls = adapter.requests("GET", "/api/v1/scan/").size();
            assertTrue(polls >= 2 && polls <= 4, polls + " polls, one a second");
        }
    }

    @Test
    void aStopRequestEndsTheWait() throws Exception {
        Reply[] slow = Collections.nCopies(100, notReady("30")).toArray(Reply[]::new);
        try (StubHttpServer adapter = adapter(TRIVY_METADATA, slow)) {
            ScanContext context = new ScanContext(line -> { }, () -> !adapter.requests("GET", "/api/v1/scan/").isEmpty());
            long start = System.nanoTime();
            ScanFailedException e = assertThrows(ScanFailedException.class,
                    () -> new AdapterImageScanner(settings(adapter.url())).scan(target(OCI_MANIFEST), context));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals("scan stopped on request while waiting for the scanner adapter's report (scan request " + SCAN_ID + ")",
                    e.getMessage());
            assertTrue(millis < 3000, "did not sit out the 30 s Refresh-After: " + millis + " ms");
            Thread.sleep(200);
            assertEquals(1, adapter.requests("GET", "/api/v1/scan/").size(), "no poll after the stop");
        }
    }

    @Test
    void infoComesFromTheAdaptersMetadata() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA)) {
            AdapterImageScanner scanner = new AdapterImageScanner(settings(adapter.url()));
            assertEquals("adapter", scanner.type());
            assertEquals(new ScannerInfo("Trivy", "Aqua Security", "0.50.1"), scanner.info());
            assertEquals(ADAPTER_AUTHORIZATION, adapter.requests().get(0).header("Authorization"));
            assertTrue(adapter.requests().get(0).header("Accept").contains("application/vnd.scanner.adapter.metadata+json"));
        }
    }

    @Test
    void withoutACredentialNoAuthorizationHeaderIsSent() throws Exception {
        try (StubHttpServer adapter = adapter(TRIVY_METADATA)) {
            ScanOutcome outcome = new AdapterImageScanner(settings(adapter.url(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                    .scan(target(OCI_MANIFEST), ScanContext.quiet());
            assertEquals(4, outcome.findings().size());
            assertEquals(3, adapter.requests().size());
            for (Request request : adapter.requests()) {
                assertNull(request.header("Authorization"), request.path());
            }
        }
    }

    @Test
    void anUnreachableAdapterIsNamed() throws Exception {
        String url;
        try (StubHttpServer gone = new StubHttpServer(request -> Reply.json(200, "{}"))) {
            url = gone.url();
        }
        ScanFailedException e = assertThrows(ScanFailedException.class,
                () -> new AdapterImageScanner(settings(url)).scan(target(OCI_MANIFEST), ScanContext.quiet()));
        assertTrue(e.getMessage().startsWith("the scanner adapter at " + url + " cannot be reached: "), e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void withoutAUrlTheScanSaysWhatToSet() {
        ScanFailedException e = assertThrows(ScanFailedException.class,
                () -> new AdapterImageScanner(AdapterSettings.from(new MapConfig(Map.of()))).scan(target(OCI_MANIFEST), ScanContext.quiet()));
        assertEquals("the scanner adapter is not configured: set scanner.adapter.url (environment variable SCANNER_ADAPTER_URL)",
                e.getMessage());
    }

    @Test
    void settingsComeFromConfigWithDocumentedDefaults() {
        AdapterSettings defaults = AdapterSettings.from(new MapConfig(Map.of()));
        assertFalse(defaults.url().isPresent());
        assertFalse(defaults.authorization().isPresent());
        assertEquals(Duration.ofSeconds(600), defaults.timeout());
        assertEquals(Duration.ofMillis(2000), defaults.pollInterval());
        assertEquals(Duration.ofSeconds(30), defaults.pollMax());
        assertEquals(Duration.ofMillis(5000), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(60), defaults.readTimeout());

        AdapterSettings set = AdapterSettings.from(new MapConfig(Map.of(
                "scanner.adapter.url", "http://trivy-adapter:8080",
                "scanner.adapter.authorization", ADAPTER_AUTHORIZATION,
                "scanner.adapter.timeout.seconds", "300",
                "scanner.adapter.poll.max.seconds", "10")));
        assertEquals(Optional.of("http://trivy-adapter:8080"), set.url());
        assertEquals(Optional.of(ADAPTER_AUTHORIZATION), set.authorization());
        assertEquals(Duration.ofSeconds(300), set.timeout());
        assertEquals(Duration.ofSeconds(10), set.pollMax());
        assertFalse(set.toString().contains(ADAPTER_SECRET), set.toString());
    }

    static void assertNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertFalse(message.contains(ADAPTER_SECRET.substring(0, 12)), "adapter credential in: " + message);
            assertFalse(message.contains(PULL_TOKEN.substring(0, 12)), "pull token in: " + message);
            assertFalse(message.contains("Bearer "), "authorization in: " + message);
        }
    }
}

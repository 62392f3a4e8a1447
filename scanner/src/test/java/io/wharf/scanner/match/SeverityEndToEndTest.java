package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import io.wharf.scanner.vulndb.VulnStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Debian 12 image of Wharf issue 14 (openssl, glibc, curl and tar with known fixes) against the real Debian
 * tracker, NVD and GHSA records of src/test/resources: which source rates each finding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeverityEndToEndTest {
    private static final String OS_RELEASE = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"
            + "VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";

    private ScanEndToEndTest.Image image;
    /** Debian tracker (vuln-list layout), GHSA and NVD records. */
    private Map<String, Finding> withNvd;
    /** The same without the NVD records: how findings were rated before. */
    private Map<String, Finding> withoutNvd;
    /** The tracker's JSON export for the same CVEs, and the NVD records. */
    private Map<String, Finding> trackerJson;
    private DataSource trackerJsonDb;

    private static String dpkg(String name, String source, String version) {
        return "Package: " + name + "\nStatus: install ok installed\n" + (source == null ? "" : "Source: " + source + "\n")
                + "Version: " + version + "\nDescription: test\n\n";
    }

    private static Path trackerJsonExcerpt() {
        try {
            return Path.of(SeverityEndToEndTest.class.getResource("/debian-tracker-json/bookworm-excerpt.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void scan() throws IOException {
        String status = dpkg("libssl3", "openssl", "3.0.11-1~deb12u2") + dpkg("openssl", null, "3.0.11-1~deb12u2")
                + dpkg("libc6", "glibc", "2.36-9+deb12u1")
                + dpkg("curl", null, "7.88.1-10+deb12u1") + dpkg("libcurl4", "curl", "7.88.1-10+deb12u1")
                + dpkg("tar", null, "1.34+dfsg-1.2");
        byte[] base = new LayerBuilder().file("etc/os-release", OS_RELEASE).file("var/lib/dpkg/status", status)
                .build(Compression.GZIP);
        byte[] app = new LayerBuilder().file("app/node_modules/lodash/package.json",
                "{\"name\":\"lodash\",\"version\":\"4.17.15\"}").build(Compression.GZIP);
        image = new ScanEndToEndTest.Image().layer(base, "gzip").layer(app, "gzip");

        withNvd = scan(TestDatabase.fresh(), List.of(VulnData.debianTracker(), VulnData.osv(), VulnData.root().resolve("nvd")));
        withoutNvd = scan(TestDatabase.fresh(), List.of(VulnData.debianTracker(), VulnData.osv()));
        trackerJsonDb = TestDatabase.fresh();
        trackerJson = scan(trackerJsonDb, List.of(trackerJsonExcerpt(), VulnData.root().resolve("nvd")));
    }

    private Map<String, Finding> scan(DataSource ds, List<Path> data) throws IOException {
        VulnDatabase db = new VulnDatabase(ds);
        ImportResult imported = db.importFrom(data);
        assertTrue(imported.warnings().isEmpty(), imported.warnings().toString());
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals("Debian:12", report.osRelease());
        return report.findings().stream().collect(Collectors.toMap(f -> f.vulnerabilityId() + " " + f.packageName(),
                f -> f, (a, b) -> a, TreeMap::new));
    }

    private static Finding get(Map<String, Finding> findings, String key) {
        Finding f = findings.get(key);
        assertTrue(f != null, "expected finding " + key + " in " + findings.keySet());
        return f;
    }

    private static void assertRated(Map<String, Finding> findings, String key, Severity severity, String source) {
        Finding f = get(findings, key);
        assertEquals(severity, f.severity(), key);
        assertEquals(source, f.severitySource(), key);
    }

    @Test
    void findingsTheTrackerLeavesUnratedGetTheNvdsRating() {
        // glibc's heap overflow: the tracker gives no urgency, the NVD rates it 7.8 (its Primary v3.1, not Red Hat's 8.4)
        assertRated(withoutNvd, "CVE-2023-6246 libc6", Severity.UNKNOWN, null);
        assertRated(withNvd, "CVE-2023-6246 libc6", Severity.HIGH, "nvd");
        Finding glibc = get(withNvd, "CVE-2023-6246 libc6");
        assertEquals(new Cvss("3.1", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "nvd"), glibc.preferredCvss());
        assertEquals(List.of("CWE-787", "CWE-122"), glibc.cweIds());
        assertEquals("2.36-9+deb12u4", glibc.fixedVersion());

        assertRated(withNvd, "CVE-2023-5678 libssl3", Severity.MEDIUM, "nvd");
        assertEquals(5.3, get(withNvd, "CVE-2023-5678 libssl3").preferredCvss().score());
        assertRated(withNvd, "CVE-2023-38545 curl", Severity.CRITICAL, "nvd");
        assertRated(withNvd, "CVE-2023-38546 libcurl4", Severity.LOW, "nvd");
        // only a Secondary (CNA / CISA-ADP) metric: still the NVD record's rating
        assertRated(withNvd, "CVE-2023-4911 libc6", Severity.HIGH, "nvd");
        assertRated(withNvd, "CVE-2024-2398 curl", Severity.HIGH, "nvd");

        // the Debian findings' highest severity is no longer Low
        assertEquals(Severity.LOW, highest(debian(withoutNvd)));
        assertEquals(Severity.CRITICAL, highest(debian(withNvd)));
        long unknownBefore = debian(withoutNvd).stream().filter(f -> f.severity() == Severity.UNKNOWN).count();
        List<String> unknownAfter = debian(withNvd).stream().filter(f -> f.severity() == Severity.UNKNOWN)
                .map(f -> f.vulnerabilityId() + " " + f.packageName()).toList();
        assertTrue(unknownBefore >= 20, "Unknown before: " + unknownBefore);
        // CVE-2024-2961: the stored NVD record is "Awaiting Analysis" with no metrics, and the tracker gives no urgency;
        // CVE-2023-6779/6780 are known only from DSA-5611-1 (no tracker entry nor NVD record among the fixtures)
        assertEquals(List.of("CVE-2023-6779 libc6", "CVE-2023-6780 libc6", "CVE-2024-2961 libc6"), unknownAfter);
        assertNull(get(withNvd, "CVE-2024-2961 libc6").preferredCvss());
        // ... though its CNA's weakness is known
        assertEquals(List.of("CWE-787"), get(withNvd, "CVE-2024-2961 libc6").cweIds());
    }

    private static Severity highest(List<Finding> findings) {
        return findings.stream().map(Finding::severity).filter(x -> x != Severity.UNKNOWN).min(Enum::compareTo)
                .orElse(Severity.UNKNOWN);
    }

    private static List<Finding> debian(Map<String, Finding> findings) {
        return findings.values().stream().filter(f -> f.ecosystem().startsWith("Debian")).toList();
    }

    @Test
    void theDistributionsUrgencyBeatsTheNvd() {
        // tar's setuid warning: Debian says unimportant (Low), the NVD's v2 says 10.0 (High)
        assertRated(withNvd, "CVE-2005-2541 tar", Severity.LOW, "debian");
        Finding tar = get(withNvd, "CVE-2005-2541 tar");
        assertEquals(new Cvss("2.0", "AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, "nvd"), tar.preferredCvss());
        // glibc's ASLR bypass: unimportant in Debian, Critical 9.8 (v3.0) in the NVD
        assertRated(withNvd, "CVE-2019-1010022 libc6", Severity.LOW, "debian");
        assertEquals("3.0", get(withNvd, "CVE-2019-1010022 libc6").preferredCvss().version());
    }

    @Test
    void anAdvisoryKeepsItsRatingWhereTheNvdHasNone() {
        assertRated(withoutNvd, "GHSA-p6mc-m468-83gw lodash", Severity.HIGH, "ghsa");
        Cvss ghsa = get(withoutNvd, "GHSA-p6mc-m468-83gw lodash").preferredCvss();
        assertEquals("ghsa", ghsa.source());
        assertEquals("3.1", ghsa.version());
        // with the NVD record of its CVE (CVE-2020-8203) the NVD rates it, its v2 rating is kept too
        assertRated(withNvd, "GHSA-p6mc-m468-83gw lodash", Severity.HIGH, "nvd");
        Finding f = get(withNvd, "GHSA-p6mc-m468-83gw lodash");
        assertEquals(7.4, f.preferredCvss().score());
        assertEquals(Set.of("3.1", "2.0"), f.cvss().stream().filter(c -> c.source().equals("nvd")).map(Cvss::version)
                .collect(Collectors.toSet()));
        assertTrue(f.cvss().stream().anyMatch(c -> c.source().equals("ghsa")));
    }

    @Test
    void theTrackersJsonExportGivesTheSameVerdictsAsTheVulnListLayout() throws SQLException {
        // every CVE of the excerpt: same findings, fixed versions and ratings (urgency "not yet assigned" → NVD)
        Set<String> excerpt = Set.of("CVE-2023-38545", "CVE-2023-38546", "CVE-2024-2398", "CVE-2024-7264",
                "CVE-2019-1010022", "CVE-2023-4911", "CVE-2023-6246", "CVE-2024-2961", "CVE-2023-0286",
                "CVE-2023-5363", "CVE-2023-5678", "CVE-2024-0727", "CVE-2024-5535", "CVE-2005-2541",
                "CVE-2022-48303", "CVE-2023-39804");
        Map<String, String> fromVulnList = verdicts(withNvd, excerpt);
        Map<String, String> fromJson = verdicts(trackerJson, excerpt);
        assertEquals(fromVulnList, fromJson);
        assertEquals(23, fromJson.size(), fromJson.toString());
        assertTrue(fromJson.get("CVE-2023-6246 libc6").endsWith("High by nvd"), fromJson.toString());
        assertTrue(fromJson.get("CVE-2005-2541 tar").endsWith("Low by debian"), fromJson.toString());

        // repositories give the release's source version: the highest of the release and its security suite
        VulnStore store = new VulnStore(trackerJsonDb);
        try (Connection c = store.connection()) {
            assertEquals(Optional.of("3.0.17-1~deb12u2"), store.distroPackageVersion(c, "bookworm", "openssl"));
            assertEquals(Optional.of("98.0.4758.102-1~deb11u1"), store.distroPackageVersion(c, "bullseye", "chromium"));
        }
    }

    private static Map<String, String> verdicts(Map<String, Finding> findings, Set<String> ids) {
        Map<String, String> out = new TreeMap<>();
        for (Finding f : findings.values()) {
            if (ids.contains(f.vulnerabilityId())) {
                out.put(f.vulnerabilityId() + " " + f.packageName(), "fixed in " + f.fixedVersion() + ", "
                        + f.severity().label() + " by " + f.severitySource());
            }
        }
        return out;
    }

}

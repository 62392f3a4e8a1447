package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.BlobSource;
import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.LayerRef;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.JarBuilder;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Synthetic images whose packages are real package versions, matched against the real records of
 * src/test/resources/vulndata; the expectations are read off those records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanEndToEndTest {
    private VulnDatabase db;

    @BeforeAll
    void importRealRecords() {
        db = new VulnDatabase(TestDatabase.fresh());
        var result = db.importFrom(List.of(VulnData.root()));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    /** An in-memory image: layers by digest, counting how often each is opened. */
    static final class Image implements BlobSource {
        final List<LayerRef> layers = new ArrayList<>();
        final Map<String, byte[]> blobs = new HashMap<>();
        final AtomicInteger opened = new AtomicInteger();

        Image layer(byte[] bytes, String mediaType) {
            String digest = LayerBuilder.sha256(bytes);
            layers.add(new LayerRef(digest, mediaType, bytes.length));
            blobs.put(digest, bytes);
            return this;
        }

        @Override
        public java.io.InputStream open(LayerRef layer) {
            opened.incrementAndGet();
            return new ByteArrayInputStream(blobs.get(layer.digest()));
        }
    }

    private static final String OS_RELEASE = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"
            + "VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";

    private static String dpkg(String name, String source, String version) {
        return "Package: " + name + "\nStatus: install ok installed\n" + (source == null ? "" : "Source: " + source + "\n")
                + "Version: " + version + "\nDescription: test\n\n";
    }

    private static byte[] debianBase(String opensslVersion) {
        String status = dpkg("libssl3", "openssl", opensslVersion) + dpkg("openssl", null, opensslVersion)
                + dpkg("tar", null, "1.34+dfsg-1.2")
                + dpkg("libc6", "glibc", "2.36-9+deb12u1")
                + dpkg("zlib1g", "zlib", "1:1.2.13.dfsg-1")
                + dpkg("libtinfo6", "ncurses", "6.4-4");
        return new LayerBuilder().symlink("etc/os-release", "../usr/lib/os-release")
                .file("usr/lib/os-release", OS_RELEASE).file("var/lib/dpkg/status", status).build(Compression.GZIP);
    }

    private static byte[] appLayer(String log4jVersion, String lodashVersion) {
        byte[] fatJar = new JarBuilder().pomProperties("com.example", "shop", "1.0.0")
                .nested("BOOT-INF/lib/log4j-core-" + log4jVersion + ".jar",
                        JarBuilder.mavenJar("org.apache.logging.log4j", "log4j-core", log4jVersion), true)
                .build();
        return new LayerBuilder().file("app/shop.jar", fatJar)
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"" + lodashVersion + "\"}")
                .build(Compression.ZSTD);
    }

    private static Map<String, Finding> byKey(ScanReport report) {
        return report.findings().stream().collect(Collectors.toMap(f -> f.vulnerabilityId() + " " + f.packageName(), f -> f));
    }

    @Test
    void debianImageWithJarAndNpmPackages() throws IOException {
        Image image = new Image().layer(debianBase("3.0.11-1~deb12u2"), "application/vnd.oci.image.layer.v1.tar+gzip")
                .layer(appLayer("2.14.1", "4.17.15"), "application/vnd.oci.image.layer.v1.tar+zstd");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals("Debian:12", report.osRelease());
        Map<String, Finding> f = byKey(report);

        // openssl: bookworm line fixed 3.0.13-1~deb12u1; postponed and unstable-only <unfixed> stay open
        assertFix(f, "CVE-2023-5678 libssl3", "3.0.13-1~deb12u1");
        assertFix(f, "CVE-2024-0727 openssl", "3.0.13-1~deb12u1");
        assertFix(f, "CVE-2024-5535 libssl3", null);
        assertFix(f, "CVE-2023-5363 libssl3", null);
        // fixed in unstable (3.0.8-1) before bookworm's 3.0.x was built: not reported
        assertTrue(!f.containsKey("CVE-2023-0286 libssl3"));
        // tar: [bookworm] fix, <no-dsa> with a newer unstable fix, and an "unimportant" <unfixed>
        assertFix(f, "CVE-2022-48303 tar", "1.34+dfsg-1.2+deb12u1");
        assertFix(f, "CVE-2023-39804 tar", null);
        assertFix(f, "CVE-2005-2541 tar", null);
        assertEquals(Severity.LOW, f.get("CVE-2005-2541 tar").severity());
        // glibc: the bookworm fix comes from DSA-5514-1
        assertFix(f, "CVE-2023-4911 libc6", "2.36-9+deb12u3");
        assertTrue(f.get("CVE-2023-4911 libc6").aliases().contains("DSA-5514-1"));
        assertFix(f, "CVE-2019-1010022 libc6", null);
        // zlib: unstable fix older than the installed version → fixed; newer → affected
        assertTrue(!f.containsKey("CVE-2022-37434 zlib1g"));
        assertFix(f, "CVE-2023-45853 zlib1g", null);
        // ncurses: unstable fix 6.4-3 ≤ bookworm 6.4-4 → fixed; <no-dsa> with newer unstable fix → affected
        assertTrue(!f.containsKey("CVE-2023-29491 libtinfo6"));
        assertFix(f, "CVE-2023-50495 libtinfo6", null);

        // the nested log4j-core: both Log4Shell advisories, with their CVSS-derived severities
        Finding log4shell = f.get("GHSA-jfh8-c2jp-5v3q org.apache.logging.log4j:log4j-core");
        assertEquals("2.15.0", log4shell.fixedVersion());
        assertEquals(Severity.CRITICAL, log4shell.severity());
        assertEquals(List.of("CVE-2021-44228"), log4shell.aliases());
        assertEquals(image.layers.get(1).digest(), log4shell.layerDigest());
        assertTrue(log4shell.links().stream().anyMatch(l -> l.contains("CVE-2021-44228")));
        assertFix(f, "GHSA-7rjr-3q55-vv33 org.apache.logging.log4j:log4j-core", "2.16.0");
        // lodash 4.17.15
        assertFix(f, "GHSA-p6mc-m468-83gw lodash", "4.17.20");
        assertEquals(Severity.HIGH, f.get("GHSA-p6mc-m468-83gw lodash").severity());
        assertFix(f, "GHSA-35jh-r3h4-6jhm lodash", "4.17.21");

        assertEquals(Set.of(), f.keySet().stream().filter(k -> k.contains("com.example")).collect(Collectors.toSet()));
        assertEquals(image.layers.get(0).digest(), f.get("CVE-2022-48303 tar").layerDigest());
        assertEquals(report.findings().size(), report.severitySummary().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(report.packages().stream().anyMatch(p -> p.name().equals("libssl3") && "openssl".equals(p.sourceName())
                && p.ecosystem().equals("Debian:12")));
    }

    private static void assertFix(Map<String, Finding> findings, String key, String fixedVersion) {
        Finding f = findings.get(key);
        assertTrue(f != null, "expected finding " + key + " in " + findings.keySet());
        assertEquals(fixedVersion, f.fixedVersion(), key);
    }

    @Test
    void fixedVersionsYieldNothing() throws IOException {
        Image image = new Image().layer(debianBase("3.0.13-1~deb12u1"), "application/vnd.oci.image.layer.v1.tar+gzip")
                .layer(appLayer("2.17.1", "4.17.21"), "application/vnd.oci.image.layer.v1.tar+zstd");
        Map<String, Finding> f = byKey(new EmbeddedScanner(db).scan(image.layers, image));
        assertTrue(!f.containsKey("CVE-2023-5678 libssl3"));
        assertTrue(!f.containsKey("CVE-2024-0727 libssl3"));
        assertTrue(f.containsKey("CVE-2024-5535 libssl3"), "postponed in bookworm: still open");
        assertTrue(f.keySet().stream().noneMatch(k -> k.contains("log4j") || k.contains("lodash")), f.keySet().toString());
    }

    @Test
    void alpineImageMatchesSecdbByOriginAndRelease() throws IOException {
        String installed = "P:busybox\nV:1.36.1-r5\no:busybox\n\nP:ssl_client\nV:1.36.1-r5\no:busybox\n\n"
                + "P:zlib\nV:1.2.13-r1\no:zlib\n\n";
        Image image = new Image().layer(new LayerBuilder().file("etc/alpine-release", "3.18.4\n")
                .file("lib/apk/db/installed", installed).build(Compression.GZIP), "application/vnd.oci.image.layer.v1.tar+gzip");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals("Alpine:v3.18", report.osRelease());
        Map<String, Finding> f = byKey(report);
        assertFix(f, "CVE-2023-42366 busybox", "1.36.1-r6");
        assertFix(f, "CVE-2023-42363 ssl_client", "1.36.1-r7");
        assertTrue(!f.containsKey("CVE-2022-48174 busybox"), "fixed in 1.36.1-r1");
        assertTrue(!f.containsKey("CVE-2021-42373 busybox"), "secfixes \"0\": never affected");
        assertTrue(!f.containsKey("CVE-2023-45853 zlib"), "secfixes \"0\": never affected");
        assertEquals(Severity.UNKNOWN, f.get("CVE-2023-42366 busybox").severity(), "secdb carries no severity");
        assertEquals(Set.of("busybox", "ssl_client"), report.findings().stream().map(Finding::packageName).collect(Collectors.toSet()));
    }

    @Test
    void secondScanOfCachedLayersOpensNoBlob() throws IOException {
        Image image = new Image().layer(debianBase("3.0.11-1~deb12u2"), "gzip").layer(appLayer("2.14.1", "4.17.15"), "zstd");
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        ScanReport first = scanner.scan(image.layers, image);
        int openedFirst = image.opened.get();
        ScanReport second = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals(openedFirst, image.opened.get(), "no blob opened on the second scan");
        assertEquals(first.findings(), second.findings());
        assertEquals(first.packages(), second.packages());

        // an image sharing the base layer reads only its own top layer
        Image other = new Image().layer(image.blobs.get(image.layers.get(0).digest()), "gzip")
                .layer(appLayer("2.17.1", "4.17.21"), "zstd");
        scanner.scan(other.layers, other);
        assertEquals(1, other.opened.get());
    }

    @Test
    void whiteoutRemovesAVulnerableJar() throws IOException {
        byte[] remove = new LayerBuilder().whiteout("app/shop.jar").build(Compression.NONE);
        Image image = new Image().layer(debianBase("3.0.13-1~deb12u1"), "gzip").layer(appLayer("2.14.1", "4.17.15"), "zstd")
                .layer(remove, "tar");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertTrue(report.findings().stream().noneMatch(x -> x.packageName().contains("log4j")));
        assertTrue(report.findings().stream().anyMatch(x -> x.packageName().equals("lodash")));
        List<InstalledPackage> maven = report.packages().stream().filter(p -> p.type().equals("maven")).toList();
        assertEquals(List.of(), maven);
    }

    @Test
    void imageWithoutOsReleaseStillMatchesLanguagePackages() throws IOException {
        Image image = new Image().layer(appLayer("2.14.1", "4.17.15"), "zstd");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertNull(report.osRelease());
        assertEquals(4, report.findings().size());
        assertEquals(4, report.severitySummary().get(Severity.CRITICAL) + report.severitySummary().get(Severity.HIGH));
    }
}

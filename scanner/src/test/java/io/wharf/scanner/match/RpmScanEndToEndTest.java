package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.InstalledPackage;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Images whose rpm databases were written by the real rpm (test resources {@code rpmdb/}, see make-rpmdb.sh), matched
 * against real AlmaLinux advisories (test resources {@code vulndata/almalinux}); the expected findings are read
 * off those advisories' fixed versions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpmScanEndToEndTest {
    private static final String ALMA9_RELEASE = "NAME=\"AlmaLinux\"\nVERSION=\"9.3 (Shamrock Pampas Cat)\"\n"
            + "ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\nPLATFORM_ID=\"platform:el9\"\n";
    private static final String ALMA8_RELEASE = "NAME=\"AlmaLinux\"\nVERSION=\"8.8 (Sapphire Caracal)\"\n"
            + "ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"8.8\"\nPLATFORM_ID=\"platform:el8\"\n";
    private static final String SQLITE = "var/lib/rpm/rpmdb.sqlite";

    private VulnDatabase db;

    @BeforeAll
    void importRealRecords() {
        db = new VulnDatabase(TestDatabase.fresh());
        var result = db.importFrom(List.of(VulnData.root()));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    private static byte[] rpmdb(String dir) throws IOException {
        try {
            return Files.readAllBytes(Path.of(RpmScanEndToEndTest.class.getResource("/rpmdb/" + dir + "/rpmdb.sqlite").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> ids(ScanReport report, String pkg) {
        return report.findings().stream().filter(f -> f.packageName().equals(pkg)).map(Finding::vulnerabilityId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void almaLinux9ImageFindsEveryAffectedAdvisoryAndNoFixedOne() throws IOException {
        byte[] base = new LayerBuilder().file("etc/os-release", ALMA9_RELEASE).file(SQLITE, rpmdb("almalinux9"))
                .build(Compression.GZIP);
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image().layer(base, "application/vnd.oci.image.layer.v1.tar+gzip");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals("AlmaLinux:9", report.osRelease());

        Map<String, InstalledPackage> pkgs = report.packages().stream()
                .collect(Collectors.toMap(InstalledPackage::name, p -> p));
        InstalledPackage openssl = pkgs.get("openssl-libs");
        assertEquals("1:3.0.7-6.el9_2", openssl.version());
        assertEquals("rpm", openssl.type());
        assertEquals("AlmaLinux:9", openssl.ecosystem());
        assertEquals("openssl", openssl.sourceName());
        assertEquals("x86_64", openssl.attributes().get("arch"));
        assertEquals(image.layers.get(0).digest(), openssl.layerDigest());
        assertEquals(7, report.packages().size());

        // openssl-libs 1:3.0.7-6.el9_2: fixed later by 3722 (-16), 0310 (-25), 2447 (-27);
        // 2523 was fixed in exactly this build and 0946 before it
        assertEquals(Set.of("ALSA-2023:3722", "ALSA-2024:0310", "ALSA-2024:2447"), ids(report, "openssl-libs"));
        // tar 2:1.34-6.el9_1 is ALSA-2023:0959's fix; ALSA-2026:0067 fixes 2:1.34-9.el9_7
        assertEquals(Set.of("ALSA-2026:0067"), ids(report, "tar"));
        // systemd-libs 252-32.el9_4.alma.1 is ALSA-2024:2463's fix (an AlmaLinux-specific release)
        assertEquals(Set.of(), ids(report, "systemd-libs"));
        assertEquals(Set.of("ALSA-2025:11992"), ids(report, "sqlite-libs"));
        // libcurl-minimal 7.76.1-23.el9_2.2: 2650 (.1) and 4354 (.2) fixed; 5763 (.4) and 6679 (-26) not
        assertEquals(Set.of("ALSA-2023:5763", "ALSA-2023:6679"), ids(report, "libcurl-minimal"));

        Finding f3722 = report.findings().stream().filter(f -> f.vulnerabilityId().equals("ALSA-2023:3722"))
                .findFirst().orElseThrow();
        assertEquals("1:3.0.7-16.el9_2", f3722.fixedVersion());
        assertEquals(Severity.MEDIUM, f3722.severity()); // "Moderate: openssl security and bug fix update"
        assertTrue(f3722.aliases().containsAll(List.of("CVE-2023-2650", "CVE-2023-0464", "CVE-2023-1255")),
                f3722.aliases().toString());
        Finding f0067 = report.findings().stream().filter(f -> f.vulnerabilityId().equals("ALSA-2026:0067"))
                .findFirst().orElseThrow();
        assertEquals("2:1.34-9.el9_7", f0067.fixedVersion());
        assertTrue(f0067.aliases().contains("CVE-2025-45582"));
    }

    @Test
    void anUpdateInALaterLayerIsAttributedToThatLayerAndClosesItsAdvisories() throws IOException {
        byte[] base = new LayerBuilder().file("etc/os-release", ALMA9_RELEASE).file(SQLITE, rpmdb("almalinux9"))
                .build(Compression.GZIP);
        byte[] update = new LayerBuilder().file(SQLITE, rpmdb("almalinux9-updated")).build(Compression.GZIP);
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image()
                .layer(base, "application/vnd.oci.image.layer.v1.tar+gzip")
                .layer(update, "application/vnd.oci.image.layer.v1.tar+gzip");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        Map<String, InstalledPackage> pkgs = report.packages().stream()
                .collect(Collectors.toMap(InstalledPackage::name, p -> p));
        assertEquals(7, pkgs.size());
        assertEquals("1:3.0.7-27.el9", pkgs.get("openssl-libs").version());
        assertEquals(image.layers.get(1).digest(), pkgs.get("openssl-libs").layerDigest());
        assertEquals(image.layers.get(0).digest(), pkgs.get("tar").layerDigest());
        assertEquals(Set.of(), ids(report, "openssl-libs"));
        assertEquals(Set.of("ALSA-2026:0067"), ids(report, "tar"));

        byte[] removed = new LayerBuilder().whiteout(SQLITE).build(Compression.GZIP);
        image.layer(removed, "application/vnd.oci.image.layer.v1.tar+gzip");
        assertTrue(new EmbeddedScanner(db).scan(image.layers, image).packages().isEmpty());
    }

    @Test
    void moduleStreamsAreKeptApart() throws IOException {
        byte[] base = new LayerBuilder().file("etc/os-release", ALMA8_RELEASE).file(SQLITE, rpmdb("almalinux8"))
                .build(Compression.GZIP);
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image().layer(base, "application/vnd.oci.image.layer.v1.tar+gzip");
        ScanReport report = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals("AlmaLinux:8", report.osRelease());
        InstalledPackage nodejs = report.packages().stream().filter(p -> p.name().equals("nodejs")).findFirst()
                .orElseThrow();
        assertEquals("nodejs:16:8080020230607100314:b0a9d20e", nodejs.attributes().get("modularitylabel"));
        // nodejs:16 build 16.20.1: the nodejs:16 advisory applies (fix 16.20.2); the nodejs:18 and nodejs:20
        // advisories, whose fixes are higher versions of other streams, do not
        assertEquals(Set.of("ALSA-2024:1444"), ids(report, "nodejs"));
        Finding f = report.findings().stream().filter(x -> x.vulnerabilityId().equals("ALSA-2024:1444")).findFirst()
                .orElseThrow();
        assertEquals("1:16.20.2-4.module_el8.9.0+3747+ead8229c", f.fixedVersion());
        assertEquals(Severity.HIGH, f.severity()); // "Important: nodejs:16 security update"
        assertEquals(Set.of("ALSA-2026:1852"), ids(report, "libblkid"));
        assertNotNull(report.packages().stream().filter(p -> p.name().equals("libblkid")).findFirst().orElseThrow()
                .layerDigest());
        assertFalse(report.findings().isEmpty());

        // a second scan reads the layer cache, which must keep the module label (else the stream is lost)
        int opened = image.opened.get();
        ScanReport cached = new EmbeddedScanner(db).scan(image.layers, image);
        assertEquals(opened, image.opened.get());
        assertEquals(report.packages(), cached.packages());
        assertEquals(Set.of("ALSA-2024:1444"), ids(cached, "nodejs"));
    }
}

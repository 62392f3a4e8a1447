package io.wharf.scanner.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.Finding;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ubuntu images matched against Ubuntu's own OSV records (src/test/resources/vulndata/ubuntu: CVE-2023-5363,
 * CVE-2023-1255 and CVE-2023-0286, real records of canonical/ubuntu-security-notices); the expectations are
 * read off those records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UbuntuScanTest {
    private VulnDatabase db;

    @BeforeAll
    void importRealRecords() {
        db = new VulnDatabase(TestDatabase.fresh());
        var result = db.importFrom(List.of(VulnData.root().resolve("ubuntu")));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    private static String dpkg(String name, String source, String version) {
        return "Package: " + name + "\nStatus: install ok installed\n" + (source == null ? "" : "Source: " + source + "\n")
                + "Version: " + version + "\nDescription: test\n\n";
    }

    private ScanReport scan(String versionId, String codename, String status) throws IOException {
        byte[] layer = new LayerBuilder()
                .file("etc/os-release", "NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"" + versionId + "\"\n"
                        + "VERSION_CODENAME=" + codename + "\n")
                .file("var/lib/dpkg/status", status).build(Compression.GZIP);
        ScanEndToEndTest.Image image = new ScanEndToEndTest.Image().layer(layer, "application/vnd.oci.image.layer.v1.tar+gzip");
        return new EmbeddedScanner(db).scan(image.layers, image);
    }

    private static Map<String, Finding> byKey(ScanReport report) {
        return report.findings().stream().collect(Collectors.toMap(f -> f.vulnerabilityId() + " " + f.packageName(), f -> f));
    }

    private ScanReport jammyOpenssl(String version) throws IOException {
        return scan("22.04", "jammy", dpkg("libssl3", "openssl", version) + dpkg("openssl", null, version));
    }

    @Test
    void opensslOnJammyByItsSourcePackageWithUbuntuPriorityAsSeverity() throws IOException {
        ScanReport before = jammyOpenssl("3.0.2-0ubuntu1.9");
        assertEquals("Ubuntu:22.04", before.osRelease());
        Map<String, Finding> f = byKey(before);
        assertEquals(Set.of("CVE-2023-5363 libssl3", "CVE-2023-5363 openssl", "CVE-2023-1255 libssl3",
                "CVE-2023-1255 openssl"), f.keySet());
        Finding ivLength = f.get("CVE-2023-5363 libssl3");
        assertEquals("3.0.2-0ubuntu1.12", ivLength.fixedVersion());
        // the record's CVSS 3.1 vector scores 7.5 (High); Ubuntu rates it medium for jammy's openssl
        assertEquals(Severity.MEDIUM, ivLength.severity());
        assertEquals("3.0.2-0ubuntu1.10", f.get("CVE-2023-1255 openssl").fixedVersion());
        assertEquals(Severity.LOW, f.get("CVE-2023-1255 openssl").severity());

        // 1.10 has the CVE-2023-1255 fix; 1.12 both (and noble's 3.0.10 row is not jammy's)
        assertEquals(Set.of("CVE-2023-5363 libssl3", "CVE-2023-5363 openssl"),
                byKey(jammyOpenssl("3.0.2-0ubuntu1.10")).keySet());
        assertEquals(Set.of(), byKey(jammyOpenssl("3.0.2-0ubuntu1.12")).keySet());
    }

    @Test
    void unfixedPackageWithoutUbuntuPriorityKeepsTheRecordSeverity() throws IOException {
        Map<String, Finding> f = byKey(scan("22.04", "jammy", dpkg("nodejs", null, "12.22.9~dfsg-1ubuntu3.6")));
        assertNull(f.get("CVE-2023-5363 nodejs").fixedVersion());
        assertEquals(Severity.HIGH, f.get("CVE-2023-5363 nodejs").severity()); // CVSS 7.5
        assertEquals(Severity.MEDIUM, f.get("CVE-2023-1255 nodejs").severity()); // CVSS 5.9
    }

    @Test
    void proRecordsOnlyForImagesWithUbuntuProPackages() throws IOException {
        // bionic is only covered for Pro subscribers: a plain 18.04 image is not matched against Pro records
        assertEquals(Set.of(), byKey(scan("18.04", "bionic", dpkg("nodejs", null, "8.10.0~dfsg-2ubuntu0.4"))).keySet());
        Map<String, Finding> pro = byKey(scan("18.04", "bionic", dpkg("nodejs", null, "8.10.0~dfsg-2ubuntu0.4+esm5")));
        assertEquals(Set.of("CVE-2023-5363 nodejs", "CVE-2023-1255 nodejs"), pro.keySet());
        assertNull(pro.get("CVE-2023-5363 nodejs").fixedVersion());

        // xenial's openssl fix for CVE-2023-0286 (priority high) is in ESM: only a Pro image is told about it
        String plainXenial = dpkg("libssl1.0.0", "openssl", "1.0.2g-1ubuntu4.20");
        assertEquals(Set.of(), byKey(scan("16.04", "xenial", plainXenial)).keySet());
        Map<String, Finding> proXenial = byKey(scan("16.04", "xenial",
                dpkg("libssl1.0.0", "openssl", "1.0.2g-1ubuntu4.20+esm5")));
        assertEquals(Set.of("CVE-2023-0286 libssl1.0.0"), proXenial.keySet());
        assertEquals("1.0.2g-1ubuntu4.20+esm6", proXenial.get("CVE-2023-0286 libssl1.0.0").fixedVersion());
        assertEquals(Severity.HIGH, proXenial.get("CVE-2023-0286 libssl1.0.0").severity());
        assertEquals(Set.of(), byKey(scan("16.04", "xenial", dpkg("libssl1.0.0", "openssl", "1.0.2g-1ubuntu4.20+esm6")))
                .keySet());
    }
}

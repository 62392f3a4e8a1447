package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.Severity;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each importer on the real records in src/test/resources/vulndata. */
class VulnImporterTest {
    private final DataSource ds = TestDatabase.fresh();
    private final VulnDatabase db = new VulnDatabase(ds);
    private final VulnStore store = new VulnStore(ds);

    @TempDir
    Path tmp;

    private List<AffectedRow> rows(String ecosystem, String pkg) throws SQLException {
        try (Connection c = store.connection()) {
            return store.affected(c, ecosystem, pkg);
        }
    }

    private Optional<VulnRecord> record(String source, String id) throws SQLException {
        try (Connection c = store.connection()) {
            return store.record(c, source, id);
        }
    }

    @Test
    void osvSingleFileCarriesSeverityAliasesAndRanges() throws SQLException {
        ImportResult result = db.importFrom(List.of(VulnData.osv("GHSA-jfh8-c2jp-5v3q")));
        assertEquals(Map.of("osv", 1), result.counts());
        assertTrue(result.warnings().isEmpty());
        VulnRecord r = record("osv", "GHSA-jfh8-c2jp-5v3q").orElseThrow();
        assertEquals(List.of("CVE-2021-44228"), r.aliases());
        assertEquals(Severity.CRITICAL, r.severity());
        assertEquals(10.0, r.cvssScore());
        assertEquals("Remote code injection in Log4j", r.summary());
        assertEquals(3, rows("Maven", "org.apache.logging.log4j:log4j-core").size());
    }

    @Test
    void osvFolderAndAllZipGiveTheSameRecords(@TempDir Path zipDir) throws IOException, SQLException {
        ImportResult fromFolder = db.importFrom(List.of(VulnData.osv()));
        Path zip = zipDir.resolve("all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             var files = Files.list(VulnData.osv())) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        VulnDatabase other = new VulnDatabase(TestDatabase.fresh());
        ImportResult fromZip = other.importFrom(List.of(zip));
        assertEquals(fromFolder.counts(), fromZip.counts());
        assertEquals(6, fromZip.counts().get("osv"));
    }

    @Test
    void malformedRecordIsSkippedWithAWarningNamingItAndTheRestImports() throws IOException, SQLException {
        Path folder = Files.createDirectories(tmp.resolve("osv"));
        Files.copy(VulnData.osv("GHSA-p6mc-m468-83gw"), folder.resolve("GHSA-p6mc-m468-83gw.json"));
        String real = Files.readString(VulnData.osv("GHSA-35jh-r3h4-6jhm"));
        Path broken = folder.resolve("GHSA-35jh-r3h4-6jhm.json");
        Files.writeString(broken, real.substring(0, real.length() / 2)); // truncated download
        Files.writeString(folder.resolve("notes.json"), "{\"hello\": \"world\"}");

        ImportResult result = db.importFrom(List.of(folder));

        assertEquals(Map.of("osv", 1), result.counts());
        assertEquals(2, result.warnings().size());
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains(broken.toString())), result.warnings().toString());
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("notes.json")));
        assertTrue(record("osv", "GHSA-p6mc-m468-83gw").isPresent());
    }

    @Test
    void reimportReplacesInsteadOfDuplicating() throws SQLException, IOException {
        db.importFrom(List.of(VulnData.osv()));
        db.importFrom(List.of(VulnData.alpine318()));
        db.importFrom(List.of(VulnData.debianTracker()));
        // rows of the current generations (replaced ones stay a while for scans that started before the swap)
        String currentAffected = "SELECT COUNT(*) FROM vuln_affected a JOIN vuln_source s ON a.generation = s.generation";
        String currentRecords = "SELECT COUNT(*) FROM vuln_record r JOIN vuln_source s ON r.generation = s.generation";
        int affected = TestDatabase.count(ds, currentAffected);
        int records = TestDatabase.count(ds, currentRecords);

        db.importFrom(List.of(VulnData.osv(), VulnData.alpine318(), VulnData.debianTracker()));
        assertEquals(affected, TestDatabase.count(ds, currentAffected));
        assertEquals(records, TestDatabase.count(ds, currentRecords));

        // a newer copy of a record replaces the old one: here lodash's fix moved from 4.17.20 to 4.17.21
        Path newer = tmp.resolve("GHSA-p6mc-m468-83gw.json");
        Files.writeString(newer, Files.readString(VulnData.osv("GHSA-p6mc-m468-83gw")).replace("4.17.20", "4.17.21"));
        db.importFrom(List.of(newer));
        List<AffectedRow> lodash = rows("npm", "lodash").stream()
                .filter(r -> r.vulnId().equals("GHSA-p6mc-m468-83gw")).toList();
        assertEquals(1, lodash.size());
        assertTrue(lodash.get(0).ranges().contains("4.17.21"));
    }

    @Test
    void alpineSecdbJsonSkipsNeverAffectedAndSplitsTokens() throws SQLException {
        ImportResult result = db.importFrom(List.of(VulnData.alpine318()));
        assertEquals(248, result.counts().get("alpine"));
        List<AffectedRow> busybox = rows("Alpine", "busybox");
        assertTrue(busybox.stream().anyMatch(r -> r.vulnId().equals("CVE-2023-42366") && r.ranges().contains("1.36.1-r6")));
        assertTrue(busybox.stream().noneMatch(r -> r.vulnId().equals("CVE-2021-42373")), "\"0\" means never affected");
        assertTrue(busybox.stream().allMatch(r -> r.release().equals("v3.18")));
        assertTrue(rows("Alpine", "xen").stream().anyMatch(r -> r.vulnId().equals("CVE-2019-17350")));
        assertEquals(List.of("XSA-253"), record("alpine", "CVE-2018-5244").orElseThrow().aliases());
    }

    @Test
    void alpineSecdbYamlKeepsVersionKeysAsWritten() throws SQLException {
        ImportResult result = db.importFrom(List.of(VulnData.alpine310Yaml()));
        assertEquals(166, result.counts().get("alpine"));
        assertTrue(result.warnings().isEmpty());
        assertTrue(rows("Alpine", "apache2").stream()
                .anyMatch(r -> r.vulnId().equals("CVE-2019-10081") && r.ranges().contains("\"2.4.41-r0\"")
                        && r.release().equals("v3.10")));
    }

    @Test
    void debianTrackerLayoutRecordsReleaseLinesAdvisoriesAndSourceVersions() throws SQLException {
        ImportResult result = db.importFrom(List.of(VulnData.debianTracker()));
        assertEquals(25, result.counts().get("debian"));
        assertEquals(4, result.counts().get("debian-sources"));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());

        List<AffectedRow> tar = rows("Debian", "tar");
        assertTrue(tar.stream().anyMatch(r -> r.vulnId().equals("CVE-2023-39804") && r.release().equals("bookworm")
                && r.status().equals("no-dsa")));
        assertTrue(tar.stream().anyMatch(r -> r.vulnId().equals("CVE-2005-2541") && r.release().equals("sid")
                && r.severity() == Severity.LOW));
        assertTrue(rows("Debian", "glibc").stream().anyMatch(r -> r.recordKey().equals("DSA-5514-1")
                && r.vulnId().equals("CVE-2023-4911") && "2.36-9+deb12u3".equals(r.fixedVersion())));
        try (Connection c = store.connection()) {
            assertEquals(Optional.of("3.0.17-1~deb12u2"), store.distroPackageVersion(c, "bookworm", "openssl"));
        }
        assertEquals("There is a type confusion vulnerability relating to X.400 address proc ...",
                record("debian", "CVE-2023-0286").orElseThrow().summary());
    }

    @Test
    void statusRecordsWhenEachSourceWasUpdated() {
        assertTrue(db.status().isEmpty());
        db.importFrom(List.of(VulnData.osv(), VulnData.debianTracker()));
        List<SourceStatus> status = db.status();
        assertEquals(List.of("debian", "debian-sources", "osv"), status.stream().map(SourceStatus::name).toList());
        SourceStatus osv = status.get(2);
        assertEquals(6, osv.records());
        assertTrue(osv.lastUpdated().isAfter(java.time.Instant.now().minusSeconds(60)));
    }

    @Test
    void missingPathIsAWarning() {
        ImportResult result = db.importFrom(List.of(tmp.resolve("nope")));
        assertEquals(0, result.total());
        assertEquals(1, result.warnings().size());
    }
}

package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real NVD records (vulndata/nvd, both serialisations), imported bare, in an API response, and as a (gzip'd) feed. */
class NvdImportTest {
    private final DataSource ds = TestDatabase.fresh();
    private final VulnDatabase db = new VulnDatabase(ds);
    private final VulnStore store = new VulnStore(ds);

    @TempDir
    Path tmp;

    private VulnRecord nvd(String id) throws SQLException {
        try (Connection c = store.connection()) {
            return store.record(c, "nvd", id).orElseThrow(() -> new AssertionError("no NVD record " + id));
        }
    }

    private static String text(String cveId) throws IOException {
        return Files.readString(VulnData.nvd(cveId));
    }

    @Test
    void bareRecordsOfBothSerialisationsKeepThePrimaryMetricPerVersionAndTheCweIds() throws SQLException, IOException {
        // fkie-cad (ASCII, 7.8 with a decimal) and aquasecurity (Go encoding, raw UTF-8) serialisations
        ImportResult result = db.importFrom(List.of(VulnData.nvd("CVE-2023-6246"), VulnData.nvd("CVE-2023-5678"),
                VulnData.nvd("CVE-2013-4392"), VulnData.nvd("CVE-2005-2541"), VulnData.nvd("CVE-2024-2961"),
                VulnData.nvd("CVE-2021-44228"), VulnData.nvd("CVE-2024-5535"), VulnData.nvd("CVE-2022-0235"),
                VulnData.nvd("CVE-2010-4756")));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        assertEquals(9, result.counts().get("nvd"));

        VulnRecord glibc = nvd("CVE-2023-6246");
        assertEquals(Severity.HIGH, glibc.severity());
        assertEquals("3.1", glibc.cvssVersion());
        assertEquals(7.8, glibc.cvssScore()); // NVD's Primary, not Red Hat's Secondary 8.4
        assertEquals("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", glibc.cvssVector());
        assertEquals(List.of("CWE-787", "CWE-122"), glibc.cweIds());
        assertTrue(glibc.details().startsWith("A heap-based buffer overflow was found in the __vsyslog_internal"));
        assertTrue(glibc.references().contains("https://nvd.nist.gov/vuln/detail/CVE-2023-6246"));
        assertEquals(0, rowsOf("CVE-2023-6246"), "NVD records only rate, they affect no package");

        VulnRecord openssl = nvd("CVE-2023-5678");
        assertEquals(Severity.MEDIUM, openssl.severity());
        assertEquals(5.3, openssl.cvssScore());

        // v3.1 only from CISA-ADP (Secondary) comes before the NVD's own v2; both are kept; the record's
        // ssvcV203 metric block (unknown here) is ignored
        assertTrue(text("CVE-2013-4392").contains("\"ssvcV203\""));
        VulnRecord systemd = nvd("CVE-2013-4392");
        assertEquals(List.of("3.1", "2.0"), systemd.cvss().stream().map(Cvss::version).toList());
        assertEquals(Severity.MEDIUM, systemd.severity());
        assertEquals(3.3, systemd.cvss().get(1).score());

        // v2 only: NVD's v2 bands (10.0 is High; v2 has no Critical)
        assertEquals(Severity.HIGH, nvd("CVE-2005-2541").severity());
        assertEquals("AV:N/AC:L/Au:N/C:C/I:C/A:C", nvd("CVE-2005-2541").cvssVector());
        assertEquals(4.0, nvd("CVE-2010-4756").cvssScore());
        assertEquals(Severity.MEDIUM, nvd("CVE-2010-4756").severity(), "4.0 is Medium in v2's bands");
        // "Awaiting Analysis" without metrics: nobody rates it
        assertEquals(Severity.UNKNOWN, nvd("CVE-2024-2961").severity());
        assertNull(nvd("CVE-2024-2961").cvssVector());
        // Go's whole-number score "10"
        assertEquals(10.0, nvd("CVE-2021-44228").cvssScore());
        assertEquals(Severity.CRITICAL, nvd("CVE-2021-44228").severity());
        // only a CNA/CISA-ADP (Secondary) rating: still the NVD record's rating
        assertEquals(Severity.CRITICAL, nvd("CVE-2024-5535").severity());
        // v3.1 (NVD, Primary) before v3.0 (the CNA's, Secondary) although the v3.0 one rates it higher
        assertEquals(Severity.MEDIUM, nvd("CVE-2022-0235").severity());
        assertEquals(List.of("3.1", "3.0", "2.0"), nvd("CVE-2022-0235").cvss().stream().map(Cvss::version).toList());
    }

    private int rowsOf(String id) throws SQLException {
        return TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_affected WHERE vuln_id = '" + id + "'");
    }

    @Test
    void apiResponseEnvelopeAndGzippedFeedAreStreamedRecordByRecord() throws IOException, SQLException {
        Path api = Files.writeString(tmp.resolve("response.json"), "{\"resultsPerPage\":2,\"startIndex\":0,"
                + "\"totalResults\":2,\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"timestamp\":\"2024-05-01T00:00:00.000\","
                + "\"vulnerabilities\":[{\"cve\":" + text("CVE-2023-6246") + "},{\"cve\":" + text("CVE-2023-5678") + "}]}");
        Path feed = tmp.resolve("CVE-2023.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(feed))) {
            out.write(("{\"timestamp\":\"2025-01-01T00:00:00\",\"cve_count\":2,\"feed_name\":\"CVE-2023\","
                    + "\"cve_items\":[" + text("CVE-2023-38545") + "," + text("CVE-2023-45853") + "]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        ImportResult result = db.importFrom(List.of(api, feed));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        assertEquals(4, result.counts().get("nvd"));
        assertEquals(Severity.HIGH, nvd("CVE-2023-6246").severity());
        assertEquals(Severity.MEDIUM, nvd("CVE-2023-5678").severity());
        assertEquals(Severity.CRITICAL, nvd("CVE-2023-38545").severity());
        assertEquals(9.8, nvd("CVE-2023-45853").cvssScore());
    }

    @Test
    void aResponseCutInsideAPartThatIsSkippedEndsWithAWarning() throws IOException {
        // Parsson's skipArray never returns on input that ends inside the array: the import must still end
        Path cut = Files.writeString(tmp.resolve("response.json"), "{\"format\":\"NVD_CVE\",\"vulnerabilities\":[{\"cve\":"
                + text("CVE-2023-6246") + "}],\"pages\":[1,2,[3");
        ImportResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> db.importFrom(List.of(cut)));
        assertEquals(1, result.counts().get("nvd"));
        assertEquals(1, result.warnings().size(), result.warnings().toString());
    }

    @Test
    void aFeedCutShortKeepsTheRecordsBeforeTheCutAndSaysSo() throws IOException, SQLException {
        String whole = "{\"cve_items\":[" + text("CVE-2023-6246") + "," + text("CVE-2023-38545") + "]}";
        Path cut = Files.writeString(tmp.resolve("feed.json"), whole.substring(0, whole.length() - 200));
        ImportResult result = db.importFrom(List.of(cut));
        assertEquals(1, result.counts().get("nvd"));
        assertEquals(1, result.warnings().size());
        assertTrue(result.warnings().get(0).startsWith("skipped " + cut + ": does not parse"), result.warnings().toString());
        assertEquals(Severity.HIGH, nvd("CVE-2023-6246").severity());
        try (Connection c = store.connection()) {
            assertTrue(store.record(c, "nvd", "CVE-2023-38545").isEmpty());
        }
    }
}

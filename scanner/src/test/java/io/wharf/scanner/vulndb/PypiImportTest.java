package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.Severity;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyPA advisory database's OSV-in-YAML records and GHSA's PyPI records (src/test/resources/vulndata/pypi). */
class PypiImportTest {
    private final DataSource ds = TestDatabase.fresh();
    private final VulnDatabase db = new VulnDatabase(ds);
    private final VulnStore store = new VulnStore(ds);

    @TempDir
    Path tmp;

    private List<AffectedRow> rows(String pkg) throws SQLException {
        try (Connection c = store.connection()) {
            return store.affected(c, "PyPI", pkg);
        }
    }

    @Test
    void yamlAndJsonRecordsImportAsOsv() throws SQLException {
        ImportResult result = db.importFrom(List.of(VulnData.root().resolve("pypi")));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        assertEquals(Map.of("osv", 25), result.counts()); // 22 PYSEC YAML + 3 GHSA JSON

        VulnRecord r;
        try (Connection c = store.connection()) {
            r = store.record(c, "osv", "PYSEC-2023-212").orElseThrow();
        }
        assertEquals(List.of("CVE-2023-45803", "GHSA-g4mx-q9vg-27p4"), r.aliases());
        assertEquals(Severity.MEDIUM, r.severity());
        assertTrue(r.details().startsWith("urllib3 is a user-friendly HTTP client library"), r.details());
        // urllib3: 5 PYSEC records, and GHSA-34jh-p97f-mpxf lists urllib3 twice
        assertEquals(7, rows("urllib3").size());
        // the YAML's unquoted 2.0 / quoted '2.0' version list items stay the strings they are (no 2.0 → float)
        AffectedRow pyyaml = rows("pyyaml").stream().filter(x -> x.vulnId().equals("PYSEC-2021-142")).findFirst()
                .orElseThrow();
        assertTrue(pyyaml.ranges().contains("\"3.10\""), pyyaml.ranges());
        // GIT ranges name commits, not versions: only the ECOSYSTEM range is kept
        AffectedRow urllib3 = rows("urllib3").stream().filter(x -> x.vulnId().equals("PYSEC-2023-212")).findFirst()
                .orElseThrow();
        assertTrue(urllib3.ranges().contains("ECOSYSTEM") && !urllib3.ranges().contains("\"GIT\""), urllib3.ranges());
    }

    /** GHSA spells names as the project does ("Werkzeug"): stored PEP 503-normalised, like installed names. */
    @Test
    void packageNamesAreNormalised() throws IOException, SQLException {
        Path original = VulnData.root().resolve("pypi/vulns/werkzeug/PYSEC-2023-58.yaml");
        String yaml = Files.readString(original, StandardCharsets.UTF_8);
        assertTrue(yaml.contains("name: werkzeug"));
        Files.writeString(tmp.resolve("PYSEC-2023-58.yaml"), yaml.replace("name: werkzeug", "name: Werkzeug"));
        assertTrue(db.importFrom(List.of(tmp)).warnings().isEmpty());
        assertEquals(1, rows("werkzeug").size());
        assertEquals(0, rows("Werkzeug").size());
    }

    @Test
    void yamlThatIsNeitherOsvNorSecdbIsSkippedWithAWarning() throws IOException {
        Files.writeString(tmp.resolve("ci.yaml"), "jobs:\n  build:\n    runs-on: linux\n");
        ImportResult result = db.importFrom(List.of(tmp));
        assertEquals(Map.of(), result.counts());
        assertEquals(1, result.warnings().size());
        assertTrue(result.warnings().get(0).contains("ci.yaml: not a recognised vulnerability record"),
                result.warnings().toString());
    }
}

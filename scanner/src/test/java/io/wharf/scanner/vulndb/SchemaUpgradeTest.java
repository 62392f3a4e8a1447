package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A database created by an earlier scanner (vuln_record without the CVSS/CWE columns) gets them on first use. */
class SchemaUpgradeTest {
    @Test
    void anOlderVulnRecordTableGetsTheNewColumnsAndKeepsItsRows() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE vuln_record (source_name VARCHAR(32) NOT NULL, vuln_id VARCHAR(255) NOT NULL,"
                    + " summary VARCHAR(4000), details CLOB, severity VARCHAR(16) NOT NULL, cvss_vector VARCHAR(255),"
                    + " cvss_score DECIMAL(3,1), aliases VARCHAR(4000), refs CLOB, modified VARCHAR(64),"
                    + " PRIMARY KEY (source_name, vuln_id))");
            s.executeUpdate("INSERT INTO vuln_record (source_name, vuln_id, severity) VALUES ('osv', 'GHSA-old', 'HIGH')");
        }
        ImportResult result = new VulnDatabase(ds).importFrom(List.of(VulnData.nvd("CVE-2023-6246")));
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
        VulnStore store = new VulnStore(ds);
        try (Connection c = store.connection()) {
            VulnRecord r = store.record(c, "nvd", "CVE-2023-6246").orElseThrow();
            assertEquals(List.of("CWE-787", "CWE-122"), r.cweIds());
            assertEquals("3.1", r.cvssVersion());
            assertTrue(store.record(c, "osv", "GHSA-old").isPresent());
        }
    }
}

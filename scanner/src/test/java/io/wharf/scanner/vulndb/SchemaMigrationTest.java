package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A database from before generations: its vulnerability tables are rebuilt, its layer cache is kept. */
class SchemaMigrationTest {
    @Test
    void oldVulnTablesAreRecreatedAndTheLayerCacheIsKept() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // the DDL of the schema before generations
            s.executeUpdate("CREATE TABLE vuln_source (source_name VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " updated_at TIMESTAMP NOT NULL, record_count INTEGER NOT NULL)");
            s.executeUpdate("CREATE TABLE vuln_record (source_name VARCHAR(32) NOT NULL, vuln_id VARCHAR(255) NOT NULL,"
                    + " summary VARCHAR(4000), details CLOB, severity VARCHAR(16) NOT NULL, cvss_vector VARCHAR(255),"
                    + " cvss_score DECIMAL(3,1), aliases VARCHAR(4000), refs CLOB, modified VARCHAR(64),"
                    + " PRIMARY KEY (source_name, vuln_id))");
            s.executeUpdate("CREATE TABLE vuln_affected (source_name VARCHAR(32) NOT NULL, record_key VARCHAR(255) NOT NULL,"
                    + " vuln_id VARCHAR(255) NOT NULL, ecosystem VARCHAR(64) NOT NULL, release_name VARCHAR(64) NOT NULL,"
                    + " package_name VARCHAR(512) NOT NULL, match_kind VARCHAR(32) NOT NULL, status VARCHAR(32),"
                    + " fixed_version VARCHAR(255), severity VARCHAR(16) NOT NULL, ranges CLOB)");
            s.executeUpdate("CREATE TABLE vuln_distro_package (release_name VARCHAR(64) NOT NULL,"
                    + " package_name VARCHAR(255) NOT NULL, pkg_version VARCHAR(255) NOT NULL,"
                    + " PRIMARY KEY (release_name, package_name))");
            s.executeUpdate("CREATE TABLE vuln_layer_inventory (layer_digest VARCHAR(255) NOT NULL PRIMARY KEY,"
                    + " format_version INTEGER NOT NULL, inventory CLOB NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.executeUpdate("INSERT INTO vuln_source VALUES ('osv', CURRENT_TIMESTAMP, 1)");
            s.executeUpdate("INSERT INTO vuln_record (source_name, vuln_id, severity) VALUES ('osv', 'GHSA-old', 'HIGH')");
            s.executeUpdate("INSERT INTO vuln_layer_inventory VALUES ('sha256:abc', 1, 'x', CURRENT_TIMESTAMP)");
        }

        VulnDatabase db = new VulnDatabase(ds);
        assertTrue(db.state().empty(), "old data dropped: it cannot be told apart by generation");
        assertEquals(0, TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_record"));
        assertEquals(1, TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_layer_inventory WHERE layer_digest = 'sha256:abc'"));

        db.importFrom(List.of(VulnData.osv("GHSA-p6mc-m468-83gw")));
        assertEquals(1, db.status().get(0).records());
        // the recreated table has the columns added since (NVD ratings, CWE ids)
        assertEquals(1, TestDatabase.count(ds, "SELECT COUNT(*) FROM vuln_record WHERE cvss_all IS NULL OR cwe_ids IS NULL OR cvss_version IS NOT NULL"));
    }
}

package io.wharf.scanner.vulndb;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Creates the scanner's tables when they are absent. The DDL sticks to what Apache Derby and PostgreSQL share
 * (VARCHAR, INTEGER, DECIMAL, TIMESTAMP); the only difference is the large text type, CLOB on Derby and TEXT
 * elsewhere. Every table name starts with {@code vuln_} so the scanner can share the application's database.
 */
public final class Schema {
    private Schema() {
    }

    /** The scanner's tables, in creation order. */
    static final List<String> TABLES = List.of("vuln_source", "vuln_record", "vuln_affected", "vuln_distro_package",
            "vuln_layer_inventory", "vuln_maven_sha1", "vuln_generation", "vuln_generation_log");

    /**
     * The vulnerability data tables of the schema before generations (no {@code generation} column). They hold
     * only re-downloadable data, so an old database has them dropped and recreated; {@code vuln_layer_inventory}
     * is kept (it spares reading every layer again).
     */
    static final List<String> DATA_TABLES = List.of("vuln_source", "vuln_record", "vuln_affected", "vuln_distro_package");

    /**
     * Whether every table exists, by one cheap query that reads no row ({@code SELECT 1 FROM t WHERE 1 = 0} per
     * table). {@code DatabaseMetaData.getTables} costs Derby a compilation of its metadata queries, 0.2–1.6 s on a
     * cold JVM, which the first scan paid; this probe is one small statement. Any failure (a missing table: Derby
     * 42X05, PostgreSQL 42P01) answers false, and {@link #ensure} then checks table by table.
     */
    public static boolean present(Connection c) {
        StringBuilder sql = new StringBuilder();
        for (String t : TABLES) {
            sql.append(sql.length() == 0 ? "" : " UNION ALL ").append("SELECT 1 FROM ").append(t).append(" WHERE 1 = 0");
        }
        // the generation columns tell the current schema from the one before it
        sql.append(" UNION ALL SELECT 1 FROM vuln_record WHERE generation < 0 AND 1 = 0")
                .append(" UNION ALL SELECT 1 FROM vuln_source WHERE generation < 0 AND 1 = 0");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public static void ensure(Connection c) throws SQLException {
        String text = largeTextType(c);
        dropOldDataTables(c);
        List<String[]> tables = List.of(
                // one row per data source (a feed such as osv-maven, or a parser source of manual imports);
                // generation 0 = no current data
                new String[] {"vuln_source", "CREATE TABLE vuln_source (source_name VARCHAR(255) NOT NULL PRIMARY KEY,"
                        + " updated_at TIMESTAMP, record_count INTEGER NOT NULL, generation BIGINT NOT NULL,"
                        + " url VARCHAR(2048), etag VARCHAR(1024), last_modified VARCHAR(128), last_success TIMESTAMP,"
                        + " last_attempt TIMESTAMP, last_error VARCHAR(4000), failures INTEGER NOT NULL,"
                        + " next_attempt_after TIMESTAMP)"},
                new String[] {"vuln_record", "CREATE TABLE vuln_record (source_name VARCHAR(32) NOT NULL,"
                        + " vuln_id VARCHAR(255) NOT NULL, summary VARCHAR(4000), details " + text + ","
                        + " severity VARCHAR(16) NOT NULL, cvss_vector VARCHAR(255), cvss_score DECIMAL(3,1),"
                        + " aliases VARCHAR(4000), refs " + text + ", modified VARCHAR(64),"
                        + " cvss_version VARCHAR(8), cwe_ids VARCHAR(1024), cvss_all VARCHAR(2000), generation BIGINT NOT NULL,"
                        + " PRIMARY KEY (source_name, vuln_id, generation))"},
                new String[] {"vuln_affected", "CREATE TABLE vuln_affected (source_name VARCHAR(32) NOT NULL,"
                        + " record_key VARCHAR(255) NOT NULL, vuln_id VARCHAR(255) NOT NULL,"
                        + " ecosystem VARCHAR(64) NOT NULL, release_name VARCHAR(64) NOT NULL,"
                        + " package_name VARCHAR(512) NOT NULL, match_kind VARCHAR(32) NOT NULL,"
                        + " status VARCHAR(32), fixed_version VARCHAR(255), severity VARCHAR(16) NOT NULL,"
                        + " ranges " + text + ", generation BIGINT NOT NULL)"},
                new String[] {"vuln_distro_package", "CREATE TABLE vuln_distro_package (release_name VARCHAR(64) NOT NULL,"
                        + " package_name VARCHAR(255) NOT NULL, pkg_version VARCHAR(255) NOT NULL,"
                        + " generation BIGINT NOT NULL, PRIMARY KEY (release_name, package_name, generation))"},
                new String[] {"vuln_layer_inventory", "CREATE TABLE vuln_layer_inventory (layer_digest VARCHAR(255) NOT NULL"
                        + " PRIMARY KEY, format_version INTEGER NOT NULL, inventory " + text + " NOT NULL,"
                        + " created_at TIMESTAMP NOT NULL)"},
                new String[] {"vuln_maven_sha1", "CREATE TABLE vuln_maven_sha1 (sha1 CHAR(40) NOT NULL PRIMARY KEY,"
                        + " group_id VARCHAR(255) NOT NULL, artifact_id VARCHAR(255) NOT NULL,"
                        + " pkg_version VARCHAR(255) NOT NULL)"},
                // one row: the last generation number handed out, and the data's current one (a scan's stamp)
                new String[] {"vuln_generation", "CREATE TABLE vuln_generation (id INTEGER NOT NULL PRIMARY KEY,"
                        + " last_allocated BIGINT NOT NULL, current_generation BIGINT NOT NULL)"},
                // generations being written or retired, whose rows are deleted once no scan can still read them
                new String[] {"vuln_generation_log", "CREATE TABLE vuln_generation_log (generation BIGINT NOT NULL"
                        + " PRIMARY KEY, state VARCHAR(16) NOT NULL, since TIMESTAMP NOT NULL)"});
        for (String[] t : tables) {
            if (!exists(c, t[0])) {
                execute(c, t[1]);
                if (t[0].equals("vuln_affected")) {
                    execute(c, "CREATE INDEX vuln_affected_pkg ON vuln_affected (ecosystem, package_name)");
                    execute(c, "CREATE INDEX vuln_affected_key ON vuln_affected (source_name, record_key)");
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM vuln_generation")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                execute(c, "INSERT INTO vuln_generation (id, last_allocated, current_generation) VALUES (1, 0, 0)");
            }
        }
    }


    /** Drops the data tables of the schema before generations, when they are there (see {@link #DATA_TABLES}). */
    private static void dropOldDataTables(Connection c) throws SQLException {
        if (!exists(c, "vuln_record") || hasColumn(c, "vuln_record", "generation")) {
            return;
        }
        for (String t : DATA_TABLES) {
            if (exists(c, t)) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DROP TABLE " + t);
                }
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static String largeTextType(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("derby") ? "CLOB" : "TEXT";
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        // Derby stores unquoted names in upper case, PostgreSQL in lower case.
        for (String name : List.of(table.toUpperCase(Locale.ROOT), table)) {
            try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equalsIgnoreCase(c.getSchema())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            // Another server may have created it a moment ago (Derby X0Y32, PostgreSQL 42P07).
            if (!"X0Y32".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())
                    && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}

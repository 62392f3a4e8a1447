package io.wharf.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's template database (bin/wharf prime) is the schema at its newest migration and nothing else: a server
 * that starts on a copy applies no migration, and finds no user, so it makes its own admin.
 */
class DerbyTemplateTest {
    @Test
    void aTemplateIsAtTheNewestMigrationWithNoRowsAndAServerStartsOnItWithoutMigrating(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db");
        DerbyTemplate.main(new String[] {db.toString()});

        EmbeddedDataSource copy = new EmbeddedDataSource();
        copy.setDatabaseName(db.toString());
        try {
            assertEquals(0, count(copy, "SELECT COUNT(*) FROM wharf_user"), "no user, no admin password in the template");
            assertEquals(SchemaMigrations.NEWEST, count(copy,
                    "SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"));
            SchemaMigrations.Outcome start = SchemaMigrations.migrate(copy);
            assertEquals(0, start.applied(), "a server starting on the template applies nothing");
            assertEquals(String.valueOf(SchemaMigrations.NEWEST), start.version());
        } finally {
            EmbeddedDataSource shutdown = new EmbeddedDataSource();
            shutdown.setDatabaseName(db.toString());
            shutdown.setShutdownDatabase("shutdown");
            try {
                shutdown.getConnection().close();
            } catch (SQLException expected) {
                assertTrue("08006".equals(expected.getSQLState()), expected::toString);
            }
        }
    }

    private static int count(EmbeddedDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}

package io.wharf.schema;

import io.wharf.scanner.cli.DriverManagerDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Makes a new embedded Derby database with Wharf's schema at its newest migration, outside any server:
 * {@code java -cp <wharf-ejb.jar, the EAR's lib (Flyway, the scanner), the Derby jars> io.wharf.schema.DerbyTemplate DIRECTORY}.
 * The build makes one (bin/wharf prime) and a fresh home's first start begins with a copy of it, instead of
 * creating its database and applying every migration while the server starts. The server still checks the
 * copy's history like any other database's and applies what it lacks.
 */
public final class DerbyTemplate {
    private DerbyTemplate() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length != 1) {
            System.err.println("usage: DerbyTemplate DIRECTORY (a database that does not exist yet)");
            System.exit(2);
        }
        String url = "jdbc:derby:" + args[0];
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(new DriverManagerDataSource(url + ";create=true", null, null));
        try {
            // A database shut down cleanly can be copied as files and opened anywhere.
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState())) throw e; // 08006: this database shut down
        }
        System.out.println("Derby database " + args[0] + " at schema version " + outcome.version());
    }
}

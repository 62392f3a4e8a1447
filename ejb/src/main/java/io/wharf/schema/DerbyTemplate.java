package io.wharf.schema;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Makes a new embedded Derby database with Wharf's schema at its newest migration, outside any server:
 * {@code java -cp <wharf-ejb.jar, the EAR's lib, the Derby jars> io.wharf.schema.DerbyTemplate DIRECTORY}.
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
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(new UrlDataSource(url + ";create=true"));
        try {
            // A database shut down cleanly can be copied as files and opened anywhere.
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState())) throw e; // 08006: this database shut down
        }
        System.out.println("Derby database " + args[0] + " at schema version " + outcome.version());
    }

    /** Connections from the driver manager: all Flyway and the migrations need. */
    private record UrlDataSource(String url) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}

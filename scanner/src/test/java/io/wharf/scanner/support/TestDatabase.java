package io.wharf.scanner.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** A fresh embedded Derby in-memory database per call. */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        // keep Derby's boot log out of the module folder
        System.setProperty("derby.stream.error.field", "io.wharf.scanner.cli.ScannerCli.DERBY_LOG");
    }

    private TestDatabase() {
    }

    public static DataSource fresh() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:wharf-test-" + COUNTER.incrementAndGet() + "-" + System.nanoTime());
        ds.setCreateDatabase("create");
        return ds;
    }

    public static int count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public static void drop(String name) {
        try {
            DriverManager.getConnection("jdbc:derby:memory:" + name + ";drop=true").close();
        } catch (SQLException expected) {
            // Derby signals a dropped database with an exception
        }
    }
}

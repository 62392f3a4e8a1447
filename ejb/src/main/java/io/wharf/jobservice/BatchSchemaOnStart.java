package io.wharf.jobservice;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Makes sure the schema of Liberty's batch job store (the {@code databaseStore} of server.xml,
 * schema {@value #SCHEMA}) exists on PostgreSQL. Liberty creates the batch tables itself but not
 * their schema: on a fresh PostgreSQL database every scan job would otherwise fail with
 * "Failed to load JPA PersistenceServiceUnit". Derby creates schemas with their first table.
 */
@Singleton
@Startup
public class BatchSchemaOnStart {
    private static final Logger LOG = Logger.getLogger(BatchSchemaOnStart.class.getName());
    static final String SCHEMA = "WHARFBATCH";

    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    @PostConstruct
    void ensureSchema() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) return;
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            }
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "The batch job store's schema " + SCHEMA + " could not be created; scan jobs fail until it exists ("
                    + e.getMessage() + ")");
        }
    }
}

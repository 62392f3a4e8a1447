package io.wharf.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Migrates the schema when the application starts, before anything reads a table: every other
 * {@code @Startup} bean names it in {@code @DependsOn} (checked by {@code ArchitectureTest}), and requests
 * reach the application only after all of them have started. A failed migration fails the start, so
 * Wharf never runs on a schema it does not know. Bean-managed transactions: Flyway commits each
 * migration itself, outside any container transaction.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {
    /** The bean name that {@code @DependsOn} refers to. */
    public static final String NAME = "SchemaMigrator";

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(dataSource);
        if (outcome.baselined()) {
            LOG.info(() -> "Schema of an installation from before migrations recognised on " + outcome.database()
                    + " and baselined at version 1; its data is kept");
        }
        LOG.info(() -> "Schema on " + outcome.database() + " at version " + outcome.version() + " ("
                + outcome.applied() + " migrations applied now)");
    }
}

package io.wharf.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings Wharf's tables to the newest migration in {@code db/migration/<database>/} (Flyway; one
 * folder per database dialect, {@code derby} and {@code postgresql}), whatever state the database is in:
 * <ul>
 *   <li>a new database gets every migration, from {@code V1__baseline.sql} on;</li>
 *   <li>a database that Wharf created before migrations existed (EclipseLink's
 *       {@code create-or-extend-tables}: Wharf's tables, no history) is <em>baselined</em> at version 1,
 *       its rows kept, and gets the migrations after it;</li>
 *   <li>a database with a history gets the migrations it has not had yet (none when it is current).</li>
 * </ul>
 * Tables that are not Wharf's (the embedded scanner's {@code vuln_*}, created by its own {@code Schema};
 * Liberty's batch tables, in their own schema) are neither touched nor mistaken for Wharf's. Several
 * servers starting at once on one PostgreSQL are serialised by Flyway's lock.
 */
public final class SchemaMigrations {
    /** The table every Wharf installation has had since its first start: tells an old installation from a new one. */
    static final String MARKER_TABLE = "wharf_user";
    /** Flyway's history of applied migrations (its default name; Flyway quotes it, so it stays lower case on Derby). */
    static final String HISTORY_TABLE = "\"flyway_schema_history\"";
    /**
     * The newest migration Wharf ships, in both dialects' folders ({@code SchemaMigrationsTest} checks it against
     * the scripts, so a new migration cannot be added without it).
     */
    static final int NEWEST = 18;
    /** The PostgreSQL advisory lock that servers starting together take turns on (any number Flyway does not use). */
    static final long PG_LOCK = 0x5748_4152_4653_4348L;

    private SchemaMigrations() {
    }

    /** What a start did to the schema. */
    public record Outcome(String database, boolean baselined, int applied, String version) {
    }

    /** Migrates the database behind {@code dataSource}; throws (and changes nothing more) when a migration fails. */
    public static Outcome migrate(DataSource dataSource) {
        return migrate(dataSource, new String[0]);
    }

    /** As {@link #migrate(DataSource)}, with migrations from {@code moreLocations} too (tests). */
    static Outcome migrate(DataSource dataSource, String... moreLocations) {
        // Servers starting together take turns, from the first look at the tables to the last migration:
        // Flyway's own lock covers its migrations, not the decision to baseline taken before them.
        synchronized (SchemaMigrations.class) {
            try (Connection c = dataSource.getConnection()) {
                String database = dialect(c);
                boolean locked = database.equals("postgresql") && execute(c, "SELECT pg_advisory_lock(" + PG_LOCK + ")");
                try {
                    return migrate(dataSource, c, database, moreLocations);
                } finally {
                    if (locked) {
                        execute(c, "SELECT pg_advisory_unlock(" + PG_LOCK + ")");
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach the database to migrate its schema: " + e.getMessage(), e);
            }
        }
    }

    private static Outcome migrate(DataSource dataSource, Connection c, String database, String... moreLocations) {
        boolean hadHistory = exists(c, HISTORY_TABLE);
        // Most starts find the schema current. Telling that from the history alone spares each of them Flyway's
        // start (its classes, a scan of every script, validating their checksums: about a second of a server's
        // start); anything else (a migration to apply, a failed one, a newer schema) goes through Flyway.
        if (hadHistory && moreLocations.length == 0 && isCurrent(appliedVersions(c))) {
            return new Outcome(database, false, 0, String.valueOf(NEWEST));
        }
        boolean olderWharf = !hadHistory && exists(c, MARKER_TABLE);
        // Each folder holds an empty flyway.location: Liberty's class loader finds a folder inside a jar
        // only through a file in it. Flyway always looks for callbacks in db/callback too (and logs an error
        // at every start where it finds no such folder), so Wharf has that folder, empty.
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations(database, moreLocations))
                .callbackLocations(locations(database, moreLocations))
                // a folder Flyway cannot find, or a file whose name it would skip, fails the start
                // instead of leaving the schema short of a migration
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator") // java.util.logging: Liberty's messages.log
                // A schema with tables but no history: Wharf's from before migrations (baseline at 1, the
                // schema V1 describes), or only someone else's tables (baseline at 0, so V1 still runs).
                // The choice matters only when Flyway finds no history table; with one, it is ignored.
                .baselineOnMigrate(true)
                .baselineVersion(olderWharf ? "1" : "0")
                .baselineDescription(olderWharf ? "schema created by EclipseLink before migrations" : "before Wharf")
                .load();
        MigrateResult result = flyway.migrate();
        // From the result, not flyway.info(): each info() reads the history and every migration script again,
        // work that each start would pay twice more.
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Outcome(database, olderWharf, result.migrationsExecuted, version);
    }

    /** The history's rows with a version: the version, and whether it succeeded. */
    private static List<Map.Entry<String, Boolean>> appliedVersions(Connection c) {
        List<Map.Entry<String, Boolean>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"version\", \"success\" FROM " + HISTORY_TABLE + " WHERE \"version\" IS NOT NULL")) {
            while (r.next()) rows.add(Map.entry(r.getString(1), r.getBoolean(2)));
        } catch (SQLException e) {
            return List.of(); // not a history this check understands: Flyway decides
        }
        return rows;
    }

    /** Whether a history with these rows is at {@link #NEWEST} with nothing failed. */
    static boolean isCurrent(List<Map.Entry<String, Boolean>> rows) {
        int newest = -1;
        for (Map.Entry<String, Boolean> row : rows) {
            if (!row.getValue()) return false;
            try {
                newest = Math.max(newest, Integer.parseInt(row.getKey().trim()));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return newest == NEWEST;
    }

    private static boolean execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return true;
        }
    }

    /** The classpath folder holding {@code database}'s migrations, then {@code more}. */
    private static String[] locations(String database, String... more) {
        String[] all = new String[more.length + 1];
        all[0] = "classpath:db/migration/" + database;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    /** {@code derby} or {@code postgresql}, from the connection; any other database is refused with a clear message. */
    static String dialect(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("derby")) {
            return "derby";
        }
        if (product.contains("postgres")) {
            return "postgresql";
        }
        throw new IllegalStateException("Wharf's schema migrations cover Apache Derby and PostgreSQL, not "
                + c.getMetaData().getDatabaseProductName());
    }

    /** Whether {@code table} is there, by a statement that reads no row (a missing table fails it). */
    static boolean exists(Connection c, String table) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}

package io.wharf.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.audit.AuditLogEntry;
import io.wharf.project.UserAccount;
import io.wharf.scanner.vulndb.Schema;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The migrations against the entities, on a fresh database and on one that an older Wharf created with
 * EclipseLink's {@code create-or-extend-tables}, with EclipseLink 4.0.9 (Liberty's) outside the server.
 * On embedded Derby always; on PostgreSQL too where the build has a database (WHARF_IT_PG_PASSWORD, as
 * {@code .ci/run} sets up; each test works in a schema of its own and drops it).
 */
class SchemaMigrationsTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final List<Runnable> cleanups = new ArrayList<>();

    static Stream<Arguments> databases() {
        Stream.Builder<Arguments> b = Stream.builder();
        b.add(Arguments.of("derby"));
        if (System.getenv("WHARF_IT_PG_PASSWORD") != null && !System.getenv("WHARF_IT_PG_PASSWORD").isEmpty()) {
            b.add(Arguments.of("postgresql"));
        }
        return b.build();
    }

    @AfterEach
    void cleanUp() {
        cleanups.forEach(Runnable::run);
    }

    /** The migrations Wharf ships, by version (V1, V2, ...): every test expects all of them applied. */
    static List<String> versions() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(SchemaMigrationsTest.class.getResource("/db/migration/derby").toURI());
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList();
        }
    }

    static String latest() throws Exception {
        List<String> all = versions();
        return all.get(all.size() - 1);
    }

    @org.junit.jupiter.api.Test
    void theNewestVersionIsTheNewestScriptOfBothDialects() throws Exception {
        assertEquals(latest(), String.valueOf(SchemaMigrations.NEWEST), "a new migration: raise SchemaMigrations.NEWEST");
        java.nio.file.Path pg = java.nio.file.Path.of(SchemaMigrationsTest.class.getResource("/db/migration/postgresql").toURI());
        try (var files = java.nio.file.Files.list(pg)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("V" + SchemaMigrations.NEWEST + "__")),
                    "PostgreSQL has the newest migration too");
        }
    }

    @org.junit.jupiter.api.Test
    void onlyAHistoryAtTheNewestVersionWithNothingFailedIsCurrent() {
        String newest = String.valueOf(SchemaMigrations.NEWEST), before = String.valueOf(SchemaMigrations.NEWEST - 1);
        assertTrue(SchemaMigrations.isCurrent(List.of(java.util.Map.entry("1", true), java.util.Map.entry(newest, true))));
        assertFalse(SchemaMigrations.isCurrent(List.of(java.util.Map.entry("1", true), java.util.Map.entry(before, true))), "a migration to apply");
        assertFalse(SchemaMigrations.isCurrent(List.of(java.util.Map.entry(before, true), java.util.Map.entry(newest, false))), "a failed one");
        assertFalse(SchemaMigrations.isCurrent(List.of(java.util.Map.entry(newest, true), java.util.Map.entry("900", true))), "a newer schema");
        assertFalse(SchemaMigrations.isCurrent(List.of(java.util.Map.entry("1.5", true), java.util.Map.entry(newest, true))), "a version this check cannot read");
        assertFalse(SchemaMigrations.isCurrent(List.of()), "no history");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCurrentSchemaIsRecognisedFromItsHistory(String kind) throws Exception {
        DataSource ds = newDatabase(kind);
        assertEquals(versions().size(), SchemaMigrations.migrate(ds).applied());
        SchemaMigrations.Outcome again = SchemaMigrations.migrate(ds);
        assertEquals(new SchemaMigrations.Outcome(kind, false, 0, latest()), again);
        // a history with a failed migration is not current: Flyway refuses to start on it
        execute(ds, "UPDATE \"flyway_schema_history\" SET \"success\" = false WHERE \"version\" = '" + latest() + "'");
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> SchemaMigrations.migrate(ds));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aNewDatabaseGetsATableAndColumnForEveryEntityField(String kind) throws Exception {
        DataSource ds = newDatabase(kind);
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(ds);
        assertEquals(kind, outcome.database());
        assertFalse(outcome.baselined());
        assertEquals(latest(), outcome.version());
        SortedSet<String> migrated = columns(ds);
        assertTrue(migrated.contains("job_record.revision") && migrated.contains("project_metadata.meta_value"), migrated::toString);

        // EclipseLink adds whatever table or column an entity has and the schema lacks: after the
        // migrations it must find nothing to add (an entity or column without a migration fails here).
        closeAfter(Entities.open(ds, "create-or-extend-tables"));
        SortedSet<String> withoutMigration = columns(ds);
        withoutMigration.removeAll(migrated);
        assertEquals(new TreeSet<>(), withoutMigration, "entity columns no migration creates: add a migration (README, \"Schema migrations\")");
        assertEquals(migrated, columns(ds));

        // The unit works on the migrated schema without generating any DDL: identity keys included.
        EntityManagerFactory emf = closeAfter(Entities.open(ds, "none"));
        long first = persist(emf, new UserAccount("alice", "a@example.org", "Alice", null, "hash"));
        long second = persist(emf, new UserAccount("bob", "b@example.org", "Bob", null, "hash"));
        assertNotEquals(first, second);
        persist(emf, new AuditLogEntry(1L, "alice", "hpc/app:v1", "create", Instant.parse("2026-12-01T10:00:00Z")));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anInstallationFromBeforeMigrationsIsBaselinedAndKeepsItsRows(String kind) throws Exception {
        DataSource ds = newDatabase(kind);
        oldSchema(kind, ds);
        long alice;
        EntityManagerFactory before = Entities.open(ds, "none");
        try {
            alice = persist(before, new UserAccount("alice", "a@example.org", "Alice", null, "hash"));
        } finally {
            before.close();
        }
        execute(ds, "INSERT INTO notification_event (event_id, received_time) VALUES ('ev-1', CURRENT_TIMESTAMP)");
        SortedSet<String> oldColumns = columns(ds);

        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(ds);
        assertTrue(outcome.baselined(), outcome::toString);
        assertEquals(versions().size() - 1, outcome.applied(), "baselined at V1, then every later migration");
        assertEquals(latest(), outcome.version());
        assertTrue(columns(ds).containsAll(oldColumns), "baselining drops no column");
        assertEquals(List.of("alice"), strings(ds, "SELECT username FROM wharf_user"));
        assertEquals(List.of("ev-1"), strings(ds, "SELECT event_id FROM notification_event"));
        assertEquals(List.of("BASELINE"), strings(ds, "SELECT \"type\" FROM \"flyway_schema_history\" WHERE \"version\" = '1'"));

        // The next start finds the history and does nothing; a new user gets a key of its own.
        SchemaMigrations.Outcome again = SchemaMigrations.migrate(ds);
        assertFalse(again.baselined());
        assertEquals(0, again.applied());
        EntityManagerFactory after = closeAfter(Entities.open(ds, "none"));
        long bob = persist(after, new UserAccount("bob", "b@example.org", "Bob", null, "hash"));
        assertNotEquals(alice, bob);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLaterMigrationRunsOnABaselinedInstallationAndKeepsItsRows(String kind) throws Exception {
        DataSource ds = newDatabase(kind);
        oldSchema(kind, ds);
        execute(ds, "INSERT INTO notification_event (event_id, received_time) VALUES ('ev-1', CURRENT_TIMESTAMP)");

        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(ds, "classpath:db/test-migration/" + kind);
        assertTrue(outcome.baselined());
        assertEquals(versions().size(), outcome.applied(), "the later migrations Wharf ships and the test's V900");
        assertEquals("900", outcome.version());
        assertTrue(columns(ds).contains("wharf_user.locale"), columns(ds)::toString);
        assertEquals(List.of("ev-1"), strings(ds, "SELECT event_id FROM notification_event"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theScannersTablesAloneAreNotAnOlderWharf(String kind) throws Exception {
        DataSource ds = newDatabase(kind);
        // `bin/wharf vulndb import` before the first start fills the scanner's tables in Wharf's database
        try (Connection c = ds.getConnection()) {
            Schema.ensure(c);
        }
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(ds);
        assertFalse(outcome.baselined());
        assertEquals(versions().size(), outcome.applied());
        assertTrue(columns(ds).contains("wharf_user.username"));
        assertTrue(columns(ds).contains("vuln_record.vuln_id"), "the scanner's tables are left alone");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void serversStartingTogetherApplyEachMigrationOnce(String kind) throws Exception {
        DataSource ds = newDatabase(kind);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.Future<SchemaMigrations.Outcome>> starts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                starts.add(pool.submit(() -> {
                    together.await();
                    return SchemaMigrations.migrate(ds);
                }));
            }
            int applied = 0;
            for (var start : starts) {
                SchemaMigrations.Outcome outcome = start.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(latest(), outcome.version());
                applied += outcome.applied();
            }
            assertEquals(versions().size(), applied, "each migration ran once");
            assertEquals(versions(), strings(ds, "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL"));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The schema an older Wharf had: V1 without its history (V1 is what EclipseLink made for the
     * entities of the last release without migrations; today's entities have more).
     */
    private void oldSchema(String kind, DataSource ds) throws Exception {
        String script = new String(getClass().getResourceAsStream("/db/migration/" + kind + "/V1__baseline.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                execute(ds, statement);
            }
        }
    }

    private DataSource newDatabase(String kind) throws SQLException {
        String name = "schema_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        if (kind.equals("derby")) {
            EmbeddedDataSource ds = new EmbeddedDataSource();
            ds.setDatabaseName("memory:" + name);
            ds.setCreateDatabase("create");
            cleanups.add(() -> {
                EmbeddedDataSource drop = new EmbeddedDataSource();
                drop.setDatabaseName("memory:" + name);
                drop.setConnectionAttributes("drop=true");
                try {
                    drop.getConnection().close();
                } catch (SQLException expected) {
                    // Derby answers a drop with an exception (08006)
                }
            });
            return ds;
        }
        Supplier<PGSimpleDataSource> pg = () -> {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {System.getenv().getOrDefault("WHARF_IT_PG_HOST", "127.0.0.1")});
            ds.setPortNumbers(new int[] {Integer.parseInt(System.getenv().getOrDefault("WHARF_IT_PG_PORT", "5432"))});
            ds.setDatabaseName(System.getenv().getOrDefault("WHARF_IT_PG_DB", "wharf_it"));
            ds.setUser(System.getenv().getOrDefault("WHARF_IT_PG_USER", "wharf_it"));
            ds.setPassword(System.getenv("WHARF_IT_PG_PASSWORD"));
            return ds;
        };
        execute(pg.get(), "CREATE SCHEMA " + name);
        cleanups.add(() -> {
            try {
                execute(pg.get(), "DROP SCHEMA " + name + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        PGSimpleDataSource ds = pg.get();
        ds.setCurrentSchema(name);
        return ds;
    }

    private EntityManagerFactory closeAfter(EntityManagerFactory emf) {
        cleanups.add(0, emf::close);
        return emf;
    }

    private static long persist(EntityManagerFactory emf, Object entity) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(entity);
            em.getTransaction().commit();
            Object id = emf.getPersistenceUnitUtil().getIdentifier(entity);
            return ((Number) id).longValue();
        } finally {
            em.close();
        }
    }

    /** Every {@code table.column} of the current schema but Flyway's history, lower case. */
    private static SortedSet<String> columns(DataSource ds) throws SQLException {
        SortedSet<String> columns = new TreeSet<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!table.equals("flyway_schema_history")) {
                        columns.add(table + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return columns;
    }

    private static List<String> strings(DataSource ds, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

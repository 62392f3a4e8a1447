package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A feed's new generation written by several threads (the bulk path) against the one-by-one path of a manual
 * import, on the real records of src/test/resources/vulndata; a failure while writing; readers during an import.
 */
class ParallelGenerationWriterTest {
    /** Every format the importers read: OSV (GHSA, Go, PyPI, Ubuntu, AlmaLinux), Alpine, Debian, NVD. */
    private static final List<String> FOLDERS = List.of("osv", "osv-npm", "go", "pypi", "ubuntu", "almalinux", "alpine",
            "debian", "nvd");

    private static List<Path> paths() {
        return FOLDERS.stream().map(f -> VulnData.root().resolve(f)).toList();
    }

    /** A feed's target: one new generation for everything, rows inserted without looking for earlier copies. */
    private static VulnStore.Target fresh(long generation) {
        return new VulnStore.Target() {
            @Override
            public long generationFor(Connection c, String parserSource) {
                return generation;
            }

            @Override
            public boolean fresh() {
                return true;
            }
        };
    }

    /** A table's rows of one generation as sorted text, without the generation column. */
    static List<String> rows(DataSource ds, String table, long generation) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE generation = ?")) {
            ps.setLong(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        if (!rs.getMetaData().getColumnName(i).equalsIgnoreCase("generation")) {
                            row.append(rs.getString(i)).append('\t');
                        }
                    }
                    out.add(row.toString());
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> allRows(DataSource ds, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT generation FROM " + table)) {
            while (rs.next()) {
                out.addAll(rows(ds, table, rs.getLong(1)));
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void aGenerationWrittenByThreeThreadsHoldsWhatTheOneByOneImportWrites() throws SQLException {
        DataSource oneByOne = TestDatabase.fresh();
        ImportResult manual = new VulnDatabase(oneByOne).importFrom(paths());

        DataSource bulk = TestDatabase.fresh();
        VulnStore store = new VulnStore(bulk);
        long g = store.allocateGeneration();
        ImportResult parallel = new VulnImporter(store, fresh(g), 3).write(paths());

        assertEquals(manual.counts(), parallel.counts());
        assertTrue(parallel.counts().get("osv") > 50 && parallel.counts().get("alpine") > 100
                && parallel.counts().get("debian") > 0 && parallel.counts().get("nvd") > 0, parallel.counts().toString());
        for (String table : List.of("vuln_record", "vuln_affected", "vuln_distro_package")) {
            List<String> expected = allRows(oneByOne, table);
            assertFalse(expected.isEmpty(), table);
            assertEquals(expected, rows(bulk, table, g), table);
        }
    }

    @Test
    void aWriterThatFailsFailsTheImportAndTheCurrentDataStays() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        VulnDatabase db = new VulnDatabase(ds);
        db.importFrom(List.of(VulnData.osv()));
        VulnStore store = new VulnStore(ds);
        VulnStore.View before;
        List<AffectedRow> log4j;
        try (Connection c = store.connection()) {
            before = store.view(c);
            log4j = store.affected(c, before, "Maven", "org.apache.logging.log4j:log4j-core");
        }
        assertFalse(log4j.isEmpty());

        long g = store.allocateGeneration();
        AtomicInteger calls = new AtomicInteger();
        VulnStore.Target failing = new VulnStore.Target() {
            @Override
            public long generationFor(Connection c, String parserSource) throws SQLException {
                if (Thread.currentThread().getName().startsWith("wharf-vulndb-writer") && calls.incrementAndGet() > 5) {
                    throw new SQLException("no space left on device (test)");
                }
                return g;
            }

            @Override
            public boolean fresh() {
                return true;
            }
        };
        ScannerException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(ScannerException.class, () -> new VulnImporter(store, failing, 2).write(paths())));
        assertTrue(e.getMessage().contains("no space left on device (test)"), e.getMessage());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("wharf-vulndb-writer") && t.isAlive()), "writer threads ended");

        try (Connection c = store.connection()) {
            VulnStore.View after = store.view(c);
            assertEquals(before.stamp(), after.stamp());
            assertEquals(before.generations(), after.generations());
            assertEquals(log4j, store.affected(c, after, "Maven", "org.apache.logging.log4j:log4j-core"));
        }
        assertEquals(before.stamp(), db.state().generation());
    }

    @Test
    void lookUpsDoNotWaitForTheUncommittedRowsOfAnImport() throws SQLException {
        DataSource ds = TestDatabase.fresh();
        VulnDatabase db = new VulnDatabase(ds);
        db.importFrom(List.of(VulnData.osv()));
        VulnStore store = new VulnStore(ds);
        String log4jCore = "org.apache.logging.log4j:log4j-core";
        long g = store.allocateGeneration();
        try (Connection importing = store.connection(); Connection reading = store.connection()) {
            VulnStore.View view = store.view(reading);
            Map<String, List<AffectedRow>> expected = store.affected(reading, view, "Maven", List.of(log4jCore, "no-such"));
            VulnRecord record = store.record(reading, view, "osv", "GHSA-jfh8-c2jp-5v3q").orElseThrow();

            importing.setAutoCommit(false);
            try (VulnStore.Writer w = store.writer(importing, fresh(g))) {
                // the next generation of the same advisory, written but not committed: its rows are locked
                w.replace("osv", record.id(), List.of(record), expected.get(log4jCore));
            }
            // at read committed each of these waited for the import's commit (Derby's lock wait: a minute)
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertEquals(expected, store.affected(reading, view, "Maven", List.of(log4jCore, "no-such")));
                assertEquals(expected.get(log4jCore), store.affected(reading, view, "Maven", log4jCore));
                assertEquals(record, store.record(reading, view, "osv", record.id()).orElseThrow());
            });
            assertTrue(expected.get("no-such").isEmpty());
            importing.rollback();
        }
    }
}

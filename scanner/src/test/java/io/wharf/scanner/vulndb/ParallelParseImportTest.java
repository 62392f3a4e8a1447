package io.wharf.scanner.vulndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.ImportResult;
import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OSV-style {@code all.zip} of real records (GHSA, Go, PyPI, Ubuntu, AlmaLinux; each in many copies under new ids,
 * so that the parsing threads really overlap) imported with documents parsed on one thread and on several: the
 * generation's rows, the counts and the warnings (with their order) are the same, and a record listed twice ends as
 * its later copy either way.
 */
class ParallelParseImportTest {
    private static final List<String> FOLDERS = List.of("osv", "osv-npm", "go", "pypi", "ubuntu", "almalinux");
    private static final int COPIES = 20;

    @TempDir
    Path dir;

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

    private static List<Path> realRecords() throws IOException {
        try (Stream<Path> files = FOLDERS.stream().flatMap(f -> {
            try {
                return Files.walk(VulnData.root().resolve(f));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        })) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Every real record in {@link #COPIES} copies (new ids), a record twice with different texts, and bad entries. */
    private Path corpus() throws IOException {
        Path zipFile = dir.resolve("all.zip");
        List<Path> records = realRecords();
        assertTrue(records.size() > 60, "real records: " + records.size());
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
            int n = 0;
            for (int copy = 0; copy < COPIES; copy++) {
                for (Path p : records) {
                    JsonObject o;
                    try (var r = JsonSupport.PROVIDER.createReader(Files.newBufferedReader(p))) {
                        o = r.readObject();
                    }
                    String id = copy == 0 ? o.getString("id") : o.getString("id") + "-copy-" + copy;
                    JsonObject renamed = JsonSupport.PROVIDER.createObjectBuilder(o).add("id", id).build();
                    entry(zip, "r" + (n++) + "/" + id + ".json", renamed.toString().getBytes(StandardCharsets.UTF_8));
                    if (copy == 7 && n % 10 == 0) {
                        entry(zip, "broken-" + n + ".json", "{\"id\": \"GHSA-".getBytes(StandardCharsets.UTF_8));
                        entry(zip, "other-" + n + ".json", "42".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            // the same advisory again at the end with another summary: the later copy is the one kept
            JsonObject log4j;
            try (var r = JsonSupport.PROVIDER.createReader(Files.newBufferedReader(VulnData.osv("GHSA-jfh8-c2jp-5v3q")))) {
                log4j = r.readObject();
            }
            entry(zip, "again/GHSA-jfh8-c2jp-5v3q.json", JsonSupport.PROVIDER.createObjectBuilder(log4j)
                    .add("summary", "listed again: this copy wins").build().toString().getBytes(StandardCharsets.UTF_8));
        }
        return zipFile;
    }

    private record Imported(ImportResult result, DataSource ds, long generation) {
        List<String> rows(String table) throws SQLException {
            return ParallelGenerationWriterTest.rows(ds, table, generation);
        }
    }

    private static Imported importWith(Path zip, int lanes, int parsers) {
        DataSource ds = TestDatabase.fresh();
        VulnStore store = new VulnStore(ds);
        try {
            long g = store.allocateGeneration();
            return new Imported(new VulnImporter(store, fresh(g), lanes, parsers).write(List.of(zip)), ds, g);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deterministic checksum of a generation's rows (sorted, generation column left out). */
    private static String checksum(List<String> rows) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String row : rows) {
            sha.update(row.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void parsingOnSeveralThreadsWritesTheSameRowsAsParsingOnOne() throws Exception {
        Path zip = corpus();
        Imported oneThread = importWith(zip, 0, 0);
        Imported parallel = importWith(zip, 2, 3);

        int osv = oneThread.result().counts().get("osv");
        assertTrue(osv > 60 * COPIES, oneThread.result().counts().toString());
        assertEquals(oneThread.result().counts(), parallel.result().counts());
        assertEquals(oneThread.result().warnings(), parallel.result().warnings(), "the same warnings in the same order");
        assertTrue(parallel.result().warnings().size() >= 4
                && parallel.result().warnings().stream().anyMatch(w -> w.contains("broken-") && w.contains("does not parse"))
                && parallel.result().warnings().stream().anyMatch(w -> w.contains("other-") && w.contains("not a recognised")),
                parallel.result().warnings().toString());
        for (String table : List.of("vuln_record", "vuln_affected")) {
            List<String> expected = oneThread.rows(table);
            assertTrue(expected.size() > 60 * COPIES, table + ": " + expected.size());
            assertEquals(checksum(expected), checksum(parallel.rows(table)), table);
            assertEquals(expected, parallel.rows(table), table);
        }
        // the advisory listed twice holds the text of its later copy, once
        List<String> log4j = parallel.rows("vuln_record").stream()
                .filter(r -> r.startsWith("osv\tGHSA-jfh8-c2jp-5v3q\t")).toList();
        assertEquals(1, log4j.size(), log4j.toString());
        assertTrue(log4j.get(0).contains("listed again: this copy wins"), log4j.get(0));
        assertNotEquals(checksum(oneThread.rows("vuln_record")), checksum(importWith(realRecords().get(0), 0, 0)
                .rows("vuln_record")), "the checksum tells different data apart");
    }

    @Test
    void aWriterThatFailsWhileDocumentsAreParsedFailsTheImportAndStopsEveryThread() throws Exception {
        Path zip = corpus();
        DataSource ds = TestDatabase.fresh();
        VulnStore store = new VulnStore(ds);
        long g = store.allocateGeneration();
        AtomicInteger calls = new AtomicInteger();
        VulnStore.Target failing = new VulnStore.Target() {
            @Override
            public long generationFor(Connection c, String parserSource) throws SQLException {
                if (calls.incrementAndGet() > 500) {
                    throw new SQLException("disk full (test)");
                }
                return g;
            }

            @Override
            public boolean fresh() {
                return true;
            }
        };
        ScannerException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(ScannerException.class, () -> new VulnImporter(store, failing, 2, 2).write(List.of(zip))));
        assertTrue(e.getMessage().contains("disk full (test)"), e.getMessage());
        Thread.sleep(200); // a cancelled parse may still be finishing its document
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && (t.getName().startsWith("wharf-vulndb-parser") || t.getName().startsWith("wharf-vulndb-writer"))),
                "parsing and writing threads ended");
    }
}

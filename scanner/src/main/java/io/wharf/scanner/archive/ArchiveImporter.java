package io.wharf.scanner.archive;

import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.feeds.DownloadCheck;
import io.wharf.scanner.vulndb.GenerationLock;
import io.wharf.scanner.vulndb.VulnStore;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Imports an archive written by {@link ArchiveExporter}: each source's rows into a new generation, each data file
 * checked against the manifest's SHA-256 while it streams in, then every source swapped in one step (sources the
 * archive does not hold stop being current: it is the whole database). Any problem leaves the current data as it was.
 */
public final class ArchiveImporter {
    private static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final int BATCH = 1000;

    private final VulnStore store;

    public ArchiveImporter(VulnStore store) {
        this.store = store;
    }

    /** Whether a file is such an archive: gzip whose tar starts with {@code manifest.json}. */
    public static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(2);
            if (in.read() != 0x1f || in.read() != 0x8b) {
                return false;
            }
            in.reset();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                TarArchiveEntry first = tar.getNextEntry();
                return first != null && ArchiveExporter.MANIFEST.equals(first.getName());
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public ImportResult importArchive(Path archive) {
        List<Long> written = new ArrayList<>();
        GenerationLock.LOCK.lock();
        try {
            GenerationLock.purgeQuietly(store);
            ExportManifest manifest;
            Map<String, Long> generations = new LinkedHashMap<>();
            try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
                TarArchiveEntry entry = tar.getNextEntry();
                if (entry == null || !ArchiveExporter.MANIFEST.equals(entry.getName())) {
                    throw new IOException("not a Wharf vulnerability database export: it does not start with "
                            + ArchiveExporter.MANIFEST);
                }
                if (entry.getSize() > MAX_MANIFEST_BYTES) {
                    throw new IOException(ArchiveExporter.MANIFEST + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
                }
                manifest = ManifestJson.read(new String(tar.readNBytes(MAX_MANIFEST_BYTES), StandardCharsets.UTF_8));
                Map<String, ExportManifest.Source> byFile = new HashMap<>();
                for (ExportManifest.Source s : manifest.sources()) {
                    if (!DownloadCheck.safeEntryName(s.file()) || byFile.put(s.file(), s) != null) {
                        throw new IOException("manifest names an unsafe or repeated file: " + s.file());
                    }
                }
                while ((entry = tar.getNextEntry()) != null) {
                    if (!DownloadCheck.safeEntryName(entry.getName())) {
                        throw new IOException("archive entry refused, it points outside the archive: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        continue;
                    }
                    ExportManifest.Source source = byFile.remove(entry.getName());
                    if (source == null) {
                        throw new IOException("archive entry not listed in the manifest: " + entry.getName());
                    }
                    long g = store.allocateGeneration();
                    written.add(g);
                    generations.put(source.name(), g);
                    load(tar, source, g);
                }
                if (!byFile.isEmpty()) {
                    throw new IOException("archive is missing " + byFile.keySet() + " (cut short?)");
                }
            }
            List<VulnStore.Flip> flips = new ArrayList<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (ExportManifest.Source s : manifest.sources()) {
                flips.add(new VulnStore.Flip(s.name(), generations.get(s.name()), s.url(), null, null,
                        s.lastSuccess() == null ? manifest.exportedAt() : s.lastSuccess()));
                counts.put(s.name(), s.records());
            }
            store.flip(flips, true);
            written.clear();
            GenerationLock.purgeQuietly(store);
            return new ImportResult(counts, List.of());
        } catch (IOException | SQLException | RuntimeException e) {
            throw new ScannerException("cannot import " + archive.getFileName() + ": " + e.getMessage(), e);
        } finally {
            written.forEach(store::discard);
            GenerationLock.LOCK.unlock();
        }
    }

    /** Streams one data file's rows into generation {@code g}, checking its SHA-256 and row count at the end. */
    private void load(InputStream entry, ExportManifest.Source source, long g) throws IOException, SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        InputStream unclosable = new java.io.FilterInputStream(entry) {
            @Override
            public void close() {
                // the tar stream goes on with the next entry
            }
        };
        long rows = 0;
        try (Connection c = store.connection();
             BufferedReader lines = new BufferedReader(new InputStreamReader(new DigestInputStream(unclosable, sha),
                     StandardCharsets.UTF_8))) {
            List<String> tables = store.generationTables(c);
            Map<String, Inserter> inserters = new HashMap<>();
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonObject o;
                    try (JsonReader r = JsonSupport.PROVIDER.createReader(new StringReader(line))) {
                        o = r.readObject();
                    } catch (RuntimeException e) {
                        throw new IOException(source.file() + " line " + (rows + 1) + " does not parse");
                    }
                    String table = o.getString("table", "");
                    if (!tables.contains(table)) {
                        throw new IOException(source.file() + " line " + (rows + 1) + ": unknown table " + table);
                    }
                    inserters.computeIfAbsent(table, t -> new Inserter(c, t)).insert(o.getJsonObject("row"), g);
                    if (++rows % BATCH == 0) {
                        for (Inserter i : inserters.values()) {
                            i.flush();
                        }
                        c.commit();
                    }
                }
                for (Inserter i : inserters.values()) {
                    i.flush();
                    i.close();
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equalsIgnoreCase(source.sha256())) {
            throw new IOException("checksum mismatch for " + source.name() + " (" + source.file() + "): the archive is"
                    + " damaged or was changed");
        }
        if (rows != source.rows()) {
            throw new IOException(source.file() + " holds " + rows + " rows, the manifest says " + source.rows());
        }
    }

    /** Batched inserts into one table, one prepared statement per set of columns a row carries. */
    private static final class Inserter {
        private final Connection c;
        private final String table;
        private final Map<String, Integer> types = new HashMap<>();
        private final Map<List<String>, PreparedStatement> statements = new HashMap<>();

        Inserter(Connection c, String table) {
            this.c = c;
            this.table = table;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    types.put(md.getColumnName(i).toLowerCase(Locale.ROOT), md.getColumnType(i));
                }
            } catch (SQLException e) {
                throw new ScannerException("cannot read the columns of " + table + ": " + e.getMessage(), e);
            }
        }

        void insert(JsonObject row, long generation) throws SQLException {
            // columns this database does not have (an export from a newer scanner) are left out
            List<String> columns = row.keySet().stream().filter(k -> types.containsKey(k) && !k.equals("generation"))
                    .sorted().toList();
            PreparedStatement ps = statements.get(columns);
            if (ps == null) {
                ps = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns)
                        + (columns.isEmpty() ? "" : ", ") + "generation) VALUES (" + "?, ".repeat(columns.size()) + "?)");
                statements.put(columns, ps);
            }
            int i = 1;
            for (String col : columns) {
                set(ps, i++, types.get(col), row.get(col));
            }
            ps.setLong(i, generation);
            ps.addBatch();
        }

        private static void set(PreparedStatement ps, int i, int type, JsonValue v) throws SQLException {
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                ps.setNull(i, type);
                return;
            }
            String text = v instanceof JsonString s ? s.getString() : v instanceof JsonNumber n ? n.toString() : v.toString();
            switch (type) {
                case Types.INTEGER, Types.SMALLINT -> ps.setInt(i, new BigDecimal(text).intValueExact());
                case Types.BIGINT -> ps.setLong(i, new BigDecimal(text).longValueExact());
                case Types.DECIMAL, Types.NUMERIC -> ps.setBigDecimal(i, new BigDecimal(text));
                case Types.TIMESTAMP -> ps.setTimestamp(i, Timestamp.from(Instant.parse(text)));
                default -> ps.setString(i, text);
            }
        }

        void flush() throws SQLException {
            for (PreparedStatement ps : statements.values()) {
                ps.executeBatch();
            }
        }

        void close() throws SQLException {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(ArchiveImporter.class.getName())
                    .warning("cannot delete " + root + ": " + e.getMessage());
        }
    }
}

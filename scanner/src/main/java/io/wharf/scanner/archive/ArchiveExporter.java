package io.wharf.scanner.archive;

import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.vulndb.VulnStore;
import jakarta.json.JsonObjectBuilder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes the current data of every source as one {@code .tar.gz}: {@code manifest.json} first (sources, their
 * last successful update, record counts, and the SHA-256 of each data file), then {@code sources/N.jsonl}, one
 * table row a line ({@code {"table": …, "row": {column: value}}}; every column but the generation, so columns
 * added later travel too). Rows are streamed to temporary files next to the archive, never held in memory; the
 * archive appears under its name only once complete.
 */
public final class ArchiveExporter {
    static final String MANIFEST = "manifest.json";

    private final VulnStore store;

    public ArchiveExporter(VulnStore store) {
        this.store = store;
    }

    public ExportManifest export(Path archive) {
        Path target = archive.toAbsolutePath().normalize();
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            work = Files.createTempDirectory(target.getParent(), ".wharf-export-");
            ExportManifest manifest;
            try (Connection c = store.connection()) {
                VulnStore.View view = store.view(c);
                Map<String, SourceStatus> statuses = new TreeMap<>();
                for (SourceStatus s : store.sourceStatuses()) {
                    statuses.put(s.name(), s);
                }
                List<ExportManifest.Source> sources = new ArrayList<>();
                int i = 0;
                for (Map.Entry<String, Long> e : new TreeMap<>(view.generations()).entrySet()) {
                    String file = "sources/" + (++i) + ".jsonl";
                    Path data = work.resolve(i + ".jsonl");
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    long rows;
                    try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(data)), sha);
                         Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                        rows = writeRows(c, e.getValue(), w);
                    }
                    SourceStatus s = statuses.get(e.getKey());
                    sources.add(new ExportManifest.Source(e.getKey(), s == null ? null : s.url(),
                            s == null ? null : s.lastSuccess(), s == null ? 0 : s.records(), rows, file,
                            HexFormat.of().formatHex(sha.digest())));
                }
                manifest = new ExportManifest(ExportManifest.FORMAT, Instant.now(), view.stamp(), sources);
            }
            Path part = work.resolve("archive.part");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(part));
                 GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                byte[] json = ManifestJson.write(manifest).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry m = new TarArchiveEntry(MANIFEST);
                m.setSize(json.length);
                tar.putArchiveEntry(m);
                tar.write(json);
                tar.closeArchiveEntry();
                int i = 0;
                for (ExportManifest.Source s : manifest.sources()) {
                    Path data = work.resolve(++i + ".jsonl");
                    TarArchiveEntry entry = new TarArchiveEntry(s.file());
                    entry.setSize(Files.size(data));
                    tar.putArchiveEntry(entry);
                    Files.copy(data, tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException | SQLException | java.security.NoSuchAlgorithmException e) {
            throw new ScannerException("vulnerability database export failed: " + e.getMessage(), e);
        } finally {
            ArchiveImporter.deleteTree(work);
        }
    }

    private long writeRows(Connection c, long generation, Writer w) throws SQLException, IOException {
        long rows = 0;
        for (String table : store.generationTables(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE generation = ?")) {
                ps.setLong(1, generation);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        JsonObjectBuilder row = JsonSupport.PROVIDER.createObjectBuilder();
                        for (int col = 1; col <= md.getColumnCount(); col++) {
                            String name = md.getColumnName(col).toLowerCase(Locale.ROOT);
                            if (name.equals("generation")) {
                                continue;
                            }
                            addValue(row, name, md.getColumnType(col), rs, col);
                        }
                        w.write(JsonSupport.PROVIDER.createObjectBuilder().add("table", table).add("row", row).build()
                                .toString());
                        w.write('\n');
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    private static void addValue(JsonObjectBuilder row, String name, int type, ResultSet rs, int col) throws SQLException {
        switch (type) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.DECIMAL, Types.NUMERIC -> {
                java.math.BigDecimal v = rs.getBigDecimal(col);
                if (v == null) {
                    row.addNull(name);
                } else {
                    row.add(name, v);
                }
            }
            case Types.TIMESTAMP -> {
                Timestamp t = rs.getTimestamp(col);
                if (t == null) {
                    row.addNull(name);
                } else {
                    row.add(name, t.toInstant().toString());
                }
            }
            default -> {
                String v = rs.getString(col);
                if (v == null) {
                    row.addNull(name);
                } else {
                    row.add(name, v);
                }
            }
        }
    }
}

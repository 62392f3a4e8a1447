package io.wharf.scanner.vulndb;

import java.io.BufferedReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The SHA-1 → Maven coordinates index ({@code vuln_maven_sha1}) that identifies jars without Maven metadata. It is
 * imported from text files of {@code sha1 groupId artifactId version} lines (whitespace separated, {@code #}
 * comments and blank lines ignored, plain or gzip-compressed), recognised by their first data line, or from a Maven
 * repository index as Maven Central publishes it ({@link NexusIndexReader}); and read when a scan matches, so an
 * index imported after a layer was cached still identifies that layer's jars.
 */
public final class MavenSha1Index {
    /** The source name the import counts under and {@code vuln_source} records. */
    public static final String SOURCE = "maven-sha1";

    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** How much of a file is read to decide whether it is an index. */
    private static final int SNIFF_BYTES = 8192;
    private static final int MAX_FIELD = 255;
    /** SHA-1s a look-up statement asks for at most (shorter lists are padded, so Derby compiles few statements). */
    private static final int[] IN_SIZES = {1, 10, 100};

    private MavenSha1Index() {
    }

    /** Coordinates a SHA-1 stands for. */
    public record Coordinates(String groupId, String artifactId, String version) {
    }

    /**
     * Whether a file is an index: its first data line (after blank and {@code #} lines) is
     * {@code sha1 groupId artifactId version}, or it is a Maven repository index.
     */
    public static boolean looksLikeIndex(Path file) {
        try (InputStream in = open(file)) {
            byte[] head = in.readNBytes(SNIFF_BYTES);
            if (NexusIndexReader.looksLikeIndex(head)) {
                return true;
            }
            String text = new String(head, StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                return parse(l) != null;
            }
            return false;
        } catch (IOException e) {
            return false; // unreadable here; the importer's own read reports it
        }
    }

    /** The file's bytes, un-gzipped when they start with gzip's magic number. */
    static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in) : in;
    }

    /** One line's SHA-1 (lower case) and coordinates, or null when it is not such a line. */
    static Map.Entry<String, Coordinates> parse(String line) {
        String[] f = WHITESPACE.split(line.strip());
        if (f.length != 4 || !SHA1.matcher(f[0]).matches()) {
            return null;
        }
        for (int i = 1; i < 4; i++) {
            if (f[i].length() > MAX_FIELD || f[i].contains(":")) {
                return null;
            }
        }
        return Map.entry(f[0].toLowerCase(Locale.ROOT), new Coordinates(f[1], f[2], f[3]));
    }

    /** What one index file gave: lines stored, lines that were not index lines (and the first of them). */
    public record ImportedLines(int stored, int malformed, int firstMalformedLine) {
    }

    /**
     * Stores every index line of a file, a line for a SHA-1 already known replacing it; {@code afterEach} runs after
     * each stored line (the importer commits in batches there).
     */
    public static ImportedLines importFile(Connection c, Path file, SqlAction afterEach) throws IOException, SQLException {
        int stored = 0;
        int malformed = 0;
        int firstMalformed = 0;
        boolean nexus;
        try (InputStream in = open(file)) {
            nexus = NexusIndexReader.looksLikeIndex(in.readNBytes(SNIFF_BYTES));
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_maven_sha1 WHERE sha1 = ?");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO vuln_maven_sha1 (sha1, group_id, artifact_id, pkg_version) VALUES (?,?,?,?)")) {
            if (nexus) {
                int[] count = {0};
                try (InputStream in = open(file)) {
                    NexusIndexReader.read(in, (sha1, coordinates) -> {
                        put(del, ins, sha1.toLowerCase(Locale.ROOT), coordinates);
                        count[0]++;
                        afterEach.run();
                    });
                }
                return new ImportedLines(count[0], 0, 0);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
                String line;
                int number = 0;
                while ((line = r.readLine()) != null) {
                    number++;
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) {
                        continue;
                    }
                    Map.Entry<String, Coordinates> e = parse(l);
                    if (e == null) {
                        if (malformed++ == 0) {
                            firstMalformed = number;
                        }
                        continue;
                    }
                    put(del, ins, e.getKey(), e.getValue());
                    stored++;
                    afterEach.run();
                }
            }
        }
        return new ImportedLines(stored, malformed, firstMalformed);
    }

    /** Stores one entry, replacing what the index said about that SHA-1 before. */
    private static void put(PreparedStatement del, PreparedStatement ins, String sha1, Coordinates c) throws SQLException {
        del.setString(1, sha1);
        del.executeUpdate();
        ins.setString(1, sha1);
        ins.setString(2, cut(c.groupId()));
        ins.setString(3, cut(c.artifactId()));
        ins.setString(4, cut(c.version()));
        ins.executeUpdate();
    }

    private static String cut(String s) {
        return s.length() > MAX_FIELD ? s.substring(0, MAX_FIELD) : s;
    }

    /** The coordinates of every SHA-1 the index knows (lower-case hex); unknown ones are absent from the answer. */
    public static Map<String, Coordinates> lookup(Connection c, Collection<String> sha1s) throws SQLException {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(sha1s));
        Map<String, Coordinates> out = new HashMap<>();
        int max = IN_SIZES[IN_SIZES.length - 1];
        for (int from = 0; from < all.size(); from += max) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + max));
            int size = max;
            for (int s : IN_SIZES) {
                if (s >= chunk.size()) {
                    size = s;
                    break;
                }
            }
            String sql = "SELECT sha1, group_id, artifact_id, pkg_version FROM vuln_maven_sha1 WHERE sha1 IN (?"
                    + ",?".repeat(size - 1) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1))); // padded with the last one
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Coordinates(rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return out;
    }

    /** The number of SHA-1s in the index (what {@code vuln_source} records for {@link #SOURCE}). */
    static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM vuln_maven_sha1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A step that may fail with the database. */
    public interface SqlAction {
        void run() throws SQLException;
    }
}

package io.wharf.scanner.vulndb;

import io.wharf.scanner.ScannerException;
import io.wharf.scanner.Severity;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.severity.CvssList;
import io.wharf.scanner.version.VersionSchemes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Plain-JDBC access to the {@code vuln_*} tables. Writes go through a caller's connection so an import can batch its commits. */
public final class VulnStore {
    private static final String LINE = "\n";
    private final DataSource dataSource;
    private volatile boolean schemaReady;
    /**
     * Counts this JVM's imports: shared by every store, because Wharf imports through a VulnDatabase of its own
     * while the scanner reads through another on the same database.
     */
    private static final AtomicLong GENERATION = new AtomicLong();

    public VulnStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!schemaReady) {
            try {
                ensureSchema(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** Creates missing tables once per store; a cheap probe first, the metadata look-ups only when it fails. */
    private synchronized void ensureSchema(Connection c) throws SQLException {
        if (schemaReady) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            if (!Schema.present(c)) {
                Schema.ensure(c);
            }
        } finally {
            c.setAutoCommit(auto);
        }
        schemaReady = true;
    }

    /**
     * Prepares, and runs once on nothing, the statements a scan's matching uses, so that Derby has compiled them
     * (20–190 ms each on a cold JVM) before the first scan needs them. Called in the background by
     * {@code EmbeddedScanner}; harmless to call again.
     */
    public void warmUp() throws SQLException {
        try (Connection c = connection()) {
            dataStamp(c);
            for (int names : IN_SIZES) {
                List<String> dummies = new ArrayList<>();
                for (int i = 0; i < names; i++) {
                    dummies.add("(warm-up)-" + i);
                }
                affected(c, "(warm-up)", dummies);
                records(c, "(warm-up)", dummies);
            }
            record(c, "(warm-up)", "(warm-up)");
            distroPackageVersion(c, "(warm-up)", "(warm-up)");
            MavenSha1Index.lookup(c, List.of("(warm-up)"));
            MavenSha1Index.lookup(c, List.of("(warm-up)-1", "(warm-up)-2"));
        }
    }

    // ---- change detection ----------------------------------------------------------------------------------

    /**
     * Bumped by this JVM's imports (before and after, success or not): what a reader's memo of vulnerability
     * rows must be dropped on. {@link #dataStamp} adds what other processes' imports leave in the database.
     */
    public long generation() {
        return GENERATION.get();
    }

    public void dataChanged() {
        GENERATION.incrementAndGet();
    }

    /**
     * A cheap fingerprint of the imported data as the database records it: every import ends by stamping
     * {@code vuln_source} (time and record count of each source it touched), so a change by any server shows
     * here. One tiny query; combined with {@link #generation()} by readers that memoize rows.
     */
    public String dataStamp(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT MAX(updated_at), COUNT(*), SUM(record_count) FROM vuln_source");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp last = rs.getTimestamp(1);
            return GENERATION.get() + "|" + (last == null ? "-" : last.toInstant().toString()) + "|" + rs.getLong(2)
                    + "|" + rs.getLong(3);
        }
    }

    // ---- writes ------------------------------------------------------------------------------------------

    /**
     * Prepared statements for a bulk import over one connection: Derby compiles each statement, so preparing them
     * once per import rather than once per record matters for imports of tens of thousands of records.
     */
    public final class Writer implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement deleteAffected;
        private final PreparedStatement deleteRecord;
        private final PreparedStatement insertRecord;
        private final PreparedStatement insertAffected;

        Writer(Connection c) throws SQLException {
            this.c = c;
            deleteAffected = c.prepareStatement("DELETE FROM vuln_affected WHERE source_name = ? AND record_key = ?");
            deleteRecord = c.prepareStatement("DELETE FROM vuln_record WHERE source_name = ? AND vuln_id = ?");
            insertRecord = c.prepareStatement("INSERT INTO vuln_record (source_name, vuln_id, summary, details,"
                    + " severity, cvss_vector, cvss_score, aliases, refs, modified, cvss_version, cwe_ids, cvss_all)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
            insertAffected = c.prepareStatement("INSERT INTO vuln_affected (source_name, record_key, vuln_id,"
                    + " ecosystem, release_name, package_name, match_kind, status, fixed_version, severity, ranges)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        }

        public Connection connection() {
            return c;
        }

        /** Replaces everything imported from one record: its affected rows, and the vulnerability texts it carries. */
        public void replace(String source, String recordKey, List<VulnRecord> records, List<AffectedRow> rows)
                throws SQLException {
            deleteAffected.setString(1, source);
            deleteAffected.setString(2, cut(recordKey, 255));
            deleteAffected.executeUpdate();
            for (VulnRecord r : records) {
                deleteRecord.setString(1, r.source());
                deleteRecord.setString(2, cut(r.id(), 255));
                deleteRecord.executeUpdate();
                insertRecord.setString(1, r.source());
                insertRecord.setString(2, cut(r.id(), 255));
                insertRecord.setString(3, cut(r.summary(), 4000));
                insertRecord.setString(4, r.details());
                insertRecord.setString(5, r.severity().name());
                insertRecord.setString(6, cut(r.cvssVector(), 255));
                if (r.cvssScore() == null) {
                    insertRecord.setNull(7, Types.DECIMAL);
                } else {
                    insertRecord.setBigDecimal(7, BigDecimal.valueOf(r.cvssScore()));
                }
                insertRecord.setString(8, cut(String.join(LINE, r.aliases()), 4000));
                insertRecord.setString(9, String.join(LINE, r.references()));
                insertRecord.setString(10, cut(r.modified(), 64));
                insertRecord.setString(11, cut(r.cvssVersion(), 8));
                insertRecord.setString(12, r.cweIds().isEmpty() ? null : cut(String.join(" ", r.cweIds()), 1024));
                insertRecord.setString(13, cut(CvssList.encode(r.cvss()), 2000));
                insertRecord.executeUpdate();
            }
            addRows(rows);
        }

        /**
         * Adds affected rows to a record already stored in this import, without replacing it: the Debian tracker's
         * JSON document lists a CVE once per source package, so its rows arrive package by package.
         */
        public void addRows(List<AffectedRow> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            for (AffectedRow row : rows) {
                insertAffected.setString(1, row.source());
                insertAffected.setString(2, cut(row.recordKey(), 255));
                insertAffected.setString(3, cut(row.vulnId(), 255));
                insertAffected.setString(4, cut(row.ecosystem(), 64));
                insertAffected.setString(5, cut(row.release() == null ? "" : row.release(), 64));
                insertAffected.setString(6, cut(row.packageName(), 512));
                insertAffected.setString(7, row.matchKind());
                insertAffected.setString(8, cut(row.status(), 32));
                insertAffected.setString(9, cut(row.fixedVersion(), 255));
                insertAffected.setString(10, row.severity().name());
                insertAffected.setString(11, row.ranges());
                insertAffected.addBatch();
            }
            insertAffected.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : List.of(deleteAffected, deleteRecord, insertRecord, insertAffected)) {
                ps.close();
            }
        }
    }

    public Writer writer(Connection c) throws SQLException {
        return new Writer(c);
    }

    /** Records the version of a source package in a distribution release, keeping the highest seen (source vs updates-source). */
    public void putDistroPackage(Connection c, String release, String name, String version) throws SQLException {
        Optional<String> existing = distroPackageVersion(c, release, name);
        if (existing.isPresent()) {
            if (VersionSchemes.DPKG.compare(existing.get(), version) >= 0) {
                return;
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE vuln_distro_package SET pkg_version = ? WHERE release_name = ? AND package_name = ?")) {
                up.setString(1, cut(version, 255));
                up.setString(2, release);
                up.setString(3, name);
                up.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO vuln_distro_package (release_name, package_name, pkg_version) VALUES (?,?,?)")) {
            ins.setString(1, cut(release, 64));
            ins.setString(2, cut(name, 255));
            ins.setString(3, cut(version, 255));
            ins.executeUpdate();
        }
    }

    /** Stamps a source as updated now, with its current number of records. */
    public void markUpdated(Connection c, String source) throws SQLException {
        int count = countFor(c, source);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_source WHERE source_name = ?")) {
            del.setString(1, source);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO vuln_source (source_name, updated_at, record_count) VALUES (?,?,?)")) {
            ins.setString(1, source);
            ins.setTimestamp(2, Timestamp.from(Instant.now()));
            ins.setInt(3, count);
            ins.executeUpdate();
        }
    }

    private static int countFor(Connection c, String source) throws SQLException {
        if (source.equals(MavenSha1Index.SOURCE)) {
            return MavenSha1Index.count(c);
        }
        String sql = source.equals(DebianTrackerParser.SOURCES_COUNT_KEY)
                ? "SELECT COUNT(*) FROM vuln_distro_package"
                : "SELECT COUNT(*) FROM vuln_record WHERE source_name = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!source.equals(DebianTrackerParser.SOURCES_COUNT_KEY)) {
                ps.setString(1, source);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- reads -------------------------------------------------------------------------------------------

    public List<SourceStatus> sourceStatuses() {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT source_name, updated_at, record_count FROM vuln_source ORDER BY source_name");
             ResultSet rs = ps.executeQuery()) {
            List<SourceStatus> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new SourceStatus(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new ScannerException("cannot read vuln_source: " + e.getMessage(), e);
        }
    }

    /** All rows naming a package in an ecosystem (every release; the matcher picks). */
    public List<AffectedRow> affected(Connection c, String ecosystem, String packageName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT source_name, record_key, vuln_id, ecosystem, release_name,"
                + " package_name, match_kind, status, fixed_version, severity, ranges FROM vuln_affected"
                + " WHERE ecosystem = ? AND package_name = ?")) {
            ps.setString(1, ecosystem);
            ps.setString(2, packageName);
            try (ResultSet rs = ps.executeQuery()) {
                List<AffectedRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new AffectedRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            Severity.valueOf(rs.getString(10)), rs.getString(11)));
                }
                return out;
            }
        }
    }

    /** IN-list lengths the batched look-up uses (short lists are padded), so Derby compiles at most three statements. */
    private static final int[] IN_SIZES = {1, 10, 100};

    /**
     * {@link #affected(Connection, String, String)} for many names at once, {@code package_name IN (...)} with up to
     * {@value #MAX_IN} names a statement. Every name asked for is a key of the answer (an empty list when no row
     * names it); each name's rows come in the order the database returns them.
     */
    public Map<String, List<AffectedRow>> affected(Connection c, String ecosystem, Collection<String> packageNames)
            throws SQLException {
        List<String> names = new ArrayList<>(new java.util.LinkedHashSet<>(packageNames));
        Map<String, List<AffectedRow>> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new ArrayList<>());
        }
        for (int from = 0; from < names.size(); from += MAX_IN) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + MAX_IN));
            int size = IN_SIZES[IN_SIZES.length - 1];
            for (int s : IN_SIZES) {
                if (s >= chunk.size()) {
                    size = s;
                    break;
                }
            }
            StringBuilder sql = new StringBuilder("SELECT source_name, record_key, vuln_id, ecosystem, release_name,"
                    + " package_name, match_kind, status, fixed_version, severity, ranges FROM vuln_affected"
                    + " WHERE ecosystem = ? AND package_name IN (?");
            sql.append(",?".repeat(size - 1)).append(')');
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setString(1, ecosystem);
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1))); // padded with the last name
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AffectedRow row = new AffectedRow(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), Severity.valueOf(rs.getString(10)), rs.getString(11));
                        List<AffectedRow> rows = out.get(row.packageName());
                        if (rows != null) {
                            rows.add(row);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static final int MAX_IN = 100;

    public Optional<VulnRecord> record(Connection c, String source, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS
                + " FROM vuln_record WHERE source_name = ? AND vuln_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        }
    }

    private static final String RECORD_COLUMNS = "summary, details, severity, cvss_vector, cvss_score, aliases, refs,"
            + " modified, cvss_version, cwe_ids, cvss_all, source_name, vuln_id";

    private static VulnRecord record(ResultSet rs) throws SQLException {
        BigDecimal score = rs.getBigDecimal(5);
        String source = rs.getString(12);
        String cwes = rs.getString(10);
        return new VulnRecord(source, rs.getString(13), rs.getString(1), rs.getString(2),
                Severity.valueOf(rs.getString(3)), rs.getString(4), score == null ? null : score.doubleValue(),
                lines(rs.getString(6)), lines(rs.getString(7)), rs.getString(8), rs.getString(9),
                cwes == null || cwes.isBlank() ? List.of() : Arrays.asList(cwes.trim().split(" +")),
                CvssList.decode(rs.getString(11), source));
    }

    /**
     * {@link #record} for many ids of one source, {@code vuln_id IN (...)} a hundred at a time (the padded sizes of
     * {@link #affected(Connection, String, Collection)}). Ids without a record are absent from the answer.
     */
    public Map<String, VulnRecord> records(Connection c, String source, Collection<String> ids) throws SQLException {
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        Map<String, VulnRecord> out = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += MAX_IN) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_IN));
            int size = IN_SIZES[IN_SIZES.length - 1];
            for (int s : IN_SIZES) {
                if (s >= chunk.size()) {
                    size = s;
                    break;
                }
            }
            String sql = "SELECT " + RECORD_COLUMNS + " FROM vuln_record WHERE source_name = ? AND vuln_id IN (?"
                    + ",?".repeat(size - 1) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        VulnRecord r = record(rs);
                        out.put(r.id(), r);
                    }
                }
            }
        }
        return out;
    }

    public Optional<String> distroPackageVersion(Connection c, String release, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pkg_version FROM vuln_distro_package WHERE release_name = ? AND package_name = ?")) {
            ps.setString(1, release);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(LINE));
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

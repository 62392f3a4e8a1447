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
import java.sql.Statement;
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
            View view = view(c);
            if (view.empty()) {
                return; // nothing to match against: the statements are compiled by the first scan after an import
            }
            for (int names : IN_SIZES) {
                List<String> dummies = new ArrayList<>();
                for (int i = 0; i < names; i++) {
                    dummies.add("(warm-up)-" + i);
                }
                affected(c, view, "(warm-up)", dummies);
                records(c, view, "(warm-up)", dummies);
            }
            record(c, view, "(warm-up)", "(warm-up)");
            distroPackageVersion(c, view, "(warm-up)", "(warm-up)");
            MavenSha1Index.lookup(c, List.of("(warm-up)"));
            MavenSha1Index.lookup(c, List.of("(warm-up)-1", "(warm-up)-2"));
        }
    }

    // ---- change detection and generations -------------------------------------------------------------------

    /** Bumped by this JVM's imports; kept for callers of the API before generations (the stamp no longer needs it). */
    public long generation() {
        return GENERATION.get();
    }

    public void dataChanged() {
        GENERATION.incrementAndGet();
    }

    /**
     * The data's current generation as a string: it changes exactly when a source's data is swapped, by this or any
     * other server, so readers that memoize rows key their memo by it. One tiny query.
     */
    public String dataStamp(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_generation FROM vuln_generation WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Long.toString(rs.getLong(1)) : "0";
        }
    }

    /**
     * What one scan reads: each source's current generation, taken at once. Every look-up of a scan filters by
     * these generations, so a swap during the scan changes nothing it sees.
     *
     * @param stamp       the global generation ({@link #dataStamp}); 0 before the first import
     * @param generations current generation per source (sources with no current data are left out)
     * @param updatedAt   the oldest last success among sources holding records; null when none does
     * @param empty       no source holds a record
     */
    public record View(long stamp, Map<String, Long> generations, Instant updatedAt, boolean empty) {
        public View {
            generations = Map.copyOf(generations);
        }

        java.util.Set<Long> generationSet() {
            return java.util.Set.copyOf(generations.values());
        }
    }

    /**
     * Reads the current view in a short repeatable-read transaction: a swap updates {@code vuln_generation} first,
     * so this read either waits for a swap to commit or holds it off for the two small reads (never sees half of one).
     */
    public View view(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        if (!auto) {
            // inside the caller's transaction (a container's, say): its isolation applies, it must not be committed
            return readView(c);
        }
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            View view = readView(c);
            c.commit();
            return view;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(auto);
        }
    }

    private static View readView(Connection c) throws SQLException {
        {
            long stamp;
            try (PreparedStatement ps = c.prepareStatement("SELECT current_generation FROM vuln_generation WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                stamp = rs.next() ? rs.getLong(1) : 0;
            }
            Map<String, Long> generations = new LinkedHashMap<>();
            Instant oldest = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT source_name, generation, last_success, record_count"
                    + " FROM vuln_source WHERE generation > 0");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    generations.put(rs.getString(1), rs.getLong(2));
                    Timestamp success = rs.getTimestamp(3);
                    if (rs.getInt(4) > 0 && success != null && (oldest == null || success.toInstant().isBefore(oldest))) {
                        oldest = success.toInstant();
                    }
                }
            }
            return new View(stamp, generations, oldest, oldest == null);
        }
    }

    /** Hands out a new generation number to write a source's next data under, and logs it as being written. */
    public long allocateGeneration() throws SQLException {
        try (Connection c = connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long g;
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE vuln_generation SET last_allocated = last_allocated + 1 WHERE id = 1")) {
                    up.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT last_allocated FROM vuln_generation WHERE id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    g = rs.getLong(1);
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO vuln_generation_log (generation, state, since) VALUES (?, 'writing', ?)")) {
                    ins.setLong(1, g);
                    ins.setTimestamp(2, Timestamp.from(Instant.now()));
                    ins.executeUpdate();
                }
                c.commit();
                return g;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * A source's new data, ready to become current.
     *
     * @param lastSuccess when the data was fetched (now for a download; the exporting server's time for an archive)
     */
    public record Flip(String source, long generation, String url, String etag, String lastModified, Instant lastSuccess) {
    }

    /**
     * Makes the given generations current, in one transaction: the global generation is bumped first (that row's
     * lock is what {@link #view} waits on), then each source's row points at its new generation; the generations they
     * replace are logged as retired, for {@link #purgeRetired} to delete once no scan can be reading them.
     *
     * @param replaceAll whether sources not in {@code flips} stop being current too (an archive import replaces all)
     * @return the new global generation
     */
    public long flip(List<Flip> flips, boolean replaceAll) throws SQLException {
        try (Connection c = connection()) {
            // counted before the transaction: a count scans the table, and the swap must hold its locks only briefly
            Map<Long, Integer> counts = new java.util.HashMap<>();
            for (Flip f : flips) {
                // the SHA-1 index is one table outside the generations: its count is the table's
                counts.put(f.generation(), f.source().equals(MavenSha1Index.SOURCE) ? MavenSha1Index.count(c)
                        : countFor(c, f.generation()));
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement up = c.prepareStatement("UPDATE vuln_generation SET last_allocated = last_allocated + 1,"
                        + " current_generation = last_allocated + 1 WHERE id = 1")) {
                    up.executeUpdate();
                }
                long stamp;
                try (PreparedStatement ps = c.prepareStatement("SELECT current_generation FROM vuln_generation WHERE id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    stamp = rs.getLong(1);
                }
                Instant now = Instant.now();
                java.util.Set<String> flipped = new java.util.HashSet<>();
                for (Flip f : flips) {
                    flipped.add(f.source());
                    Long old = currentGeneration(c, f.source());
                    if (old != null && old > 0) {
                        retire(c, old, now);
                    }
                    int records = counts.get(f.generation());
                    if (old == null) {
                        try (PreparedStatement ins = c.prepareStatement("INSERT INTO vuln_source (source_name, updated_at,"
                                + " record_count, generation, failures) VALUES (?, ?, 0, 0, 0)")) {
                            ins.setString(1, f.source());
                            ins.setTimestamp(2, Timestamp.from(now));
                            ins.executeUpdate();
                        }
                    }
                    try (PreparedStatement up = c.prepareStatement("UPDATE vuln_source SET generation = ?, record_count = ?,"
                            + " updated_at = ?, last_success = ?, last_attempt = ?, url = ?, etag = ?, last_modified = ?,"
                            + " last_error = NULL, failures = 0, next_attempt_after = NULL WHERE source_name = ?")) {
                        up.setLong(1, f.generation());
                        up.setInt(2, records);
                        up.setTimestamp(3, Timestamp.from(now));
                        up.setTimestamp(4, Timestamp.from(f.lastSuccess() == null ? now : f.lastSuccess()));
                        up.setTimestamp(5, Timestamp.from(now));
                        up.setString(6, cut(f.url(), 2048));
                        up.setString(7, cut(f.etag(), 1024));
                        up.setString(8, cut(f.lastModified(), 128));
                        up.setString(9, f.source());
                        up.executeUpdate();
                    }
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_generation_log WHERE generation = ?")) {
                        del.setLong(1, f.generation());
                        del.executeUpdate();
                    }
                }
                if (replaceAll) {
                    List<String[]> others = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT source_name, generation FROM vuln_source");
                         ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (!flipped.contains(rs.getString(1))) {
                                others.add(new String[] {rs.getString(1), Long.toString(rs.getLong(2))});
                            }
                        }
                    }
                    for (String[] o : others) {
                        if (Long.parseLong(o[1]) > 0) {
                            retire(c, Long.parseLong(o[1]), now);
                        }
                        try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_source WHERE source_name = ?")) {
                            del.setString(1, o[0]);
                            del.executeUpdate();
                        }
                    }
                }
                c.commit();
                dataChanged();
                return stamp;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static Long currentGeneration(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT generation FROM vuln_source WHERE source_name = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void retire(Connection c, long generation, Instant since) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_generation_log WHERE generation = ?")) {
            del.setLong(1, generation);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO vuln_generation_log (generation, state, since) VALUES (?, 'retired', ?)")) {
            ins.setLong(1, generation);
            ins.setTimestamp(2, Timestamp.from(since));
            ins.executeUpdate();
        }
    }

    /** Gives up a generation that was written but will never be current (a failed update): deleted at the next purge. */
    public void discard(long generation) {
        try (Connection c = connection()) {
            retire(c, generation, Instant.EPOCH);
        } catch (SQLException e) {
            java.util.logging.Logger.getLogger(VulnStore.class.getName())
                    .warning("cannot log generation " + generation + " for deletion: " + e.getMessage());
        }
    }

    /**
     * Deletes the rows of generations retired more than {@code grace} ago (a scan that started before the swap may
     * still read them until then), and of generations whose writer died more than a day ago. Each table and
     * generation is its own statement and commit, so no long lock is held.
     *
     * @return the generations deleted
     */
    public List<Long> purgeRetired(java.time.Duration grace) throws SQLException {
        List<Long> purged = new ArrayList<>();
        try (Connection c = connection()) {
            List<Long> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT generation FROM vuln_generation_log"
                    + " WHERE (state = 'retired' AND since <= ?) OR (state = 'writing' AND since <= ?)")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().minus(grace)));
                ps.setTimestamp(2, Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(1))));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(rs.getLong(1));
                    }
                }
            }
            for (long g : due) {
                for (String table : generationTables(c)) {
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE generation = ?")) {
                        del.setLong(1, g);
                        del.executeUpdate();
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM vuln_generation_log WHERE generation = ?")) {
                    del.setLong(1, g);
                    del.executeUpdate();
                }
                purged.add(g);
            }
        }
        return purged;
    }

    /** The data tables whose rows belong to a generation: the scanner's three, and any other {@code vuln_} table with a generation column. */
    public List<String> generationTables(Connection c) throws SQLException {
        List<String> known = generationTables;
        if (known != null) {
            return known;
        }
        List<String> tables = new ArrayList<>(List.of("vuln_record", "vuln_affected", "vuln_distro_package"));
        // looked up in the metadata, not by a query that may fail: on PostgreSQL a failed statement ends the transaction
        java.sql.DatabaseMetaData md = c.getMetaData();
        for (String extra : List.of("vuln_maven_sha1")) {
            for (String name : List.of(extra.toUpperCase(java.util.Locale.ROOT), extra)) {
                try (ResultSet rs = md.getColumns(null, null, name, null)) {
                    while (rs.next()) {
                        if ("generation".equalsIgnoreCase(rs.getString("COLUMN_NAME")) && !tables.contains(extra)) {
                            tables.add(extra);
                        }
                    }
                }
            }
        }
        generationTables = List.copyOf(tables);
        return generationTables;
    }

    private volatile List<String> generationTables;

    /** A table's column names in lower case, in table order; empty when the table does not exist. */
    public List<String> columns(Connection c, String table) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return out;
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** Copies every row of one generation into another (a manual import adds to a source's current data). */
    public void copyGeneration(Connection c, long from, long to) throws SQLException {
        for (String table : generationTables(c)) {
            List<String> cols = new ArrayList<>(columns(c, table));
            cols.remove("generation");
            String list = String.join(", ", cols);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + list + ", generation) SELECT "
                    + list + ", ? FROM " + table + " WHERE generation = ?")) {
                ps.setLong(1, to);
                ps.setLong(2, from);
                ps.executeUpdate();
            }
        }
    }

    /** Where an import writes the rows of each parser source ({@code osv}, {@code alpine}, {@code debian}, {@code debian-sources}). */
    public interface Target {
        long generationFor(Connection c, String parserSource) throws SQLException;

        /**
         * Whether the generations start empty (a feed's download): rows are then inserted without first deleting
         * what a record replaces, unless a record turns out to be there already. Derby spends most of a delete that
         * finds nothing on building its "no row" warning.
         */
        default boolean fresh() {
            return false;
        }
    }

    // ---- per-source bookkeeping of the updater -------------------------------------------------------------

    /** What the updater keeps about a source between runs. */
    public record SourceRow(String name, long generation, String url, String etag, String lastModified, int failures,
                            Instant nextAttemptAfter) {
    }

    public Optional<SourceRow> sourceRow(String name) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("SELECT generation, url, etag,"
                + " last_modified, failures, next_attempt_after FROM vuln_source WHERE source_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp next = rs.getTimestamp(6);
                return Optional.of(new SourceRow(name, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), next == null ? null : next.toInstant()));
            }
        }
    }

    /** Records an attempt's outcome that changed no data: a 304 (success, nothing new) or a failure with its backoff. */
    public void recordAttempt(String name, String url, String error, Instant nextAttemptAfter) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = connection()) {
            if (currentGeneration(c, name) == null) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO vuln_source (source_name, record_count,"
                        + " generation, failures, url) VALUES (?, 0, 0, 0, ?)")) {
                    ins.setString(1, name);
                    ins.setString(2, cut(url, 2048));
                    ins.executeUpdate();
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            String sql = error == null
                    ? "UPDATE vuln_source SET last_attempt = ?, last_success = ?, last_error = NULL, failures = 0,"
                            + " next_attempt_after = NULL WHERE source_name = ?"
                    : "UPDATE vuln_source SET last_attempt = ?, last_error = ?, failures = failures + 1,"
                            + " next_attempt_after = ? WHERE source_name = ?";
            try (PreparedStatement up = c.prepareStatement(sql)) {
                up.setTimestamp(1, Timestamp.from(now));
                if (error == null) {
                    up.setTimestamp(2, Timestamp.from(now));
                } else {
                    up.setString(2, cut(error, 4000));
                    up.setTimestamp(3, nextAttemptAfter == null ? null : Timestamp.from(nextAttemptAfter));
                }
                up.setString(3 + (error == null ? 0 : 1), name);
                up.executeUpdate();
            }
        }
    }

    // ---- writes ------------------------------------------------------------------------------------------

    /**
     * Prepared statements for a bulk import over one connection: Derby compiles each statement, so preparing them
     * once per import rather than once per record matters for imports of tens of thousands of records.
     */
    public final class Writer implements AutoCloseable {
        private final Connection c;
        private final Target target;
        private final PreparedStatement deleteAffected;
        private final PreparedStatement deleteRecord;
        private final PreparedStatement insertRecord;
        private final PreparedStatement insertAffected;

        Writer(Connection c, Target target) throws SQLException {
            this.c = c;
            this.target = target;
            deleteAffected = c.prepareStatement(
                    "DELETE FROM vuln_affected WHERE source_name = ? AND record_key = ? AND generation = ?");
            deleteRecord = c.prepareStatement(
                    "DELETE FROM vuln_record WHERE source_name = ? AND vuln_id = ? AND generation = ?");
            insertRecord = c.prepareStatement("INSERT INTO vuln_record (source_name, vuln_id, summary, details,"
                    + " severity, cvss_vector, cvss_score, aliases, refs, modified, cvss_version, cwe_ids, cvss_all,"
                    + " generation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            insertAffected = c.prepareStatement("INSERT INTO vuln_affected (source_name, record_key, vuln_id,"
                    + " ecosystem, release_name, package_name, match_kind, status, fixed_version, severity, ranges,"
                    + " generation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        }

        public Connection connection() {
            return c;
        }

        public Target target() {
            return target;
        }

        /** Replaces everything imported from one record (in the generation being written): its affected rows, and the vulnerability texts it carries. */
        public void replace(String source, String recordKey, List<VulnRecord> records, List<AffectedRow> rows)
                throws SQLException {
            if (!target.fresh()) {
                deleteRecordRows(source, recordKey, records);
            }
            insertTexts(source, recordKey, records, true);
            addRows(rows);
        }

        /**
         * The vulnerability texts half of a fresh generation's {@link #replace}, for the thread that writes
         * {@code vuln_record} while another writes {@code vuln_affected}: a text listed again in the download replaces
         * its earlier copy (the earlier copy's affected rows are the other thread's to delete: {@link #deleteRows}).
         */
        public void insertTexts(String source, String recordKey, List<VulnRecord> records) throws SQLException {
            insertTexts(source, recordKey, records, false);
        }

        /** Deletes the affected rows a record wrote into the generation being written (it is listed again). */
        public void deleteRows(String source, String recordKey) throws SQLException {
            deleteAffected.setString(1, source);
            deleteAffected.setString(2, cut(recordKey, 255));
            deleteAffected.setLong(3, target.generationFor(c, source));
            deleteAffected.executeUpdate();
        }

        private void insertTexts(String source, String recordKey, List<VulnRecord> records, boolean withRows)
                throws SQLException {
            for (VulnRecord r : records) {
                long recordGeneration = target.generationFor(c, r.source());
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
                insertRecord.setLong(14, recordGeneration);
                try {
                    insertRecord.executeUpdate();
                } catch (SQLException e) {
                    if (!target.fresh() || !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    // the download holds this record twice: the later copy replaces the earlier one
                    if (withRows) {
                        deleteRecordRows(source, recordKey, List.of(r));
                    } else {
                        deleteRecord.setString(1, r.source());
                        deleteRecord.setString(2, cut(r.id(), 255));
                        deleteRecord.setLong(3, recordGeneration);
                        deleteRecord.executeUpdate();
                    }
                    insertRecord.executeUpdate();
                }
            }
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
                insertAffected.setLong(12, target.generationFor(c, row.source()));
                insertAffected.addBatch();
            }
            insertAffected.executeBatch();
        }

        private void deleteRecordRows(String source, String recordKey, List<VulnRecord> records) throws SQLException {
            deleteAffected.setString(1, source);
            deleteAffected.setString(2, cut(recordKey, 255));
            deleteAffected.setLong(3, target.generationFor(c, source));
            deleteAffected.executeUpdate();
            for (VulnRecord r : records) {
                deleteRecord.setString(1, r.source());
                deleteRecord.setString(2, cut(r.id(), 255));
                deleteRecord.setLong(3, target.generationFor(c, r.source()));
                deleteRecord.executeUpdate();
            }
        }

        /** {@link VulnStore#putDistroPackage} into the generation being written for Debian source packages. */
        public void putDistroPackage(String release, String name, String version) throws SQLException {
            VulnStore.this.putDistroPackage(c, target.generationFor(c, DebianTrackerParser.SOURCES_COUNT_KEY), release,
                    name, version);
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : List.of(deleteAffected, deleteRecord, insertRecord, insertAffected)) {
                ps.close();
            }
        }
    }

    public Writer writer(Connection c, Target target) throws SQLException {
        return new Writer(c, target);
    }

    /** Records the version of a source package in a distribution release, keeping the highest seen (source vs updates-source). */
    public void putDistroPackage(Connection c, long generation, String release, String name, String version)
            throws SQLException {
        Optional<String> existing = distroPackageVersion(c, List.of(generation), release, name);
        if (existing.isPresent()) {
            if (VersionSchemes.DPKG.compare(existing.get(), version) >= 0) {
                return;
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE vuln_distro_package SET pkg_version = ?"
                    + " WHERE release_name = ? AND package_name = ? AND generation = ?")) {
                up.setString(1, cut(version, 255));
                up.setString(2, release);
                up.setString(3, name);
                up.setLong(4, generation);
                up.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO vuln_distro_package (release_name, package_name,"
                + " pkg_version, generation) VALUES (?,?,?,?)")) {
            ins.setString(1, cut(release, 64));
            ins.setString(2, cut(name, 255));
            ins.setString(3, cut(version, 255));
            ins.setLong(4, generation);
            ins.executeUpdate();
        }
    }

    /** A generation's number of records (vulnerability texts), or of source packages when it holds only those. */
    static int countFor(Connection c, long generation) throws SQLException {
        for (String sql : List.of("SELECT COUNT(*) FROM vuln_record WHERE generation = ?",
                "SELECT COUNT(*) FROM vuln_distro_package WHERE generation = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, generation);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return rs.getInt(1);
                    }
                }
            }
        }
        return 0;
    }

    // ---- reads -------------------------------------------------------------------------------------------

    public List<SourceStatus> sourceStatuses() {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("SELECT source_name, last_success, record_count, url, etag,"
                     + " last_error, last_attempt, next_attempt_after, generation FROM vuln_source ORDER BY source_name");
             ResultSet rs = ps.executeQuery()) {
            List<SourceStatus> out = new ArrayList<>();
            while (rs.next()) {
                boolean current = rs.getLong(9) > 0;
                out.add(new SourceStatus(rs.getString(1), current ? instant(rs.getTimestamp(2)) : null,
                        current ? rs.getInt(3) : 0, rs.getString(4), instant(rs.getTimestamp(2)), rs.getString(5),
                        rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))));
            }
            return out;
        } catch (SQLException e) {
            throw new ScannerException("cannot read vuln_source: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * The generation is filtered here, not in SQL: with a second IN list Derby gave up its index probes on
     * package_name for a table scan. Rows of other generations (retired ones, not yet deleted) are few.
     */
    private static final String AFFECTED_COLUMNS = "SELECT source_name, record_key, vuln_id, ecosystem, release_name,"
            + " package_name, match_kind, status, fixed_version, severity, ranges, generation FROM vuln_affected"
            // Derby's statistics of a table that grew from empty by an import can make it scan the whole table for
            // package_name IN (...): the index is named (a comment to PostgreSQL; the newline ends it)
            + " --DERBY-PROPERTIES index=VULN_AFFECTED_PKG\n";

    /** All rows naming a package in an ecosystem in the current data (every release; the matcher picks). */
    public List<AffectedRow> affected(Connection c, String ecosystem, String packageName) throws SQLException {
        return affected(c, view(c), ecosystem, packageName);
    }

    /** All rows naming a package in an ecosystem in a view's generations (every release; the matcher picks). */
    public List<AffectedRow> affected(Connection c, View view, String ecosystem, String packageName) throws SQLException {
        java.util.Set<Long> generations = view.generationSet();
        if (generations.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(AFFECTED_COLUMNS + " WHERE ecosystem = ? AND package_name = ?"
                + uncommittedRead(c))) {
            ps.setString(1, ecosystem);
            ps.setString(2, packageName);
            try (ResultSet rs = ps.executeQuery()) {
                List<AffectedRow> out = new ArrayList<>();
                while (rs.next()) {
                    if (generations.contains(rs.getLong(12))) {
                        out.add(affectedRow(rs));
                    }
                }
                return out;
            }
        }
    }

    private volatile Boolean derby;

    /** Whether the store runs on Apache Derby (asked once per store). */
    boolean derby(Connection c) throws SQLException {
        Boolean known = derby;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("derby");
            derby = known;
        }
        return known;
    }

    /**
     * Derby's {@code WITH UR} for the look-ups of data rows: at read committed a reader waits for the row locks of an
     * import's uncommitted rows (the new generation names the same packages), seconds at a time; uncommitted rows
     * are only ever those of a generation no view holds, which every look-up drops by its generation, and the rows of
     * a view's generations are never changed, only deleted once retired and out of every view. PostgreSQL's readers
     * never wait for writers: nothing is added there.
     */
    String uncommittedRead(Connection c) throws SQLException {
        return derby(c) ? " WITH UR" : "";
    }

    private static AffectedRow affectedRow(ResultSet rs) throws SQLException {
        return new AffectedRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), Severity.valueOf(rs.getString(10)),
                rs.getString(11));
    }

    /** IN-list lengths the batched look-up uses (short lists are padded), so Derby compiles at most three statements. */
    private static final int[] IN_SIZES = {1, 10, 100};
    private static int padded(int n, int[] sizes) {
        for (int s : sizes) {
            if (s >= n) {
                return s;
            }
        }
        return n;
    }

    /** {@link #affected(Connection, View, Collection)} in the current data. */
    public Map<String, List<AffectedRow>> affected(Connection c, String ecosystem, Collection<String> packageNames)
            throws SQLException {
        return affected(c, view(c), ecosystem, packageNames);
    }

    /**
     * {@link #affected(Connection, View, String, String)} for many names at once, {@code package_name IN (...)} with up to
     * {@value #MAX_IN} names a statement. Every name asked for is a key of the answer (an empty list when no row
     * names it); each name's rows come in the order the database returns them.
     */
    public Map<String, List<AffectedRow>> affected(Connection c, View view, String ecosystem,
                                                   Collection<String> packageNames) throws SQLException {
        List<String> names = new ArrayList<>(new java.util.LinkedHashSet<>(packageNames));
        Map<String, List<AffectedRow>> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new ArrayList<>());
        }
        java.util.Set<Long> generations = view.generationSet();
        if (generations.isEmpty()) {
            return out;
        }
        if (derby(c)) {
            // Derby probes an IN list only on an index's first column: ecosystem = ? AND package_name IN (...) read
            // every row of the ecosystem (half the table, ~1 s at 500,000 records). One prepared point look-up per
            // name uses both columns of the index.
            try (PreparedStatement ps = c.prepareStatement(AFFECTED_COLUMNS
                    + " WHERE ecosystem = ? AND package_name = ?" + uncommittedRead(c))) {
                ps.setString(1, ecosystem);
                for (String name : names) {
                    ps.setString(2, name);
                    List<AffectedRow> rows = out.get(name);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (generations.contains(rs.getLong(12))) {
                                rows.add(affectedRow(rs));
                            }
                        }
                    }
                }
            }
            return out;
        }
        for (int from = 0; from < names.size(); from += MAX_IN) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + MAX_IN));
            int size = padded(chunk.size(), IN_SIZES);
            StringBuilder sql = new StringBuilder(AFFECTED_COLUMNS).append(" WHERE ecosystem = ? AND package_name IN (?");
            sql.append(",?".repeat(size - 1)).append(')');
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setString(1, ecosystem);
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1))); // padded with the last name
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!generations.contains(rs.getLong(12))) {
                            continue;
                        }
                        AffectedRow row = affectedRow(rs);
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
        return record(c, view(c), source, id);
    }

    /** A vulnerability's texts in a view's generations (the first found when two sources carry the same record). */
    public Optional<VulnRecord> record(Connection c, View view, String source, String id) throws SQLException {
        return Optional.ofNullable(records(c, view, source, List.of(id)).get(id));
    }

    /** The column list of {@link #record(ResultSet)}, then the row's generation. */
    private static final String RECORD_COLUMNS = "summary, details, severity, cvss_vector, cvss_score, aliases, refs,"
            + " modified, cvss_version, cwe_ids, cvss_all, source_name, vuln_id, generation";

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
     * {@link #record} for many ids of one source, in a view's generations, {@code vuln_id IN (...)} a hundred at a
     * time (the padded sizes of {@link #affected(Connection, String, Collection)}); the generations are filtered
     * here, not in SQL, which keeps Derby on the primary key. Ids without a record are absent from the answer.
     */
    public Map<String, VulnRecord> records(Connection c, View view, String source, Collection<String> ids) throws SQLException {
        java.util.Set<Long> generations = view.generationSet();
        Map<String, VulnRecord> out = new LinkedHashMap<>();
        if (generations.isEmpty()) {
            return out;
        }
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        if (derby(c)) {
            // as in affected(): an IN list on vuln_id, the key's second column, read every record of the source
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS
                    + " FROM vuln_record WHERE source_name = ? AND vuln_id = ? ORDER BY generation" + uncommittedRead(c))) {
                ps.setString(1, source);
                for (String id : all) {
                    ps.setString(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (generations.contains(rs.getLong(14))) {
                                VulnRecord r = record(rs);
                                out.putIfAbsent(r.id(), r);
                            }
                        }
                    }
                }
            }
            return out;
        }
        for (int from = 0; from < all.size(); from += MAX_IN) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_IN));
            int size = padded(chunk.size(), IN_SIZES);
            String sql = "SELECT " + RECORD_COLUMNS + " FROM vuln_record WHERE source_name = ? AND vuln_id IN (?"
                    + ",?".repeat(size - 1) + ") ORDER BY generation";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (generations.contains(rs.getLong(14))) {
                            VulnRecord r = record(rs);
                            out.putIfAbsent(r.id(), r);
                        }
                    }
                }
            }
        }
        return out;
    }

    public Optional<String> distroPackageVersion(Connection c, String release, String name) throws SQLException {
        return distroPackageVersion(c, view(c), release, name);
    }

    public Optional<String> distroPackageVersion(Connection c, View view, String release, String name)
            throws SQLException {
        return distroPackageVersion(c, List.copyOf(view.generationSet()), release, name);
    }

    /** The highest version of a source package in a release among the given generations. */
    private Optional<String> distroPackageVersion(Connection c, List<Long> generations, String release, String name)
            throws SQLException {
        if (generations.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pkg_version, generation FROM vuln_distro_package"
                + " WHERE release_name = ? AND package_name = ?" + uncommittedRead(c))) {
            ps.setString(1, release);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                String best = null;
                while (rs.next()) {
                    if (generations.contains(rs.getLong(2))
                            && (best == null || VersionSchemes.DPKG.compare(rs.getString(1), best) > 0)) {
                        best = rs.getString(1);
                    }
                }
                return Optional.ofNullable(best);
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

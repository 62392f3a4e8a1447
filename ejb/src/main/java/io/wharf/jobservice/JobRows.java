package io.wharf.jobservice;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The job table's hot path, one local JDBC transaction per call: inserting submissions, claiming a
 * job for a worker and recording how it ended. Each is a few plain statements, so neither an EJB
 * container transaction nor an entity is worth its cost here (they were a fifth of a worker's CPU).
 * Everything else about jobs goes through {@link JobStore} and JPA.
 *
 * <p>The jobs this server inserted are remembered (a bounded number, until claimed): the claim of
 * such a job checks that its row is still at the revision inserted, and then needs no read.
 */
@ApplicationScoped
public class JobRows {
    static final int MAX_REMEMBERED = 20_000;

    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    private final Map<String, Job> inserted = new ConcurrentHashMap<>();
    private final ThreadLocal<Connection> pinned = new ThreadLocal<>();

    /** A new job row; the columns a new job can have set (check-in, last error and worker come later). */
    private static final String INSERT = "INSERT INTO job_record (id, name, kind, parameters, status_hook, cron_spec, is_unique,"
            + " unique_key, status, run_at, fails, max_fails, enqueue_time, update_time, parent_id, tick, stop_requested,"
            + " needs_enqueue, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // Of two concurrent claims exactly one updates the row; no read lock to upgrade, so no deadlock.
    private static final String CLAIM = "UPDATE job_record SET status = ?, run_by = ?, update_time = ?, revision = revision + 1"
            + " WHERE id = ? AND status = ? AND stop_requested = ? AND (run_at IS NULL OR run_at <= ?)";
    private static final String CLAIM_AT_REVISION = CLAIM + " AND revision = ?";
    private static final String FINISH = "UPDATE job_record SET status = ?, unique_key = NULL, run_by = NULL, update_time = ?,"
            + " revision = revision + 1 WHERE id = ? AND (status = ? OR (status = ? AND run_by = ?))";
    private static final String ROW = "SELECT id, name, kind, parameters, status_hook, cron_spec, is_unique, unique_key, status,"
            + " run_at, fails, max_fails, enqueue_time, update_time, check_in, check_in_at, last_error, parent_id, tick,"
            + " stop_requested, run_by, needs_enqueue, revision FROM job_record WHERE id = ?";

    @FunctionalInterface
    private interface Work<T> {
        T in(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one local transaction: committed if it returns, rolled back if it throws. */
    private <T> T transaction(String what, Work<T> work) {
        try {
            Connection kept = pinned.get();
            if (kept != null) {
                try {
                    return commitOrRollback(kept, work);
                } catch (SQLException | RuntimeException e) {
                    unpin(); // a connection that failed is not trusted for the next job
                    throw e;
                }
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    return commitOrRollback(c, work);
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot " + what, e);
        }
    }

    private static <T> T commitOrRollback(Connection c, Work<T> work) throws SQLException {
        try {
            T result = work.in(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Keeps one connection for this thread's transactions until {@link #unpin}: a busy worker then
     * takes no connection from the pool (and sets no commit mode) for every job. Without a
     * connection to keep (the pool empty, the database away) each transaction takes its own.
     */
    public void pin() {
        if (pinned.get() != null) return;
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            pinned.set(c);
        } catch (SQLException | RuntimeException e) {
            // each transaction gets its own connection instead
        }
    }

    /** Gives the kept connection back to the pool (whatever was not committed is rolled back). */
    public void unpin() {
        Connection c = pinned.get();
        if (c == null) return;
        pinned.remove();
        try (c) {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            // the pool discards a connection that fails
        }
    }

    /**
     * Several new jobs in one transaction (one commit, one log sync for all of them): the submission
     * path groups concurrent submissions here. All or nothing: a failure rolls every one back.
     */
    public List<Job> addAll(List<Job> jobs) {
        transaction("insert " + jobs.size() + " job(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Job j : jobs) {
                    int i = 0;
                    ps.setString(++i, j.getId());
                    ps.setString(++i, j.getName());
                    ps.setString(++i, j.getKind().name());
                    ps.setString(++i, j.getParametersJson());
                    ps.setString(++i, j.getStatusHook());
                    ps.setString(++i, j.getCronSpec());
                    ps.setBoolean(++i, j.isUnique());
                    ps.setString(++i, j.getUniqueKey());
                    ps.setString(++i, j.getStatus().name());
                    ps.setTimestamp(++i, timestamp(j.getRunAt()));
                    ps.setInt(++i, j.getFails());
                    ps.setInt(++i, j.getMaxFails());
                    ps.setTimestamp(++i, timestamp(j.getEnqueueTime()));
                    ps.setTimestamp(++i, timestamp(j.getUpdateTime()));
                    ps.setString(++i, j.getParentId());
                    ps.setTimestamp(++i, timestamp(j.getTick()));
                    ps.setBoolean(++i, j.isStopRequested());
                    ps.setBoolean(++i, j.needsEnqueue());
                    ps.setLong(++i, j.getRevision() + 1);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        for (Job j : jobs) {
            j.bumpRevision(); // as JPA sets a new row's version
            if (j.getStatus() != JobStatus.PENDING) continue;
            // Entries another server's workers claimed are never removed here: start afresh when full.
            if (inserted.size() >= MAX_REMEMBERED) inserted.clear();
            inserted.put(j.getId(), j.detachedCopy());
        }
        return jobs;
    }

    /** Moves a ready Pending job to Running for this worker; empty when it is not (or no longer) ready. */
    public Optional<Job> claim(String id, String worker, Instant now) {
        return transaction("claim job " + id, c -> claimRow(c, id, worker, now));
    }

    /**
     * Records how job {@code doneId} ended and claims job {@code nextId} for the same worker in one
     * transaction, so a busy worker commits once per job. The claim is empty when the next job is not
     * ready (the end of the first one is recorded all the same); a failure rolls both back.
     */
    public Optional<Job> finishAndClaim(String doneId, String worker, JobStatus end, String nextId, Instant now) {
        return transaction("finish job " + doneId + " and claim job " + nextId, c -> {
            finishRow(c, doneId, worker, end, now);
            return claimRow(c, nextId, worker, now);
        });
    }

    /** Records how a job that ran ended; false when it was no longer this worker's (see {@link #finishRow}). */
    public boolean finish(String id, String worker, JobStatus end, Instant now) {
        return transaction("finish job " + id, c -> finishRow(c, id, worker, end, now));
    }

    private Optional<Job> claimRow(Connection c, String id, String worker, Instant now) throws SQLException {
        Timestamp at = Timestamp.from(now);
        Job known = inserted.remove(id);
        if (known != null) {
            // Unchanged since this server inserted it: the row is the remembered job, now Running.
            try (PreparedStatement ps = c.prepareStatement(CLAIM_AT_REVISION)) {
                setClaim(ps, id, worker, at);
                ps.setLong(8, known.getRevision());
                if (ps.executeUpdate() == 1) {
                    known.becomeRunning(worker, now);
                    known.bumpRevision();
                    return Optional.of(known);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            setClaim(ps, id, worker, at);
            if (ps.executeUpdate() != 1) return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement(ROW)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                int i = 0;
                return Optional.of(Job.fromRow(rs.getString(++i), rs.getString(++i), JobKind.valueOf(rs.getString(++i).trim()),
                        rs.getString(++i), rs.getString(++i), rs.getString(++i), rs.getBoolean(++i), rs.getString(++i),
                        JobStatus.valueOf(rs.getString(++i).trim()), instant(rs.getTimestamp(++i)), rs.getInt(++i), rs.getInt(++i),
                        instant(rs.getTimestamp(++i)), instant(rs.getTimestamp(++i)), rs.getString(++i), instant(rs.getTimestamp(++i)),
                        rs.getString(++i), rs.getString(++i), instant(rs.getTimestamp(++i)), rs.getBoolean(++i), rs.getString(++i),
                        rs.getBoolean(++i), rs.getLong(++i)));
            }
        }
    }

    private static void setClaim(PreparedStatement ps, String id, String worker, Timestamp at) throws SQLException {
        ps.setString(1, JobStatus.RUNNING.name());
        ps.setString(2, worker);
        ps.setTimestamp(3, at);
        ps.setString(4, id);
        ps.setString(5, JobStatus.PENDING.name());
        ps.setBoolean(6, false);
        ps.setTimestamp(7, at);
    }

    /**
     * One conditional UPDATE (no read, no entity merge): only while the job is still this worker's,
     * or back in Pending (recovery took it for lost meanwhile: it ran, it need not run again).
     */
    private static boolean finishRow(Connection c, String id, String worker, JobStatus end, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            ps.setString(1, end.name());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, id);
            ps.setString(4, JobStatus.PENDING.name());
            ps.setString(5, JobStatus.RUNNING.name());
            ps.setString(6, worker);
            return ps.executeUpdate() == 1;
        }
    }

    private static Timestamp timestamp(Instant t) { return t == null ? null : Timestamp.from(t); }

    private static Instant instant(Timestamp t) { return t == null ? null : t.toInstant(); }
}

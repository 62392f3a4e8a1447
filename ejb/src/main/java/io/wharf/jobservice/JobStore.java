package io.wharf.jobservice;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The job table, one short transaction per state change. Each change checks the state it starts
 * from, and the row's version guards it, so two servers can never both move a job to Running.
 */
@Stateless
public class JobStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @jakarta.annotation.Resource(lookup = "jdbc/wharf")
    javax.sql.DataSource dataSource;

    public Job add(Job job) {
        em.persist(job);
        em.flush();
        return job;
    }

    public Optional<Job> find(String id) { return Optional.ofNullable(em.find(Job.class, id)); }

    /** A unique job with the same name and parameters that is still queued or running. */
    public Optional<Job> activeWithKey(String uniqueKey) {
        return em.createQuery("select j from Job j where j.uniqueKey = :k and j.status in :s", Job.class)
                .setParameter("k", uniqueKey)
                .setParameter("s", List.of(JobStatus.PENDING, JobStatus.SCHEDULED, JobStatus.RUNNING))
                .getResultStream().findFirst();
    }

    /** Records a failed attempt; a job with attempts left goes back to Scheduled for its backoff. */
    public Job failed(String id, String error, Instant retryAt, Instant now) {
        Job job = em.find(Job.class, id);
        job.fail(error, now);
        if (job.getFails() < job.getMaxFails() && !job.isStopRequested()) {
            job.becomePending(retryAt, now);
            job.schedule();
        } else {
            job.finish(job.isStopRequested() ? JobStatus.STOPPED : JobStatus.ERROR, now);
        }
        return job;
    }

    public Job checkIn(String id, String message, Instant now) {
        Job job = em.find(Job.class, id);
        job.checkIn(message, now);
        return job;
    }

    /** Stops a job: at once if it waits, by request if it runs. Returns the job as it is now. */
    public Job stop(String id, Instant now) {
        Job job = em.find(Job.class, id);
        if (job.getStatus().isFinal()) return job;
        job.requestStop(now);
        if (job.getStatus() != JobStatus.RUNNING) job.finish(JobStatus.STOPPED, now);
        return job;
    }

    public Job retry(String id, Instant now) {
        Job job = em.find(Job.class, id);
        if (job.getStatus() != JobStatus.ERROR && job.getStatus() != JobStatus.STOPPED) {
            throw new IllegalStateException("only a job in Error or Stopped can be retried; this one is " + job.getStatus().wire());
        }
        if (job.getKind() == JobKind.PERIODIC) {
            throw new IllegalStateException("a periodic job is not retried; submit it again");
        }
        job.retry(now);
        return job;
    }

    /** Scheduled jobs (delayed ones and retries) whose time has come become Pending; returns their ids. */
    public List<String> releaseDue(Instant now, int max) {
        List<Job> due = em.createQuery("select j from Job j where j.status = :s and j.kind <> :p and j.runAt <= :now order by j.runAt",
                        Job.class)
                .setParameter("s", JobStatus.SCHEDULED).setParameter("p", JobKind.PERIODIC).setParameter("now", now)
                .setMaxResults(max).getResultList();
        due.forEach(j -> j.becomePending(now, now));
        return due.stream().map(Job::getId).toList();
    }

    public List<Job> periodicDue(Instant now) {
        return em.createQuery("select j from Job j where j.kind = :p and j.status = :s and j.runAt <= :now", Job.class)
                .setParameter("p", JobKind.PERIODIC).setParameter("s", JobStatus.SCHEDULED).setParameter("now", now)
                .getResultList();
    }

    /**
     * Creates the execution of one tick and moves the periodic job to its next tick. Another server
     * doing the same tick makes the tick's unique key or the row version fail, and then nothing is written.
     */
    public Optional<Job> fireTick(String parentId, long revision, String executionId, Instant next, Instant now) {
        Job parent = em.find(Job.class, parentId);
        if (parent == null || parent.getRevision() != revision || parent.getStatus() != JobStatus.SCHEDULED) return Optional.empty();
        Job execution = Job.execution(executionId, parent, parent.getRunAt(), now);
        execution.becomePending(now, now);
        parent.nextTick(next, now);
        try {
            em.persist(execution);
            em.flush();
        } catch (PersistenceException e) {
            throw new TickTakenException();
        }
        return Optional.of(execution);
    }

    /** Thrown (rolling the transaction back) when another server already fired the tick. */
    @jakarta.ejb.ApplicationException(rollback = true)
    public static class TickTakenException extends RuntimeException {
        public TickTakenException() { super("tick already fired", null, false, false); }
    }

    public List<String> pendingIds(int max) {
        return em.createQuery("select j.id from Job j where j.status = :s order by j.enqueueTime", String.class)
                .setParameter("s", JobStatus.PENDING).setMaxResults(max).getResultList();
    }

    public List<Job> running() {
        return em.createQuery("select j from Job j where j.status = :s", Job.class)
                .setParameter("s", JobStatus.RUNNING).getResultList();
    }

    /** Puts a Running job whose worker is gone back in the queue's hands. */
    /**
     * A running job's worker says it is alive. The database, not only Redis, knows it: if Redis
     * loses the lease, the job is not taken for lost while its worker still beats.
     */
    public void heartbeat(String id, String worker, Instant now) {
        // Plain SQL on purpose: a JPQL bulk update would bump the row's version, and the worker's own
        // writes (a check-in, its end) would then fail as if someone else had changed the job.
        em.createNativeQuery("UPDATE job_record SET update_time = ? WHERE id = ? AND status = ? AND run_by = ?")
                .setParameter(1, java.sql.Timestamp.from(now)).setParameter(2, id).setParameter(3, JobStatus.RUNNING.name())
                .setParameter(4, worker).executeUpdate();
    }

    /**
     * Puts a running job whose worker is gone back to Pending, or ends it Stopped when a stop was
     * asked for. The row is locked and its last heartbeat read again under the lock, so a worker
     * that beat meanwhile keeps its job. Returns the job as it is now; empty when it was not lost.
     */
    public Optional<Job> requeueLost(String id, long revision, Instant silentSince, Instant now) {
        Job job = em.find(Job.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.getStatus() != JobStatus.RUNNING || job.getRevision() != revision
                || job.getUpdateTime().isAfter(silentSince)) return Optional.empty();
        // A stop was asked for while it ran: it ends Stopped. Back in Pending it would wait forever,
        // since no worker claims a job whose stop was requested.
        if (job.isStopRequested()) {
            job.finish(JobStatus.STOPPED, now);
        } else {
            job.becomePending(now, now);
        }
        try {
            em.flush();
            return Optional.of(job);
        } catch (OptimisticLockException e) {
            return Optional.empty();
        }
    }

    /** Pending jobs not touched for a while: their enqueue may have failed while Redis was away. */
    public List<String> stalePending(Instant before, int max) {
        List<Job> stale = em.createQuery("select j from Job j where j.status = :s and j.updateTime < :t", Job.class)
                .setParameter("s", JobStatus.PENDING).setParameter("t", before).setMaxResults(max).getResultList();
        Instant now = Instant.now();
        stale.forEach(j -> j.touch(now));
        return stale.stream().map(Job::getId).toList();
    }

    public void markUnqueued(String id) {
        Job job = em.find(Job.class, id);
        if (job != null) job.markNeedsEnqueue(true);
    }

    public void markUnqueued(List<String> ids) {
        for (String id : ids) markUnqueued(id);
    }

    /** Pending jobs whose enqueue failed; the flag is cleared as they are handed back. */
    public List<String> takeUnqueued(int max) {
        List<Job> jobs = em.createQuery("select j from Job j where j.needsEnqueue = true and j.status = :s", Job.class)
                .setParameter("s", JobStatus.PENDING).setMaxResults(max).getResultList();
        jobs.forEach(j -> j.markNeedsEnqueue(false));
        return jobs.stream().map(Job::getId).toList();
    }

    public List<Job> executions(String parentId, int first, int max) {
        return em.createQuery("select j from Job j where j.parentId = :p order by j.tick desc", Job.class)
                .setParameter("p", parentId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countExecutions(String parentId) {
        return em.createQuery("select count(j) from Job j where j.parentId = :p", Long.class).setParameter("p", parentId).getSingleResult();
    }

    /**
     * Jobs per name and status, for the stats endpoint: name, status, count. Counts, not a
     * transaction's view: on Derby the scan reads uncommitted rows ({@code WITH UR}), so it neither
     * waits for the workers' row locks nor makes them wait (PostgreSQL's reads never lock).
     */
    public List<Object[]> countsByNameAndStatus() {
        String sql = "SELECT name, status, COUNT(*) FROM job_record WHERE status IN (?, ?, ?) GROUP BY name, status";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(isDerby() ? sql + " WITH UR" : sql)
                .setParameter(1, JobStatus.PENDING.name()).setParameter(2, JobStatus.SCHEDULED.name())
                .setParameter(3, JobStatus.RUNNING.name()).getResultList();
        return rows;
    }

    private static volatile Boolean derby;

    private boolean isDerby() {
        Boolean d = derby;
        if (d == null) {
            try (Connection c = dataSource.getConnection()) {
                d = c.getMetaData().getDatabaseProductName().toLowerCase().contains("derby");
            } catch (SQLException | RuntimeException e) {
                d = Boolean.FALSE;
            }
            derby = d;
        }
        return d;
    }

    /** Final jobs finished before the cut-off, whose logs may go. */
    public List<String> finishedBefore(Instant cutoff, int max) {
        return em.createQuery("select j.id from Job j where j.status in :s and j.updateTime < :t", String.class)
                .setParameter("s", List.of(JobStatus.SUCCESS, JobStatus.ERROR, JobStatus.STOPPED)).setParameter("t", cutoff)
                .setMaxResults(max).getResultList();
    }
}

package io.wharf.replication;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Replication's rows: rules, executions and tasks; each call is its own transaction unless the caller has one. */
@Stateless
public class ReplicationStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @jakarta.inject.Inject io.wharf.audit.AuditLog audit;

    /** Writes an audit entry in a transaction (the audit log joins the caller's). */
    public void audit(io.wharf.audit.AuditLogEntry entry) { audit.add(entry); }

    public ReplicationPolicy add(ReplicationPolicy p) {
        em.persist(p);
        em.flush();
        return p;
    }

    public Optional<ReplicationPolicy> policy(long id) { return Optional.ofNullable(em.find(ReplicationPolicy.class, id)); }

    public Optional<ReplicationPolicy> policyByName(String name) {
        return em.createQuery("select p from ReplicationPolicy p where p.name = :n", ReplicationPolicy.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    public List<ReplicationPolicy> policies(String nameFragment, int first, int max) {
        return em.createQuery("select p from ReplicationPolicy p where p.name like :q order by p.id", ReplicationPolicy.class)
                .setParameter("q", like(nameFragment)).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countPolicies(String nameFragment) {
        return em.createQuery("select count(p) from ReplicationPolicy p where p.name like :q", Long.class)
                .setParameter("q", like(nameFragment)).getSingleResult();
    }

    /** Enabled push-based rules triggered by events (pushes and deletes in Wharf). */
    public List<ReplicationPolicy> eventPolicies() {
        return em.createQuery("select p from ReplicationPolicy p where p.enabled = true and p.triggerType = :t"
                + " and p.srcRegistryId is null", ReplicationPolicy.class).setParameter("t", "event_based").getResultList();
    }

    public boolean policyUsesRegistry(long registryId) {
        return em.createQuery("select count(p) from ReplicationPolicy p where p.srcRegistryId = :r or p.destRegistryId = :r", Long.class)
                .setParameter("r", registryId).getSingleResult() > 0;
    }

    public void remove(ReplicationPolicy p) {
        ReplicationPolicy managed = em.find(ReplicationPolicy.class, p.getId());
        if (managed != null) em.remove(managed);
    }

    public ReplicationPolicy save(ReplicationPolicy p) { return em.merge(p); }

    public ReplicationExecution newExecution(long policyId, String trigger) { return newExecution(policyId, trigger, false); }

    /** An execution, InProgress; one {@code planning} does not end before {@link #planned} however its tasks end. */
    public ReplicationExecution newExecution(long policyId, String trigger, boolean planning) {
        ReplicationExecution e = new ReplicationExecution(policyId, trigger);
        e.planning(planning);
        em.persist(e);
        em.flush();
        return e;
    }

    /** Executions still being planned that started before {@code before} (each should have a planning job by then). */
    public List<Long> planningSince(java.time.Instant before) {
        return em.createQuery("select e.id from ReplicationExecution e where e.status = :s and e.planning = true"
                        + " and e.startTime < :before order by e.id", Long.class)
                .setParameter("s", ReplicationExecution.IN_PROGRESS).setParameter("before", before).getResultList();
    }

    /** A task to write: from where, to where, copy or delete; {@code failure} when it failed at once (no destination name). */
    public record NewTask(String src, String dst, String operation, String failure) {}

    /**
     * Writes tasks of an execution in one transaction and returns the ids of those to queue; empty,
     * with nothing written, when the execution has ended (it was stopped while it was planned).
     */
    public Optional<List<Long>> addTasks(long executionId, List<NewTask> tasks) {
        ReplicationExecution e = em.find(ReplicationExecution.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !e.getStatus().equals(ReplicationExecution.IN_PROGRESS)) return Optional.empty();
        List<ReplicationTask> written = new java.util.ArrayList<>();
        for (NewTask n : tasks) {
            ReplicationTask t = new ReplicationTask(executionId, n.src(), n.dst(), n.operation());
            if (n.failure() != null) t.end(ReplicationTask.FAILED, n.failure());
            em.persist(t);
            written.add(t);
        }
        em.flush();
        return Optional.of(written.stream().filter(t -> !t.isEnded()).map(ReplicationTask::getId).toList());
    }

    /** The sources of the tasks an execution has (a planning that starts again after a restart skips them). */
    public java.util.Set<String> taskSources(long executionId) {
        return new java.util.HashSet<>(em.createQuery("select t.srcResource from ReplicationTask t where t.executionId = :e", String.class)
                .setParameter("e", executionId).getResultList());
    }

    /** Pending tasks with no job yet: written by a planning that stopped (a restart) before it queued them. */
    public List<Long> unqueuedTasks(long executionId) {
        return em.createQuery("select t.id from ReplicationTask t where t.executionId = :e and t.status = :s and t.jobId is null order by t.id",
                Long.class).setParameter("e", executionId).setParameter("s", ReplicationTask.PENDING).getResultList();
    }

    /** Every task is written: the execution now ends with its last task, or at once when it has none open. */
    public void planned(long executionId) {
        ReplicationExecution e = em.find(ReplicationExecution.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) return;
        e.planning(false);
        settle(e);
    }

    public Optional<ReplicationExecution> execution(long id) { return Optional.ofNullable(em.find(ReplicationExecution.class, id)); }

    public List<ReplicationExecution> executions(Long policyId, String status, int first, int max) {
        var q = em.createQuery("select e from ReplicationExecution e" + where(policyId, status) + " order by e.id desc", ReplicationExecution.class);
        if (policyId != null) q.setParameter("p", policyId);
        if (status != null) q.setParameter("s", status);
        return q.setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countExecutions(Long policyId, String status) {
        var q = em.createQuery("select count(e) from ReplicationExecution e" + where(policyId, status), Long.class);
        if (policyId != null) q.setParameter("p", policyId);
        if (status != null) q.setParameter("s", status);
        return q.getSingleResult();
    }

    /** Derby cannot type a null parameter in "? is null": only the conditions asked for are written. */
    private static String where(Long policyId, String status) {
        if (policyId == null && status == null) return "";
        if (policyId == null) return " where e.status = :s";
        if (status == null) return " where e.policyId = :p";
        return " where e.policyId = :p and e.status = :s";
    }

    public boolean hasRunningExecution(long policyId) {
        return countExecutions(policyId, ReplicationExecution.IN_PROGRESS) > 0;
    }

    public ReplicationTask addTask(long executionId, String src, String dst, String operation) {
        ReplicationTask t = new ReplicationTask(executionId, src, dst, operation);
        em.persist(t);
        em.flush();
        return t;
    }

    public void taskJob(long taskId, String jobId) {
        ReplicationTask t = em.find(ReplicationTask.class, taskId);
        if (t != null) t.setJobId(jobId);
    }

    public Optional<ReplicationTask> task(long id) { return Optional.ofNullable(em.find(ReplicationTask.class, id)); }

    public List<ReplicationTask> tasks(long executionId, int first, int max) {
        return em.createQuery("select t from ReplicationTask t where t.executionId = :e order by t.id", ReplicationTask.class)
                .setParameter("e", executionId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countTasks(long executionId) {
        return em.createQuery("select count(t) from ReplicationTask t where t.executionId = :e", Long.class)
                .setParameter("e", executionId).getSingleResult();
    }

    /** How many tasks of the execution have each status. */
    public Map<String, Long> taskCounts(long executionId) {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] row : em.createQuery("select t.status, count(t) from ReplicationTask t where t.executionId = :e group by t.status",
                Object[].class).setParameter("e", executionId).getResultList()) {
            out.put((String) row[0], ((Number) row[1]).longValue());
        }
        return out;
    }

    /** Marks a task running; false when it already ended (stopped before its job started). */
    public boolean taskRunning(long taskId) {
        ReplicationTask t = em.find(ReplicationTask.class, taskId);
        if (t == null || t.isEnded()) return false;
        t.running();
        return true;
    }

    /**
     * Ends a task, and its execution once no task of it is left pending or running. The execution
     * row is locked first, so two tasks ending at once cannot both believe the other still runs.
     */
    public void taskEnded(long taskId, String status, String text) {
        ReplicationTask t = em.find(ReplicationTask.class, taskId);
        if (t == null) return;
        ReplicationExecution e = em.find(ReplicationExecution.class, t.getExecutionId(), LockModeType.PESSIMISTIC_WRITE);
        if (!t.isEnded()) t.end(status, text);
        em.flush();
        if (e != null) settle(e);
    }

    /** Ends an execution whose tasks have all ended (or that has none). */
    public void settle(long executionId) {
        ReplicationExecution e = em.find(ReplicationExecution.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (e != null) settle(e);
    }

    private void settle(ReplicationExecution e) {
        // While it is planned, the tasks written so far are not all: an execution never ends early (nor Succeeds with 0 tasks).
        if (!e.getStatus().equals(ReplicationExecution.IN_PROGRESS) || e.isPlanning()) return;
        Map<String, Long> counts = taskCounts(e.getId());
        long open = counts.getOrDefault(ReplicationTask.PENDING, 0L) + counts.getOrDefault(ReplicationTask.IN_PROGRESS, 0L);
        if (open > 0) return;
        long failed = counts.getOrDefault(ReplicationTask.FAILED, 0L);
        long stopped = counts.getOrDefault(ReplicationTask.STOPPED, 0L);
        String status = failed > 0 ? ReplicationExecution.FAILED : stopped > 0 ? ReplicationExecution.STOPPED : ReplicationExecution.SUCCEED;
        e.end(status, failed > 0 ? failed + " of " + counts.values().stream().mapToLong(Long::longValue).sum() + " tasks failed" : null);
    }

    /** Ends an execution now (it could not be started, or it was stopped); pending tasks are stopped with it. */
    public List<String> stopExecution(long executionId, String status, String text) {
        ReplicationExecution e = em.find(ReplicationExecution.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) return List.of();
        List<String> jobs = new java.util.ArrayList<>();
        for (ReplicationTask t : em.createQuery("select t from ReplicationTask t where t.executionId = :e and t.status in :s",
                ReplicationTask.class).setParameter("e", executionId)
                .setParameter("s", List.of(ReplicationTask.PENDING, ReplicationTask.IN_PROGRESS)).getResultList()) {
            if (t.getJobId() != null) jobs.add(t.getJobId());
            t.end(ReplicationTask.STOPPED, null);
        }
        if (e.getStatus().equals(ReplicationExecution.IN_PROGRESS)) e.end(status, text);
        return jobs;
    }

    private static String like(String fragment) {
        return fragment == null || fragment.isBlank() ? "%" : "%" + fragment.replace("%", "").replace("_", "\\_") + "%";
    }
}

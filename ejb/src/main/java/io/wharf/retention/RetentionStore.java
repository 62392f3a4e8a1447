package io.wharf.retention;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Retention policies, runs and their per-repository tasks in the database; each write its own transaction. */
@Stateless
public class RetentionStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<RetentionPolicyRecord> policy(long id) { return Optional.ofNullable(em.find(RetentionPolicyRecord.class, id)); }

    public Optional<RetentionPolicyRecord> policyOfProject(long projectId) {
        return em.createQuery("select p from RetentionPolicyRecord p where p.projectId = :p", RetentionPolicyRecord.class)
                .setParameter("p", projectId).getResultStream().findFirst();
    }

    public RetentionPolicyRecord addPolicy(long projectId, String body, String cron) {
        RetentionPolicyRecord p = new RetentionPolicyRecord(projectId, body, cron, Instant.now());
        em.persist(p);
        em.flush();
        return p;
    }

    public void updatePolicy(long id, String body, String cron) {
        em.find(RetentionPolicyRecord.class, id).set(body, cron, Instant.now());
    }

    public void schedule(long id, String jobId) { em.find(RetentionPolicyRecord.class, id).scheduledBy(jobId); }

    public void removePolicy(long id) {
        for (RetentionExecution e : em.createQuery("select e from RetentionExecution e where e.policyId = :p", RetentionExecution.class)
                .setParameter("p", id).getResultList()) {
            em.createQuery("delete from RetentionTask t where t.executionId = :e").setParameter("e", e.getId()).executeUpdate();
            em.remove(e);
        }
        RetentionPolicyRecord p = em.find(RetentionPolicyRecord.class, id);
        if (p != null) em.remove(p);
    }

    public RetentionExecution addExecution(long policyId, String trigger, boolean dryRun) {
        RetentionExecution e = new RetentionExecution(policyId, trigger, dryRun, Instant.now());
        em.persist(e);
        em.flush();
        return e;
    }

    public Optional<RetentionExecution> execution(long id) { return Optional.ofNullable(em.find(RetentionExecution.class, id)); }

    public void executionJob(long id, String jobId) { em.find(RetentionExecution.class, id).job(jobId); }

    /** Moves a run on unless it already ended (a stop wins over the job's own ending). */
    public boolean executionStatus(long id, String status, boolean ends) {
        RetentionExecution e = em.find(RetentionExecution.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (e == null || e.isFinal()) return false;
        e.status(status, ends ? Instant.now() : null);
        return true;
    }

    public List<RetentionExecution> executions(long policyId, int first, int max) {
        return em.createQuery("select e from RetentionExecution e where e.policyId = :p order by e.id desc", RetentionExecution.class)
                .setParameter("p", policyId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countExecutions(long policyId) {
        return em.createQuery("select count(e) from RetentionExecution e where e.policyId = :p", Long.class)
                .setParameter("p", policyId).getSingleResult();
    }

    public RetentionTask addTask(RetentionTask task) {
        em.persist(task);
        em.flush();
        return task;
    }

    public List<RetentionTask> tasks(long executionId, int first, int max) {
        return em.createQuery("select t from RetentionTask t where t.executionId = :e order by t.id", RetentionTask.class)
                .setParameter("e", executionId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countTasks(long executionId) {
        return em.createQuery("select count(t) from RetentionTask t where t.executionId = :e", Long.class)
                .setParameter("e", executionId).getSingleResult();
    }

    public Optional<RetentionTask> task(long id) { return Optional.ofNullable(em.find(RetentionTask.class, id)); }
}

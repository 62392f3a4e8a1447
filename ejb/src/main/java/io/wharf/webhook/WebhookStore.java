package io.wharf.webhook;

import io.wharf.audit.AuditLogEntry;
import io.wharf.registry.RepositoryRecord;
import io.wharf.scan.ScanJob;
import io.wharf.scan.ScanOverview;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Webhook policies, executions and tasks in the database; each call is a short transaction of its own. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WebhookStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    // policies

    public List<WebhookPolicy> policies(long projectId, int first, int max) {
        return em.createQuery("select p from WebhookPolicy p where p.projectId = :p order by p.id", WebhookPolicy.class)
                .setParameter("p", projectId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countPolicies(long projectId) {
        return em.createQuery("select count(p) from WebhookPolicy p where p.projectId = :p", Long.class)
                .setParameter("p", projectId).getSingleResult();
    }

    public List<WebhookPolicy> enabledPolicies(long projectId) {
        return em.createQuery("select p from WebhookPolicy p where p.projectId = :p and p.enabled = true order by p.id", WebhookPolicy.class)
                .setParameter("p", projectId).getResultList();
    }

    public long countEnabledPolicies() {
        return em.createQuery("select count(p) from WebhookPolicy p where p.enabled = true", Long.class).getSingleResult();
    }

    public Optional<WebhookPolicy> policy(long id) { return Optional.ofNullable(em.find(WebhookPolicy.class, id)); }

    public boolean nameTaken(long projectId, String name, Long except) {
        return em.createQuery("select p from WebhookPolicy p where p.projectId = :p and p.name = :n", WebhookPolicy.class)
                .setParameter("p", projectId).setParameter("n", name).getResultStream()
                .anyMatch(p -> !p.getId().equals(except));
    }

    public WebhookPolicy add(WebhookPolicy policy, String name, String description, List<String> types, List<WebhookTarget> targets, boolean enabled) {
        policy.set(name, description, types, targets, enabled);
        em.persist(policy);
        em.flush();
        return policy;
    }

    public WebhookPolicy update(long id, String name, String description, List<String> types, List<WebhookTarget> targets, boolean enabled) {
        WebhookPolicy p = em.find(WebhookPolicy.class, id);
        p.set(name, description, types, targets, enabled);
        return p;
    }

    /** Removes the policy with its history (Harbor does the same). */
    public void delete(long id) {
        em.createQuery("delete from WebhookTask t where t.policyId = :p").setParameter("p", id).executeUpdate();
        em.createQuery("delete from WebhookExecution e where e.policyId = :p").setParameter("p", id).executeUpdate();
        WebhookPolicy p = em.find(WebhookPolicy.class, id);
        if (p != null) em.remove(p);
    }

    // executions and tasks

    /**
     * Records an event for a policy with one task per target; empty when this policy already has
     * the event (a duplicate). Two servers inserting at once: the unique constraint refuses one.
     */
    public Optional<List<WebhookTask>> record(WebhookPolicy policy, String eventId, String type, String payload, String trigger) {
        boolean seen = !em.createQuery("select e.id from WebhookExecution e where e.policyId = :p and e.eventId = :e", Long.class)
                .setParameter("p", policy.getId()).setParameter("e", eventId).setMaxResults(1).getResultList().isEmpty();
        if (seen) return Optional.empty();
        WebhookExecution execution = new WebhookExecution(policy.getId(), eventId, type, payload, trigger);
        em.persist(execution);
        em.flush();
        List<WebhookTask> tasks = new ArrayList<>();
        List<WebhookTarget> targets = policy.getTargets();
        for (int i = 0; i < targets.size(); i++) {
            WebhookTask task = new WebhookTask(execution.getId(), policy.getId(), i, targets.get(i).address());
            em.persist(task);
            tasks.add(task);
        }
        em.flush();
        return Optional.of(tasks);
    }

    public void attachJob(long taskId, String jobId) {
        WebhookTask t = em.find(WebhookTask.class, taskId);
        if (t != null) t.job(jobId);
    }

    public Optional<WebhookTask> task(long id) { return Optional.ofNullable(em.find(WebhookTask.class, id)); }

    public Optional<WebhookExecution> execution(long id) { return Optional.ofNullable(em.find(WebhookExecution.class, id)); }

    public void attempt(long taskId, String message) {
        WebhookTask t = em.find(WebhookTask.class, taskId);
        if (t != null) t.attempt(message);
    }

    public void end(long taskId, String status, String message) {
        WebhookTask t = em.find(WebhookTask.class, taskId);
        if (t != null) t.end(status, message);
    }

    /** Whether an earlier delivery of the same policy to the same target is still to be made (it goes first). */
    public Optional<Long> earlierUnfinished(WebhookTask task) {
        return em.createQuery("select t.id from WebhookTask t where t.policyId = :p and t.targetIndex = :i and t.id < :id"
                        + " and t.status in ('Pending', 'Running') order by t.id", Long.class)
                .setParameter("p", task.getPolicyId()).setParameter("i", task.getTargetIndex()).setParameter("id", task.getId())
                .setMaxResults(1).getResultStream().findFirst();
    }

    public List<WebhookExecution> executions(long policyId, int first, int max) {
        return em.createQuery("select e from WebhookExecution e where e.policyId = :p order by e.id desc", WebhookExecution.class)
                .setParameter("p", policyId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countExecutions(long policyId) {
        return em.createQuery("select count(e) from WebhookExecution e where e.policyId = :p", Long.class)
                .setParameter("p", policyId).getSingleResult();
    }

    public List<WebhookTask> tasks(long executionId) {
        return em.createQuery("select t from WebhookTask t where t.executionId = :e order by t.id", WebhookTask.class)
                .setParameter("e", executionId).getResultList();
    }

    public List<WebhookTask> tasksOf(List<Long> executionIds) {
        if (executionIds.isEmpty()) return List.of();
        return em.createQuery("select t from WebhookTask t where t.executionId in :e order by t.id", WebhookTask.class)
                .setParameter("e", executionIds).getResultList();
    }

    // the audit log as the outbox of pushes, pulls, deletes and severity rises

    public long lastAuditId() {
        Long max = em.createQuery("select max(a.id) from AuditLogEntry a", Long.class).getSingleResult();
        return max == null ? 0 : max;
    }

    public List<AuditLogEntry> auditAfter(long id, int max) {
        return em.createQuery("select a from AuditLogEntry a where a.id > :id order by a.id", AuditLogEntry.class)
                .setParameter("id", id).setMaxResults(max).getResultList();
    }

    /** The cursor's position; created at the audit log's end the first time (no history is delivered). */
    public long cursor(String name) {
        WebhookCursor c = em.find(WebhookCursor.class, name);
        if (c != null) return c.getLastId();
        long last = lastAuditId();
        em.persist(new WebhookCursor(name, last));
        em.flush();
        return last;
    }

    public void moveCursor(String name, long lastId) {
        WebhookCursor c = em.find(WebhookCursor.class, name);
        if (c != null) c.moveTo(lastId);
    }

    // what the payloads say about artifacts and scans

    public Optional<RepositoryRecord> repository(String name) {
        return em.createQuery("select r from RepositoryRecord r where r.name = :n", RepositoryRecord.class)
                .setParameter("n", name).setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<String> digestOfTag(String repository, String tag) {
        return em.createQuery("select a.digest from Tag t, Artifact a, RepositoryRecord r where r.name = :r and t.repositoryId = r.id"
                        + " and t.name = :t and a.id = t.artifactId", String.class)
                .setParameter("r", repository).setParameter("t", tag).setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<ScanJob> scan(String id) { return Optional.ofNullable(em.find(ScanJob.class, id)); }

    public Optional<ScanOverview> overview(String digest) { return Optional.ofNullable(em.find(ScanOverview.class, digest)); }

    public Instant now() { return Instant.now(); }
}

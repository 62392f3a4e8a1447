package io.wharf.gc;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Garbage collection's rows (runs, the schedule) and the reads of Wharf's records that a run needs. */
@Stateless
public class GcStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public GcRun newRun(String trigger, String kind, String parameters) {
        GcRun run = new GcRun(trigger, kind, parameters, Instant.now());
        em.persist(run);
        em.flush();
        return run;
    }

    public void queued(long id, String jobId) {
        GcRun run = em.find(GcRun.class, id);
        if (run != null) run.queued(jobId);
    }

    public void started(long id, String jobId) {
        GcRun run = em.find(GcRun.class, id);
        if (run != null) run.started(jobId, Instant.now());
    }

    public void ended(long id, String status, GcReport report) {
        GcRun run = em.find(GcRun.class, id);
        if (run != null) run.ended(status, report, Instant.now());
    }

    public Optional<GcRun> run(long id) { return Optional.ofNullable(em.find(GcRun.class, id)); }

    public List<GcRun> runs(int first, int max) {
        return em.createQuery("select r from GcRun r order by r.id desc", GcRun.class)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countRuns() { return em.createQuery("select count(r) from GcRun r", Long.class).getSingleResult(); }

    public Optional<GcSchedule> schedule() { return Optional.ofNullable(em.find(GcSchedule.class, GcSchedule.ID)); }

    public void saveSchedule(String type, String cron, String jobId, String parameters) {
        GcSchedule s = em.find(GcSchedule.class, GcSchedule.ID);
        if (s == null) {
            em.persist(new GcSchedule(type, cron, jobId, parameters, Instant.now()));
        } else {
            s.set(type, cron, jobId, parameters, Instant.now());
        }
    }

    /** Every artifact as (repository name, manifest digest, config digest, layer and child digests separated by newlines). */
    public List<Object[]> references() {
        return em.createQuery("select r.name, a.digest, a.configDigest, a.layerDigests from Artifact a, RepositoryRecord r"
                + " where a.repositoryId = r.id", Object[].class).getResultList();
    }

    /**
     * Artifacts without a tag and without a subject (accessories go with their subject), pushed
     * before {@code before}, as (repository name, project id, digest).
     */
    public List<Object[]> untagged(Instant before) {
        return em.createQuery("select r.name, a.projectId, a.digest from Artifact a, RepositoryRecord r"
                + " where a.repositoryId = r.id and a.subjectDigest is null and a.pushTime < :before"
                + " and not exists (select t.id from Tag t where t.artifactId = a.id) order by r.name", Object[].class)
                .setParameter("before", before).getResultList();
    }
}

package io.wharf.quota;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Quota rows, and the digests a project's artifacts use (manifests, configs, layers). */
@Stateless
public class QuotaStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<ProjectQuota> find(long projectId) { return Optional.ofNullable(em.find(ProjectQuota.class, projectId)); }

    /** The project's row, made with {@code defaultLimit} when it has none yet. */
    public ProjectQuota findOrCreate(long projectId, long defaultLimit) {
        ProjectQuota q = em.find(ProjectQuota.class, projectId);
        if (q != null) return q;
        q = new ProjectQuota(projectId, defaultLimit, Instant.now());
        em.persist(q);
        return q;
    }

    public ProjectQuota setLimit(long projectId, long limit, long defaultLimit) {
        ProjectQuota q = findOrCreate(projectId, defaultLimit);
        q.limit(limit, Instant.now());
        return q;
    }

    /** Stores a count; true when it differed from the stored one (drift or a change not yet counted). */
    public boolean setUsed(long projectId, long used, long defaultLimit) {
        return findOrCreate(projectId, defaultLimit).used(used, Instant.now());
    }

    public void remove(long projectId) {
        ProjectQuota q = em.find(ProjectQuota.class, projectId);
        if (q != null) em.remove(q);
    }

    /** (manifest digest, config digest, layer and child digests separated by newlines) of every artifact of the project. */
    public List<Object[]> digests(long projectId) {
        return em.createQuery("select a.digest, a.configDigest, a.layerDigests from Artifact a where a.projectId = :p", Object[].class)
                .setParameter("p", projectId).getResultList();
    }

    public List<Long> projectIds() {
        return em.createQuery("select p.id from Project p order by p.id", Long.class).getResultList();
    }
}
